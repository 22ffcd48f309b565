// Register-file access and the small pieces of PSTATE the hot path needs, plus the globals that
// describe the running core (recomputed whenever EL or a controlling register changes).
import { ACT, O_N, O_Z, O_C, O_V, O_EL, O_SYS, O_V0 } from './layout';

// ---- per-run globals
export let g_core: i32 = 0;           // core whose state is in ACT (-1: none)
export let g_ncores: i32 = 1;
export let g_ramSize: u64 = 0;
export let g_tlb: usize = 0;          // this core's soft TLB base
export let g_ctx: u64 = 1;            // tag bits of soft-TLB entries valid for the current EL
export let g_spAlignMask: u64 = 0;    // 15 when SCTLR_ELx.SA (or SA0 at EL0) checks SP alignment
export let g_leave: i32 = 0;          // set by handlers that changed state the loop caches
export let g_checkIrq: i32 = 1;       // re-evaluate interrupts at the next boundary
export let g_exclActive: i32 = 0;     // number of cores with an open exclusive monitor
export let g_fpTrap: i32 = 0;         // FP/SIMD access traps to this EL (0: allowed)
export function setFpTrap(v: i32): void { g_fpTrap = v; }

export function setCore(c: i32): void { g_core = c; }
export function setNcores(n: i32): void { g_ncores = n; }
export function setRamSize(s: u64): void { g_ramSize = s; }
export function setTlb(t: usize): void { g_tlb = t; }
export function setCtx(c: u64): void { g_ctx = c; }
export function setSpAlignMask(m: u64): void { g_spAlignMask = m; }
export function setLeave(v: i32): void { g_leave = v; }
export function setCheckIrq(v: i32): void { g_checkIrq = v; }
export function addExcl(d: i32): void { g_exclActive += d; }

@inline export function X(i: u32): u64 { return load<u64>(ACT + (<usize>i << 3)); }
@inline export function setX(i: u32, v: u64): void { store<u64>(ACT + (<usize>i << 3), v); }
@inline export function W(i: u32): u64 { return load<u32>(ACT + (<usize>i << 3)); }
@inline export function SR(i: i32): u64 { return load<u64>(ACT + O_SYS + (<usize>i << 3)); }
@inline export function setSR(i: i32, v: u64): void { store<u64>(ACT + O_SYS + (<usize>i << 3), v); }
@inline export function EL(): i32 { return load<i32>(ACT + O_EL); }
@inline export function Vaddr(i: u32): usize { return ACT + O_V0 + (<usize>i << 4); }

@inline export function setNZ64(r: u64): void {
  store<i32>(ACT + O_N, <i32>(r >>> 63));
  store<i32>(ACT + O_Z, <i32>(r == 0));
}
@inline export function setNZ32(r: u64): void {
  store<i32>(ACT + O_N, <i32>((r >>> 31) & 1));
  store<i32>(ACT + O_Z, <i32>((r & 0xffffffff) == 0));
}
@inline export function setCV(c: i32, v: i32): void {
  store<i32>(ACT + O_C, c);
  store<i32>(ACT + O_V, v);
}
export function getNZCV(): u32 {
  return (<u32>load<i32>(ACT + O_N) << 31) | (<u32>load<i32>(ACT + O_Z) << 30) |
    (<u32>load<i32>(ACT + O_C) << 29) | (<u32>load<i32>(ACT + O_V) << 28);
}
export function setNZCV(v: u32): void {
  store<i32>(ACT + O_N, (v >>> 31) & 1);
  store<i32>(ACT + O_Z, (v >>> 30) & 1);
  store<i32>(ACT + O_C, (v >>> 29) & 1);
  store<i32>(ACT + O_V, (v >>> 28) & 1);
}

// a + b + cin with flags (64-bit)
@inline export function adds64(a: u64, b: u64, cin: u64): u64 {
  let r = a + b + cin;
  setNZ64(r);
  let c = cin ? <i32>(r <= a) : <i32>(r < a);
  setCV(c, <i32>((((a ^ r) & (b ^ r)) >>> 63)));
  return r;
}
@inline export function adds32(a: u64, b: u64, cin: u64): u64 {
  a &= 0xffffffff; b &= 0xffffffff;
  let r = a + b + cin;
  setNZ32(r);
  setCV(<i32>(r >>> 32), <i32>((((a ^ r) & (b ^ r)) >>> 31) & 1));
  return r & 0xffffffff;
}

@inline export function condHolds(c: u32): bool {
  let r: bool;
  switch (c >> 1) {
    case 0: r = load<i32>(ACT + O_Z) != 0; break;
    case 1: r = load<i32>(ACT + O_C) != 0; break;
    case 2: r = load<i32>(ACT + O_N) != 0; break;
    case 3: r = load<i32>(ACT + O_V) != 0; break;
    case 4: r = load<i32>(ACT + O_C) != 0 && load<i32>(ACT + O_Z) == 0; break;
    case 5: r = load<i32>(ACT + O_N) == load<i32>(ACT + O_V); break;
    case 6: r = load<i32>(ACT + O_N) == load<i32>(ACT + O_V) && load<i32>(ACT + O_Z) == 0; break;
    default: return true;
  }
  return (c & 1) ? !r : r;
}
