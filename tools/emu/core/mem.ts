// The memory path: a direct-mapped software TLB per core (read / write / execute; 256 entries
// each; tag = VA page | translation context) in front of mmu.ts, RAM as plain wasm memory, MMIO through
// the machine's bus imports, and the per-physical-page decoded-instruction slots.
import { O_TLBGEN, O_CTXSLOTS, CTX_SLOTS, RAM_BASE, ACT, SAVE, STATE_SIZE, TLBS, TLB_CORE_SIZE, TLB_W_OFF, TLB_X_OFF, PAGESLOT, SLOTOWNER, SLOTS, SLOT_STRIDE, NSLOTS, O_EXCL_VALID, O_EXCL_ADDR, O_EXCL_SIZE } from './layout';
import { g_tlb, g_ctx, g_core, g_ncores, g_ramSize, EL, SR, setCtx } from './state';
import { translate, ACC_R, ACC_W, ACC_X, t_device, f_fsc, f_s2, f_ipa, f_s1ptw, f_target } from './mmu';
import * as S from './sysregs.gen';
import { jitDropSlot, jitDropAll } from './jit/tables'; // JIT hook: translations live and die with slots

@external("bus", "read") declare function busRead(core: i32, pa: f64, size: i32): u32;
@external("bus", "write") declare function busWrite(core: i32, pa: f64, size: i32, v: u32): void;

// ---- memory fault reported to the dispatch loop
export let m_fault: i32 = 0;      // 0 none, 1 abort (from mmu), 2 alignment, 3 external
export let m_va: u64 = 0;
export let m_wnr: i32 = 0;
export let m_fsc: u32 = 0;
export let m_s2: i32 = 0;
export let m_ipa: u64 = 0;
export let m_s1ptw: i32 = 0;
export let m_target: i32 = 1;
export let m_el: i32 = -1;        // >= 0: access as this EL (LDTR/STTR)
export let g_exclOthers: i32 = 0; // another core holds an exclusive monitor
export function setExclOthers(v: i32): void { g_exclOthers = v; }
export function clearFault(): void { m_fault = 0; }
export function setAccessEl(el: i32): void { m_el = el; }

function recordAbort(va: u64, wnr: i32): void {
  m_fault = 1; m_va = va; m_wnr = wnr; m_fsc = f_fsc; m_s2 = f_s2; m_ipa = f_ipa; m_s1ptw = f_s1ptw; m_target = f_target;
}
function recordAlign(va: u64, wnr: i32, el: i32): void {
  m_fault = 2; m_va = va; m_wnr = wnr; m_fsc = 0x21; m_s2 = 0; m_ipa = 0; m_s1ptw = 0;
  m_target = el == 0 ? 1 : el;
  if (el == 0 && (SR(S.SR_HCR_EL2) & (<u64>1 << 27)) != 0) m_target = 2;
}

@inline function tlbEntry(base: usize, va: u64): usize { return base + ((<usize>(va >>> 12) & 4095) << 4); }
@inline function tag(va: u64): u64 { return (va & ~<u64>0xfff) | g_ctx; }

// Every entry's tag holds a context number: (slot << 8) | that slot's 8-bit generation. A slot is
// one recent translation context of this core, keyed by EL, ASID and VMID (see ctxKey), so an
// ASID/VMID switch just selects another slot and a TLBI can drop some contexts alone (by bumping
// their generation). Only when a slot's generation wraps is the core's table really cleared.
const KEY_VALID: u64 = <u64>1 << 40;
const KEY_EL: u64 = 0xff;
const KEY_ASID: u64 = <u64>0xffff << 8;
const KEY_VMID: u64 = <u64>0xff << 24;

const BASE_MASK: u64 = 0x0000ffffffffffff;
const GEN: usize = 32; // offset of the generation in a slot
@inline function slotAddr(st: usize, i: i32): usize { return st + O_CTXSLOTS + <usize>i * 48; }

