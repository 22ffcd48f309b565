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

// ---- single structures (LD1-LD4/ST1-ST4 of one lane, LD1R-LD4R): 0 Q 001101 post L R Rm
// opcode S size Rn Rt. opcode<2:1> is the element size (3: replicate, size from `size`), the
// lane index is Q:S:size cut to the element size, opcode<0>:R + 1 registers.
export function isSimdLdSt1(w: u32): bool { return (w & 0xbf000000) == 0x0d000000; }

@inline function rdE(va: u64, scale: u32): u64 {
  return scale == 0 ? <u64>rd8(va) : scale == 1 ? <u64>rd16(va) : scale == 2 ? <u64>rd32(va) : rd64(va);
}

export function simdLdSt1(w: u32): i32 {
  let t = w & 31, n = (w >> 5) & 31, m = (w >> 16) & 31;
  let q = (w >> 30) & 1, isLoad = (w >> 22) & 1, post = (w >> 23) & 1, size = (w >> 10) & 3, S = (w >> 12) & 1;
  let opc = (w >> 13) & 7;
  let scale = opc >> 1, selem = (((opc & 1) << 1) | ((w >> 21) & 1)) + 1;
  let replicate = scale == 3;
  let index: u32 = 0;
  if (replicate) scale = size;
  else if (scale == 0) index = (q << 3) | (S << 2) | size;
  else if (scale == 1) index = (q << 2) | (S << 1) | (size >> 1);
  else if ((size & 1) == 0) index = (q << 1) | S;
  else { index = q; scale = 3; }
  let base = X(n == 31 ? 33 : n);
  let ebytes: u64 = <u64>1 << <u64>scale;
  if (isLoad) {
    for (let s: u32 = 0; s < selem; s++) {
      let v = rdE(base + <u64>s * ebytes, scale);
      if (m_fault) return 1;
      store<u64>(BUF + (<usize>s << 3), v);
    }
    for (let s: u32 = 0; s < selem; s++) {
      let a = Vaddr((t + s) & 31), v = load<u64>(BUF + (<usize>s << 3));
      if (replicate) {
        let r = scale == 0 ? v * 0x0101010101010101 : scale == 1 ? v * 0x0001000100010001 : scale == 2 ? v * 0x0000000100000001 : v;
        store<u64>(a, r); store<u64>(a, q ? r : 0, 8);
      } else {
        let p = a + (<usize>index << scale);
        if (scale == 0) store<u8>(p, <u8>v); else if (scale == 1) store<u16>(p, <u16>v); else if (scale == 2) store<u32>(p, <u32>v); else store<u64>(p, v);
      }
    }
  } else {
    for (let s: u32 = 0; s < selem; s++) memory.copy(BUF + (<usize>s << 4), Vaddr((t + s) & 31), 16);
    for (let s: u32 = 0; s < selem; s++) {
      let p = BUF + (<usize>s << 4) + (<usize>index << scale), va = base + <u64>s * ebytes;
      if (scale == 0) wr8(va, <u64>load<u8>(p));
      else if (scale == 1) wr16(va, <u64>load<u16>(p));
      else if (scale == 2) wr32(va, <u64>load<u32>(p));
      else wr64(va, load<u64>(p));
      if (m_fault) return 1;
    }
  }
  if (post) setX(n == 31 ? 33 : n, base + (m == 31 ? <u64>selem * ebytes : X(m)));
  return 0;
}
