// AdvSIMD load/store multiple structures (LD1-LD4, ST1-ST4; tools/isa/forms/simd-ldst.ts), as
// the ARM ARM's pseudocode: element e of structure s goes to register (t + r + s) mod 32. Loads
// read everything first and write the registers only when no access faulted; stores may have
// written some elements before a fault (the architecture allows it). No syndrome (ISV = 0).
import { Vaddr, X, setX } from './state';
import { rd8, rd16, rd32, rd64, wr8, wr16, wr32, wr64, m_fault } from './mem';

const BUF: usize = memory.data(64, 16);

export function isSimdLdSt(w: u32): bool { return (w & 0xbf000000) == 0x0c000000; }

/** Returns 1 on a memory fault (m_* describe it), 0 otherwise. */
export function simdLdSt(w: u32): i32 {
  let t = w & 31, n = (w >> 5) & 31, m = (w >> 16) & 31;
  let q = (w >> 30) & 1, isLoad = (w >> 22) & 1, post = (w >> 23) & 1, size = (w >> 10) & 3;
  let opc = (w >> 12) & 15;
  let rpt: u32 = 1, selem: u32 = 1;
  switch (opc) {
    case 0b0000: selem = 4; break;
    case 0b0010: rpt = 4; break;
    case 0b0100: selem = 3; break;
    case 0b0110: rpt = 3; break;
    case 0b1000: selem = 2; break;
    case 0b1010: rpt = 2; break;
  }
  let base = X(n == 31 ? 33 : n);
  let ebytes: u32 = 1 << size;
  let elements: u32 = (q ? 16 : 8) >> size;
  let offs: u64 = 0;
  let regs = rpt * selem;
  if (isLoad) {
    memory.fill(BUF, 0, 64);
    for (let r: u32 = 0; r < rpt; r++) for (let e: u32 = 0; e < elements; e++) for (let s: u32 = 0; s < selem; s++) {
      let slot = r + s; // register index within the list
      let va = base + offs;
      let p = BUF + (<usize>slot << 4) + (<usize>e << size);
      if (size == 0) { let v = rd8(va); if (m_fault) return 1; store<u8>(p, <u8>v); }
      else if (size == 1) { let v = rd16(va); if (m_fault) return 1; store<u16>(p, <u16>v); }
      else if (size == 2) { let v = rd32(va); if (m_fault) return 1; store<u32>(p, <u32>v); }
      else { let v = rd64(va); if (m_fault) return 1; store<u64>(p, v); }
      offs += <u64>ebytes;
    }
    for (let i: u32 = 0; i < regs; i++) memory.copy(Vaddr((t + i) & 31), BUF + (<usize>i << 4), 16);
  } else {
    for (let i: u32 = 0; i < regs; i++) memory.copy(BUF + (<usize>i << 4), Vaddr((t + i) & 31), 16);
    for (let r: u32 = 0; r < rpt; r++) for (let e: u32 = 0; e < elements; e++) for (let s: u32 = 0; s < selem; s++) {
      let p = BUF + (<usize>(r + s) << 4) + (<usize>e << size);
      let va = base + offs;
      if (size == 0) wr8(va, <u64>load<u8>(p));
      else if (size == 1) wr16(va, <u64>load<u16>(p));
      else if (size == 2) wr32(va, <u64>load<u32>(p));
      else wr64(va, load<u64>(p));
      if (m_fault) return 1;
      offs += <u64>ebytes;
    }
  }
  if (post) setX(n == 31 ? 33 : n, base + (m == 31 ? offs : X(m)));
  return 0;
}