/** ASID in use for the EL1&0 regime (TCR_EL1.A1 picks the TTBR, TCR_EL1.AS its width). */
export function currentAsid(): u64 {
  let tcr = SR(S.SR_TCR_EL1);
  let t = ((tcr >> 22) & 1) != 0 ? SR(S.SR_TTBR1_EL1) : SR(S.SR_TTBR0_EL1);
  return ((tcr >> 36) & 1) != 0 ? t >>> 48 : (t >>> 48) & 0xff;
}
export function currentVmid(): u64 { return (SR(S.SR_VTTBR_EL2) >>> 48) & 0xff; }

// The table bases are part of a context too (a new base under an old ASID starts empty, which is
// allowed). Everything else that shapes a translation (SCTLR, TCR, MAIR, HCR, VTCR, SCR) flushes
// all contexts when written, so it need not be part of the key. Global (nG=0) entries
// are cached under the ASID they were walked with; by-VA TLBIs flush everything, so they never
// outlive a TLBI that covers them.
function ctxKey(el: i32): u64 {
  let k: u64 = KEY_VALID | <u64>el;
  if (el < 2) k |= (currentAsid() << 8) | (currentVmid() << 24);
  return k;
}

function bumpSlot(st: usize, c: i32, i: i32): i32 {
  let a = slotAddr(st, i);
  let g = (load<i32>(a + GEN) + 1) & 255;
  if (g == 0) { memory.fill(TLBS + <usize>c * TLB_CORE_SIZE, 0, TLB_CORE_SIZE); g = 1; }
  store<i32>(a + GEN, g);
  return g;
}

/** Tag bits for the current core's context at `el` (a slot is taken over if none matches). */
export function tlbCtx(el: i32): u64 {
  let k = ctxKey(el);
  let t0: u64 = 0, t1: u64 = 0, vt: u64 = 0;
  if (el < 2) { t0 = SR(S.SR_TTBR0_EL1) & BASE_MASK; t1 = SR(S.SR_TTBR1_EL1) & BASE_MASK; vt = SR(S.SR_VTTBR_EL2) & BASE_MASK; }
  for (let i = 0; i < CTX_SLOTS; i++) {
    let a = slotAddr(ACT, i);
    if (load<u64>(a) == k && load<u64>(a, 8) == t0 && load<u64>(a, 16) == t1 && load<u64>(a, 24) == vt) return (<u64>i << 8) | <u64>load<i32>(a + GEN);
  }
  let i = load<i32>(ACT + O_TLBGEN) & (CTX_SLOTS - 1);
  store<i32>(ACT + O_TLBGEN, (i + 1) & (CTX_SLOTS - 1));
  let a = slotAddr(ACT, i);
  store<u64>(a, k); store<u64>(a, t0, 8); store<u64>(a, t1, 16); store<u64>(a, vt, 24);
  return (<u64>i << 8) | <u64>bumpSlot(ACT, g_core, i);
}

/** Drop every context (of every core) whose key k has (k & mask) == want. */
export function tlbDropContexts(mask: u64, want: u64): void {
  for (let c = 0; c < g_ncores; c++) {
    let st = c == g_core ? ACT : SAVE + <usize>c * STATE_SIZE;
    for (let i = 0; i < CTX_SLOTS; i++) {
      let a = slotAddr(st, i);
      let k = load<u64>(a);
      if (k != 0 && (k & mask) == want) { store<u64>(a, 0); bumpSlot(st, c, i); }
    }
  }
  setCtx(tlbCtx(EL()));
}
/** TLBI VMALLE1 / VMALLS12E1: the EL1&0 contexts of the current VMID. */
export function tlbDropVmid(): void { tlbDropContexts(KEY_VALID | 2 | KEY_VMID, KEY_VALID | (currentVmid() << 24)); }
/** TLBI ASIDE1: the EL1&0 contexts of this ASID in the current VMID. */
export function tlbDropAsid(asid: u64): void {
  if (((SR(S.SR_TCR_EL1) >> 36) & 1) == 0) asid &= 0xff;
  tlbDropContexts(KEY_VALID | 2 | KEY_VMID | KEY_ASID, KEY_VALID | (currentVmid() << 24) | ((asid & 0xffff) << 8));
}
/** TLBI ALLE1 (all EL1&0 contexts), ALLE2 / ALLE3 (that EL's). */
export function tlbDropEl1(): void { tlbDropContexts(KEY_VALID | 2, KEY_VALID); }
export function tlbDropEl(el: i32): void { tlbDropContexts(KEY_VALID | KEY_EL, KEY_VALID | <u64>el); }

function flushState(st: usize, c: i32): void {
  for (let i = 0; i < CTX_SLOTS; i++) { store<u64>(slotAddr(st, i), 0); bumpSlot(st, c, i); }
}
export function flushTlbCore(): void {
  flushState(ACT, g_core);
  setCtx(tlbCtx(EL()));
}
export function flushTlbAll(): void {
  for (let c = 0; c < g_ncores; c++) if (c != g_core) flushState(SAVE + <usize>c * STATE_SIZE, c);
  flushTlbCore();
}

function install(base: usize, va: u64, pa: u64): void {
  let e = tlbEntry(base, va);
  store<u64>(e, tag(va));
  store<u64>(e, (<u64>RAM_BASE + (pa & ~<u64>0xfff)) - (va & ~<u64>0xfff), 8);
}

// ---- decoded-instruction slots
let nextSlot: i32 = 0;

export function slotBase(slot: i32): usize { return SLOTS + <usize>slot * SLOT_STRIDE; }

export function freeSlotOfPage(ppn: u32): void {
  let s = load<i32>(PAGESLOT + (<usize>ppn << 2));
  if (s == 0) return;
  store<i32>(PAGESLOT + (<usize>ppn << 2), 0);
  store<i32>(SLOTOWNER + (<usize>(s - 1) << 2), -1);
  jitDropSlot(s - 1); // JIT hook
}

/** The slot holding decoded records for physical page `ppn` (allocated on first use). */
export function slotFor(ppn: u32, sentinelOp: u16): usize {
  let s = load<i32>(PAGESLOT + (<usize>ppn << 2));
  if (s != 0) return slotBase(s - 1);
  let slot = nextSlot;
  nextSlot = (nextSlot + 1) % NSLOTS;
  let owner = load<i32>(SLOTOWNER + (<usize>slot << 2));
  if (owner >= 0) store<i32>(PAGESLOT + (<usize>owner << 2), 0);
  jitDropSlot(slot); // JIT hook
  store<i32>(SLOTOWNER + (<usize>slot << 2), <i32>ppn);
  store<i32>(PAGESLOT + (<usize>ppn << 2), slot + 1);
  let b = slotBase(slot);
  memory.fill(b, 0, 1024 * 16);
  store<u16>(b + 1024 * 16, sentinelOp);
  // Writes to this page must now take the slow path (which invalidates): drop write entries.
  let host: u64 = <u64>RAM_BASE + (<u64>ppn << 12);
  for (let c = 0; c < g_ncores; c++) {
    let wb = TLBS + <usize>c * TLB_CORE_SIZE + TLB_W_OFF;
    for (let i: usize = 0; i < 4096; i++) {
      let e = wb + (i << 4);
      let t = load<u64>(e);
      if (t != 0 && ((t & ~<u64>0xfff) + load<u64>(e, 8)) == host) store<u64>(e, 0);
    }
  }
  return b;
}

export function initSlots(): void {
  for (let i = 0; i < NSLOTS; i++) store<i32>(SLOTOWNER + (<usize>i << 2), -1);
  memory.fill(PAGESLOT, 0, 0x100000);
  nextSlot = 0;
  jitDropAll(); // JIT hook
}

export function invalidateCode(pa: u64, len: u64): void {
  if (len == 0) return;
  let first = pa >>> 12, last = (pa + len - 1) >>> 12;
  for (let p = first; p <= last && (p << 12) < g_ramSize; p++) freeSlotOfPage(<u32>p);
}

// ---- instruction fetch: returns physical address of the page of `va`, or -1 (fault recorded)
export function fetchPage(va: u64): i64 {
  let e = tlbEntry(g_tlb + TLB_X_OFF, va);
  if (load<u64>(e) == tag(va)) return <i64>((va & ~<u64>0xfff) + load<u64>(e, 8) - <u64>RAM_BASE);
  let el = EL();
  let p = translate(va, ACC_X, el);
  if (p < 0) { recordAbort(va, 0); return -1; }
  let pa = <u64>p;
  if (pa + 4 > g_ramSize) { m_fault = 3; m_va = va; m_fsc = 0x10; m_s2 = 0; m_target = el == 0 ? 1 : el; return -1; }
  install(g_tlb + TLB_X_OFF, va, pa);
  return <i64>(pa & ~<u64>0xfff);
}

// ---- data access slow paths
function accessEl(): i32 { return m_el >= 0 ? m_el : EL(); }

function alignRequired(el: i32): bool {
  let sctlr: u64 = el <= 1 ? SR(S.SR_SCTLR_EL1) : el == 2 ? SR(S.SR_SCTLR_EL2) : SR(S.SR_SCTLR_EL3);
  return (sctlr & 2) != 0;
}

export function slowRead(va: u64, size: i32): u64 {
  let el = accessEl();
  if (<i32>(va & 0xfff) + size > 4096) {
    if (alignRequired(el)) { recordAlign(va, 0, el); return 0; }
    let r: u64 = 0;
    for (let i = 0; i < size; i++) {
      let b = slowRead(va + <u64>i, 1);
      if (m_fault) return 0;
      r |= b << (<u64>i << 3);
    }
    return r;
  }
  let p = translate(va, ACC_R, el);
  if (p < 0) { recordAbort(va, 0); return 0; }
  if ((va & <u64>(size - 1)) != 0 && (t_device || alignRequired(el))) { recordAlign(va, 0, el); return 0; }
  let pa = <u64>p;
  if (pa + <u64>size <= g_ramSize) {
    if (m_el < 0) install(g_tlb, va, pa);
    let h = RAM_BASE + <usize>pa;
    if (size == 8) return load<u64>(h);
    if (size == 4) return load<u32>(h);
    if (size == 2) return load<u16>(h);
    return load<u8>(h);
  }
  if (size == 8) {
    let lo = <u64>busRead(g_core, <f64>pa, 4);
    let hi = <u64>busRead(g_core, <f64>(pa + 4), 4);
    return lo | (hi << 32);
  }
  let v = busRead(g_core, <f64>pa, size);
  return <u64>(size == 4 ? v : v & ((<u32>1 << (<u32>size << 3)) - 1));
}

function clearOtherMonitors(pa: u64): void {
  for (let c = 0; c < g_ncores; c++) {
    if (c == g_core) continue;
    let b = SAVE + <usize>c * STATE_SIZE;
    if (load<i32>(b + O_EXCL_VALID) != 0) {
      let a = load<u64>(b + O_EXCL_ADDR);
      if ((a & ~<u64>63) == (pa & ~<u64>63)) store<i32>(b + O_EXCL_VALID, 0);
    }
  }
}
export function storeHook(host: usize): void { clearOtherMonitors(<u64>host - <u64>RAM_BASE); }

export function slowWrite(va: u64, size: i32, v: u64): void {
  let el = accessEl();
  if (<i32>(va & 0xfff) + size > 4096) {
    if (alignRequired(el)) { recordAlign(va, 1, el); return; }
    // probe both pages first so a fault leaves memory unchanged
    let p2 = translate((va | 0xfff) + 1, ACC_W, el);
    if (p2 < 0) { recordAbort((va | 0xfff) + 1, 1); return; }
    for (let i = 0; i < size; i++) {
      slowWrite(va + <u64>i, 1, (v >>> (<u64>i << 3)) & 0xff);
      if (m_fault) return;
    }
    return;
  }
  let p = translate(va, ACC_W, el);
  if (p < 0) { recordAbort(va, 1); return; }
  if ((va & <u64>(size - 1)) != 0 && (t_device || alignRequired(el))) { recordAlign(va, 1, el); return; }
  let pa = <u64>p;
  if (pa + <u64>size <= g_ramSize) {
    let ppn = <u32>(pa >>> 12);
    freeSlotOfPage(ppn);
    if (m_el < 0) install(g_tlb + TLB_W_OFF, va, pa);
    if (g_exclOthers) clearOtherMonitors(pa);
    let h = RAM_BASE + <usize>pa;
    if (size == 8) store<u64>(h, v);
    else if (size == 4) store<u32>(h, <u32>v);
    else if (size == 2) store<u16>(h, <u16>v);
    else store<u8>(h, <u8>v);
    return;
  }
  if (size == 8) {
    busWrite(g_core, <f64>pa, 4, <u32>v);
    busWrite(g_core, <f64>(pa + 4), 4, <u32>(v >>> 32));
    return;
  }
  busWrite(g_core, <f64>pa, size, size == 4 ? <u32>v : <u32>v & ((<u32>1 << (<u32>size << 3)) - 1));
}

// ---- fast paths (inlined into the handlers)
@inline export function rd64(va: u64): u64 {
  let e = tlbEntry(g_tlb, va);
  if (load<u64>(e) == tag(va) && (va & 7) == 0) return load<u64>(<usize>(va + load<u64>(e, 8)));
  return slowRead(va, 8);
}
@inline export function rd32(va: u64): u64 {
  let e = tlbEntry(g_tlb, va);
  if (load<u64>(e) == tag(va) && (va & 3) == 0) return <u64>load<u32>(<usize>(va + load<u64>(e, 8)));
  return slowRead(va, 4);
}
@inline export function rd16(va: u64): u64 {
  let e = tlbEntry(g_tlb, va);
  if (load<u64>(e) == tag(va) && (va & 1) == 0) return <u64>load<u16>(<usize>(va + load<u64>(e, 8)));
  return slowRead(va, 2);
}
@inline export function rd8(va: u64): u64 {
  let e = tlbEntry(g_tlb, va);
  if (load<u64>(e) == tag(va)) return <u64>load<u8>(<usize>(va + load<u64>(e, 8)));
  return slowRead(va, 1);
}
@inline export function wr64(va: u64, v: u64): void {
  let e = tlbEntry(g_tlb + TLB_W_OFF, va);
  if (load<u64>(e) == tag(va) && (va & 7) == 0) {
    let h = <usize>(va + load<u64>(e, 8));
    store<u64>(h, v);
    if (g_exclOthers) storeHook(h);
  } else slowWrite(va, 8, v);
}
@inline export function wr32(va: u64, v: u64): void {
  let e = tlbEntry(g_tlb + TLB_W_OFF, va);
  if (load<u64>(e) == tag(va) && (va & 3) == 0) {
    let h = <usize>(va + load<u64>(e, 8));
    store<u32>(h, <u32>v);
    if (g_exclOthers) storeHook(h);
  } else slowWrite(va, 4, v);
}
@inline export function wr16(va: u64, v: u64): void {
  let e = tlbEntry(g_tlb + TLB_W_OFF, va);
  if (load<u64>(e) == tag(va) && (va & 1) == 0) {
    let h = <usize>(va + load<u64>(e, 8));
    store<u16>(h, <u16>v);
    if (g_exclOthers) storeHook(h);
  } else slowWrite(va, 2, v);
}
@inline export function wr8(va: u64, v: u64): void {
  let e = tlbEntry(g_tlb + TLB_W_OFF, va);
  if (load<u64>(e) == tag(va)) {
    let h = <usize>(va + load<u64>(e, 8));
    store<u8>(h, <u8>v);
    if (g_exclOthers) storeHook(h);
  } else slowWrite(va, 1, v);
}

/** Read `size` bytes with a check-only translation (exclusives: alignment is the caller's). */
export function probeWrite(va: u64): bool {
  let p = translate(va, ACC_W, accessEl());
  if (p < 0) { recordAbort(va, 1); return false; }
  return true;
}
void ACT; void O_EXCL_SIZE; void ACC_R;
