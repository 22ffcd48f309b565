// The dispatch loop: executes decoded records page by page. `rec` walks the current page's
// slot; branches inside the page just move it, branches to another page look the target up
// in the execute TLB and the slot table inline, and everything else (faults, system state
// changes, budget, timer deadlines) returns to the outer loop.
import { ACT, RAM_BASE, O_PC, O_ICOUNT, O_HALTED, O_IL, O_EVENT, O_TLINES, O_EXCL_ADDR, O_EXCL_VALID, O_EXCL_SIZE, O_HOSTEXC, O_LASTRUN, SAVE, STATE_SIZE, BPS, PAGESLOT, SLOTS, SLOT_STRIDE, TLB_X_OFF, R_SP } from './layout';
import { X, setX, W, SR, setSR, EL, setNZ64, setNZ32, setCV, adds64, adds32, condHolds, setNZCV, Vaddr, g_tlb, g_ctx, g_spAlignMask, g_leave, setLeave, g_checkIrq, setCheckIrq, g_fpTrap, g_ncores, g_core } from './state';
import * as O from './ops';
import { prep, setNext } from './prep';
import { rd8, rd16, rd32, rd64, wr8, wr16, wr32, wr64, m_fault, clearFault, m_va, m_wnr, m_fsc, m_s2, m_ipa, m_s1ptw, m_target, fetchPage, slotFor, setAccessEl, probeWrite } from './mem';
import { translate, ACC_R } from './mmu';
import { takeException, eret, checkInterrupts, interruptPending, defaultTarget, x_hostStop, clearHostStop, VEC_SYNC, EC_UNKNOWN, EC_SVC, EC_HVC, EC_SMC, EC_BRK, EC_WFX, EC_FP, EC_ILLEGAL, EC_DABT_LOW, EC_DABT_CUR, EC_IABT_LOW, EC_IABT_CUR, EC_PC_ALIGN, EC_SP_ALIGN } from './exceptions';
import { simdExec } from './exec_simd';
import { mrs, msr, msrImm, sys, s_esr, s_target, s_timerTouched, clearTimerTouched, s_far, s_hasFar, clearSysFar } from './sysregs';
import { timerLines, insnsToNextEvent, setInflight } from './timer';
import * as S from './sysregs.gen';
import { jitRun, g_jitOn, g_leash } from './jit/hook';
import { JIT_FN } from './jit/tables';
import { fp1, fp2, fp3, fcmp, fccmp, fcsel, fcvti, fmovImm, cnt, addv, vlogic, vnot, vaddsub, dupElem, insGen, insElem, umov, smov } from './exec_fp';

export const STOP_BUDGET: i32 = 0;
export const STOP_WFI: i32 = 1;
export const STOP_WFE: i32 = 2;
export const STOP_BREAKPOINT: i32 = 3;
export const STOP_HALTED: i32 = 4;
export const STOP_TIMER: i32 = 5;
export const STOP_EXCEPTION: i32 = 6;

// why the inner loop ended
const EX_NONE: i32 = 0;   // O_PC holds the next PC
const EX_MEM: i32 = 1;    // memory fault in m_*
const EX_SYNC: i32 = 2;   // synchronous exception in x_esr/x_target/x_ret
const EX_STOP: i32 = 3;   // stop run(): O_PC holds the next PC, reason in stopWhy

let x_esr: u64 = 0;
let x_target: i32 = 1;
let x_retOff: u64 = 0;
let g_pageVa: u64 = 0;
let g_sb: usize = 0;
let g_pagePa: u64 = 0;
let skipBp: i32 = 0;

@inline function rd_d(r: usize): u32 { return <u32>load<u8>(r, 2); }
@inline function rd_n(r: usize): u32 { return <u32>load<u8>(r, 3); }
@inline function rd_m(r: usize): u32 { return <u32>load<u8>(r, 4); }
@inline function rd_a(r: usize): u32 { return <u32>load<u8>(r, 5); }
@inline function rd_x(r: usize): u32 { return <u32>load<u16>(r, 6); }
@inline function rd_imm(r: usize): u64 { return load<u64>(r, 8); }
// + (not |): the end-of-page sentinel's PC is the next page's first (a budget may end there)
@inline function pcOf(r: usize): u64 { return g_pageVa + <u64>((r - g_sb) >> 2); }

function syncExc(target: i32, ec: u32, iss: u64, retOff: u64): i32 {
  x_esr = (<u64>ec << 26) | (<u64>1 << 25) | (iss & 0x1ffffff);
  x_target = target; x_retOff = retOff;
  return EX_SYNC;
}
function undefExc(): i32 { return syncExc(defaultTarget(), EC_UNKNOWN, 0, 0); }
function fpExc(): i32 { return syncExc(g_fpTrap, EC_FP, 0x1e00000, 0); }

@inline function shiftReg64(v: u64, x: u32): u64 {
  let amt = <u64>(x & 63);
  switch (x >> 8) {
    case 0: return v << amt;
    case 1: return v >>> amt;
    case 2: return <u64>(<i64>v >> <i64>amt);
    default: return rotr<u64>(v, amt);
  }
}
@inline function shiftReg32(v: u64, x: u32): u64 {
  let amt = x & 31;
  let w = <u32>v;
  switch (x >> 8) {
    case 0: return <u64>(w << amt);
    case 1: return <u64>(w >>> amt);
    case 2: return <u64><u32>(<i32>w >> amt);
    default: return <u64>rotr<u32>(w, amt);
  }
}
@inline function extendReg(v: u64, x: u32): u64 {
  let sh = <u64>(x & 7);
  let r: u64;
  switch ((x >> 8) & 7) {
    case 0: r = v & 0xff; break;
    case 1: r = v & 0xffff; break;
    case 2: r = v & 0xffffffff; break;
    case 3: r = v; break;
    case 4: r = <u64><i64><i8>v; break;
    case 5: r = <u64><i64><i16>v; break;
    case 6: r = <u64><i64><i32>v; break;
    default: r = v;
  }
  return r << sh;
}

function crc32(acc: u32, v: u64, bytes: i32, castagnoli: bool): u32 {
  let poly: u32 = castagnoli ? 0x82f63b78 : 0xedb88320;
  let c = acc;
  for (let i = 0; i < bytes; i++) {
    c ^= <u32>((v >>> (<u64>i << 3)) & 0xff);
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (poly & (0 - (c & 1)));
  }
  return c;
}

// ---- single-register and pair loads/stores (return false on a fault in m_*)
function vclear(t: u32): void { let a = Vaddr(t); store<u64>(a, 0); store<u64>(a, 0, 8); }

function doLoad(kind: u32, t: u32, va: u64): void {
  let v: u64;
  switch (kind) {
    case O.K_LDRB: v = rd8(va); if (m_fault) return; setX(t, v); return;
    case O.K_LDRH: v = rd16(va); if (m_fault) return; setX(t, v); return;
    case O.K_LDRW: v = rd32(va); if (m_fault) return; setX(t, v); return;
    case O.K_LDRX: v = rd64(va); if (m_fault) return; setX(t, v); return;
    case O.K_LDRSB_X: v = rd8(va); if (m_fault) return; setX(t, <u64><i64><i8>v); return;
    case O.K_LDRSH_X: v = rd16(va); if (m_fault) return; setX(t, <u64><i64><i16>v); return;
    case O.K_LDRSW: v = rd32(va); if (m_fault) return; setX(t, <u64><i64><i32>v); return;
    case O.K_LDRSB_W: v = rd8(va); if (m_fault) return; setX(t, <u64><u32><i32><i8>v); return;
    case O.K_LDRSH_W: v = rd16(va); if (m_fault) return; setX(t, <u64><u32><i32><i16>v); return;
    case O.K_PRFM: return;
    case O.K_LDR_B: v = rd8(va); if (m_fault) return; vclear(t); store<u64>(Vaddr(t), v); return;
    case O.K_LDR_H: v = rd16(va); if (m_fault) return; vclear(t); store<u64>(Vaddr(t), v); return;
    case O.K_LDR_S: v = rd32(va); if (m_fault) return; vclear(t); store<u64>(Vaddr(t), v); return;
    case O.K_LDR_D: v = rd64(va); if (m_fault) return; vclear(t); store<u64>(Vaddr(t), v); return;
    case O.K_LDR_Q: {
      v = rd64(va); if (m_fault) return;
      let h = rd64(va + 8); if (m_fault) return;
      store<u64>(Vaddr(t), v); store<u64>(Vaddr(t), h, 8); return;
    }
  }
}
function doStore(kind: u32, t: u32, va: u64): void {
  switch (kind) {
    case O.K_STRB: wr8(va, X(t)); return;
    case O.K_STRH: wr16(va, X(t)); return;
    case O.K_STRW: wr32(va, X(t)); return;
    case O.K_STRX: wr64(va, X(t)); return;
    case O.K_STR_B: wr8(va, load<u64>(Vaddr(t))); return;
    case O.K_STR_H: wr16(va, load<u64>(Vaddr(t))); return;
    case O.K_STR_S: wr32(va, load<u64>(Vaddr(t))); return;
    case O.K_STR_D: wr64(va, load<u64>(Vaddr(t))); return;
    case O.K_STR_Q: wr64(va, load<u64>(Vaddr(t))); if (m_fault) return; wr64(va + 8, load<u64>(Vaddr(t), 8)); return;
  }
}
@inline function isLoadKind(k: u32): bool { return (k >= 4 && k <= 13) || k >= 21; }
function ldst(kind: u32, t: u32, va: u64): void { if (isLoadKind(kind)) doLoad(kind, t, va); else doStore(kind, t, va); }

function pairSize(kind: u32): u64 { return kind == O.P_W || kind == O.P_SW || kind == O.P_S ? 4 : kind == O.P_Q ? 16 : 8; }
function loadPair(kind: u32, t: u32, t2: u32, va: u64): void {
  let a: u64, b: u64, a2: u64 = 0, b2: u64 = 0;
  switch (kind) {
    case O.P_W: a = rd32(va); if (m_fault) return; b = rd32(va + 4); if (m_fault) return; setX(t, a); setX(t2, b); return;
    case O.P_SW: a = rd32(va); if (m_fault) return; b = rd32(va + 4); if (m_fault) return; setX(t, <u64><i64><i32>a); setX(t2, <u64><i64><i32>b); return;
    case O.P_X: a = rd64(va); if (m_fault) return; b = rd64(va + 8); if (m_fault) return; setX(t, a); setX(t2, b); return;
    case O.P_S: a = rd32(va); if (m_fault) return; b = rd32(va + 4); if (m_fault) return; break;
    case O.P_D: a = rd64(va); if (m_fault) return; b = rd64(va + 8); if (m_fault) return; break;
    default:
      a = rd64(va); if (m_fault) return; a2 = rd64(va + 8); if (m_fault) return;
      b = rd64(va + 16); if (m_fault) return; b2 = rd64(va + 24); if (m_fault) return;
  }
  store<u64>(Vaddr(t), a); store<u64>(Vaddr(t), a2, 8);
  store<u64>(Vaddr(t2), b); store<u64>(Vaddr(t2), b2, 8);
}
function storePair(kind: u32, t: u32, t2: u32, va: u64): void {
  switch (kind) {
    case O.P_W: wr32(va, X(t)); if (m_fault) return; wr32(va + 4, X(t2)); return;
    case O.P_X: wr64(va, X(t)); if (m_fault) return; wr64(va + 8, X(t2)); return;
    case O.P_S: wr32(va, load<u64>(Vaddr(t))); if (m_fault) return; wr32(va + 4, load<u64>(Vaddr(t2))); return;
    case O.P_D: wr64(va, load<u64>(Vaddr(t))); if (m_fault) return; wr64(va + 8, load<u64>(Vaddr(t2))); return;
    default:
      wr64(va, load<u64>(Vaddr(t))); if (m_fault) return; wr64(va + 8, load<u64>(Vaddr(t), 8)); if (m_fault) return;
      wr64(va + 16, load<u64>(Vaddr(t2))); if (m_fault) return; wr64(va + 24, load<u64>(Vaddr(t2), 8));
  }
}

function rdSized(va: u64, size: u32): u64 {
  return size == 0 ? rd8(va) : size == 1 ? rd16(va) : size == 2 ? rd32(va) : rd64(va);
}
function wrSized(va: u64, size: u32, v: u64): void {
  if (size == 0) wr8(va, v); else if (size == 1) wr16(va, v); else if (size == 2) wr32(va, v); else wr64(va, v);
}
/** Alignment fault for exclusives / acquire-release (always checked). */
function alignFault(va: u64, wnr: i32): i32 {
  let el = EL();
  x_esr = 0; // filled by the memory-fault path
  store<u64>(ACT + 0x1f0, va);
  let t = el == 0 ? defaultTarget() : el;
  let ec = t > el ? EC_DABT_LOW : EC_DABT_CUR;
  x_target = t; x_retOff = 0;
  x_esr = (<u64>ec << 26) | (<u64>1 << 25) | 0x21 | (<u64>wnr << 6);
  x_far = va; x_hasFar = 1;
  return EX_SYNC;
}
let x_far: u64 = 0;
let x_hasFar: i32 = 0;

function physOf(va: u64): u64 {
  let p = translate(va, ACC_R, EL());
  return p < 0 ? <u64>-1 : <u64>p;
}

/** Syndrome bits (ISV..AR) for a stage-2 data abort on the instruction in record r. */
function accessIss(r: usize): u64 {
  let op = load<u16>(r);
  let t = rd_d(r);
  let srt: u64 = t >= 31 ? 31 : <u64>t;
  let sas: u64, sse: u64 = 0, sf: u64 = 0, ar: u64 = 0;
  let kind: u32;
  switch (op) {
    case O.OP_LDR_X: case O.OP_STR_X: sas = 3; sf = 1; break;
    case O.OP_LDR_W: case O.OP_STR_W: sas = 2; break;
    case O.OP_LDRB: case O.OP_STRB: sas = 0; break;
    case O.OP_LDAR: case O.OP_STLR: sas = <u64>rd_x(r); sf = sas == 3 ? 1 : 0; ar = 1; break;
    case O.OP_LDST: case O.OP_LDST_REG:
      kind = rd_x(r) & 31;
      if (op == O.OP_LDST && ((rd_x(r) >> 8) & 3) != 0) return 0; // writeback: no syndrome
      if (kind >= 16) return 0;
      if (kind <= 3) { sas = <u64>kind; sf = kind == 3 ? 1 : 0; }
      else if (kind <= 7) { sas = <u64>(kind - 4); sf = kind == 7 ? 1 : 0; }
      else if (kind == O.K_LDRSB_X) { sas = 0; sse = 1; sf = 1; }
      else if (kind == O.K_LDRSH_X) { sas = 1; sse = 1; sf = 1; }
      else if (kind == O.K_LDRSW) { sas = 2; sse = 1; sf = 1; }
      else if (kind == O.K_LDRSB_W) { sas = 0; sse = 1; }
      else if (kind == O.K_LDRSH_W) { sas = 1; sse = 1; }
      else return 0;
      break;
    default: return 0;
  }
  return (<u64>1 << 24) | (sas << 22) | (sse << 21) | (srt << 16) | (sf << 15) | (ar << 14);
}

function deliverMemFault(r: usize, pc: u64): void {
  let el = EL();
  let target = m_target;
  if (target < el) target = el;
  let ec = target > el ? EC_DABT_LOW : EC_DABT_CUR;
  let iss: u64 = <u64>m_fsc | (<u64>m_wnr << 6) | (<u64>m_s1ptw << 7);
  // The instruction syndrome is given for aborts taken to EL2 (as QEMU does), not for stage-1
  // table-walk faults; HPFAR_EL2 only for stage-2 faults.
  if (target == 2 && !m_s1ptw) iss |= accessIss(r);
  if (m_s2 && target == 2) setSR(S.SR_HPFAR_EL2, (m_ipa >>> 12) << 4);
  clearFault();
  takeException(target, VEC_SYNC, (<u64>ec << 26) | (<u64>1 << 25) | iss, m_va, true, pc);
}

function deliverFetchFault(pc: u64): void {
  let el = EL();
  let target = m_target;
  if (target < el) target = el;
  let ec = target > el ? EC_IABT_LOW : EC_IABT_CUR;
  let iss: u64 = <u64>m_fsc | (<u64>m_s1ptw << 7);
  if (m_s2 && target == 2) setSR(S.SR_HPFAR_EL2, (m_ipa >>> 12) << 4);
  clearFault();
  takeException(target, VEC_SYNC, (<u64>ec << 26) | (<u64>1 << 25) | iss, pc, true, pc);
}

function setAllEvents(): void {
  for (let c = 0; c < g_ncores; c++) store<i32>(SAVE + <usize>c * STATE_SIZE + O_EVENT, 1);
  store<i32>(ACT + O_EVENT, 1);
}

function bpHit(pc: u64): bool {
  let n = load<i32>(BPS);
  for (let i = 0; i < n; i++) if (load<u64>(BPS + 8 + (<usize>i << 3)) == pc) return true;
  return false;
}
export function setSkipBp(v: i32): void { skipBp = v; }

/** Enter the page holding `pc` (fast path for branches). Returns the record or 0. */
@inline function enterPage(pc: u64): usize {
  let e = g_tlb + TLB_X_OFF + ((<usize>(pc >>> 12) & 4095) << 4);
  if (load<u64>(e) != ((pc & ~<u64>0xfff) | g_ctx) || (pc & 3) != 0) return 0;
  let ppn = <usize>(((pc & ~<u64>0xfff) + load<u64>(e, 8) - <u64>RAM_BASE) >>> 12);
  let s = load<i32>(PAGESLOT + (ppn << 2));
  if (s == 0) return 0;
  if (load<i32>(JIT_FN + (<usize>(s - 1) << 2)) != 0) return 0; // JIT hook: translated page, leave to run it
  g_sb = SLOTS + <usize>(s - 1) * SLOT_STRIDE;
  g_pageVa = pc & ~<u64>0xfff;
  g_pagePa = <u64>ppn << 12;
  return g_sb + ((<usize>pc & 0xfff) << 2);
}

export function run(maxInsns: i32): i32 {
  let remaining = maxInsns;
  let why = STOP_BUDGET;
  let total: i32 = 0;
  clearHostStop();
  setInflight(0);
  while (true) {
    if (load<i32>(ACT + O_HALTED) != 0) { why = STOP_HALTED; break; }
    if (x_hostStop) { why = STOP_EXCEPTION; break; }
    if (g_checkIrq) {
      setCheckIrq(0);
      if (checkInterrupts()) { if (x_hostStop) { why = STOP_EXCEPTION; break; } continue; }
    }
    let tl = timerLines();
    if (tl != load<i32>(ACT + O_TLINES)) { store<i32>(ACT + O_TLINES, tl); why = STOP_TIMER; break; }
    if (remaining <= 0) { why = STOP_BUDGET; break; }
    let pc = load<u64>(ACT + O_PC);
    if (load<i32>(ACT + O_IL) != 0) {
      takeException(defaultTarget(), VEC_SYNC, (<u64>EC_ILLEGAL << 26) | (<u64>1 << 25), 0, false, pc);
      remaining--; total++; // an exception entry spends budget: the caller regains control
      continue;
    }
    let limit = remaining;
    let tn = insnsToNextEvent();
    if (tn < limit) limit = tn;
    if (load<i32>(BPS) > 0) {
      if (!skipBp && bpHit(pc)) { why = STOP_BREAKPOINT; break; }
      skipBp = 0;
      limit = 1;
    }
    if ((pc & 3) != 0) {
      takeException(defaultTarget(), VEC_SYNC, (<u64>EC_PC_ALIGN << 26) | (<u64>1 << 25), pc, true, pc);
      remaining--; total++;
      continue;
    }
    let ppa = fetchPage(pc);
    // A vector that cannot be fetched faults again at once: without spending budget here the
    // loop never returned (--timeout, --max-insns and C-a x could not stop it).
    if (ppa < 0) { deliverFetchFault(pc); remaining--; total++; continue; }
    g_pagePa = <u64>ppa;
    g_sb = slotFor(<u32>(ppa >>> 12), O.OP_PAGEEND);
    g_pageVa = pc & ~<u64>0xfff;
    if (g_jitOn && limit > 1) { // JIT hook: translated code first, the interpreter for the rest
      let k = jitRun(pc, limit);
      if (k > 0) { store<i64>(ACT + O_ICOUNT, load<i64>(ACT + O_ICOUNT) + <i64>k); remaining -= k; total += k; continue; }
      if (g_leash < limit) limit = g_leash;
    }
    let rec: usize = g_sb + ((<usize>pc & 0xfff) << 2);
    let n = limit;
    let ex = EX_NONE;
    setLeave(0);
    while (true) {
      if (n == 0) { store<u64>(ACT + O_PC, pcOf(rec)); break; }
      n--;
      switch (<i32>load<u16>(rec)) {
        case O.OP_UNDECODED: {
          let off = (rec - g_sb) >> 2;
          let w = load<u32>(RAM_BASE + <usize>g_pagePa + off);
          setNext(off < 4092 ? load<u32>(RAM_BASE + <usize>g_pagePa + off + 4) : 0, off < 4092);
          prep(w, rec);
          n++;
          continue;
        }
        case O.OP_PAGEEND: {
          n++;
          let t = g_pageVa + 4096;
          let r2 = enterPage(t);
          if (r2) { rec = r2; continue; }
          store<u64>(ACT + O_PC, t);
          break;
        }
        case O.OP_UNDEF: ex = undefExc(); break;
        case O.OP_CMPI_BC_X: case O.OP_CMPI_BC_W: case O.OP_CMPR_BC_X: {
          let op = load<u16>(rec);
          let imm = rd_imm(rec);
          if (op == O.OP_CMPI_BC_X) adds64(X(rd_n(rec)), ~(imm & 0xffffffff), 1);
          else if (op == O.OP_CMPI_BC_W) adds32(X(rd_n(rec)), ~(imm & 0xffffffff), 1);
          else adds64(X(rd_n(rec)), ~X(rd_m(rec)), 1);
          if (n == 0) { rec += 16; continue; } // budget ends between the two
          n--;
          if (!condHolds(rd_a(rec))) { rec += 32; continue; }
          let t = pcOf(rec) + 4 + <u64>(<i64>imm >> 32);
          if (((t ^ g_pageVa) & ~<u64>0xfff) == 0) { rec = g_sb + ((<usize>t & 0xfff) << 2); continue; }
          let r2 = enterPage(t); if (r2) { rec = r2; continue; }
          store<u64>(ACT + O_PC, t); break;
        }
        // ---- immediate arithmetic
        case O.OP_ADDI_X: setX(rd_d(rec), X(rd_n(rec)) + rd_imm(rec)); rec += 16; continue;
        case O.OP_ADDI_W: setX(rd_d(rec), (X(rd_n(rec)) + rd_imm(rec)) & 0xffffffff); rec += 16; continue;
        case O.OP_ADDSI_X: setX(rd_d(rec), adds64(X(rd_n(rec)), rd_imm(rec), 0)); rec += 16; continue;
        case O.OP_ADDSI_W: setX(rd_d(rec), adds32(X(rd_n(rec)), rd_imm(rec), 0)); rec += 16; continue;
        case O.OP_SUBSI_X: setX(rd_d(rec), adds64(X(rd_n(rec)), ~rd_imm(rec), 1)); rec += 16; continue;
        case O.OP_SUBSI_W: setX(rd_d(rec), adds32(X(rd_n(rec)), ~rd_imm(rec), 1)); rec += 16; continue;
        case O.OP_MOVI: setX(rd_d(rec), rd_imm(rec)); rec += 16; continue;
        case O.OP_ANDI: setX(rd_d(rec), X(rd_n(rec)) & rd_imm(rec)); rec += 16; continue;
        case O.OP_ORRI_X: setX(rd_d(rec), X(rd_n(rec)) | rd_imm(rec)); rec += 16; continue;
        case O.OP_ORRI_W: setX(rd_d(rec), (X(rd_n(rec)) | rd_imm(rec)) & 0xffffffff); rec += 16; continue;
        case O.OP_EORI_X: setX(rd_d(rec), X(rd_n(rec)) ^ rd_imm(rec)); rec += 16; continue;
        case O.OP_EORI_W: setX(rd_d(rec), (X(rd_n(rec)) ^ rd_imm(rec)) & 0xffffffff); rec += 16; continue;
        case O.OP_ANDSI_X: { let r = X(rd_n(rec)) & rd_imm(rec); setNZ64(r); setCV(0, 0); setX(rd_d(rec), r); rec += 16; continue; }
        case O.OP_ANDSI_W: { let r = X(rd_n(rec)) & rd_imm(rec); setNZ32(r); setCV(0, 0); setX(rd_d(rec), r); rec += 16; continue; }
        case O.OP_MOVK_X: { let d = rd_d(rec); setX(d, (X(d) & ~(<u64>0xffff << <u64>rd_x(rec))) | rd_imm(rec)); rec += 16; continue; }
        case O.OP_MOVK_W: { let d = rd_d(rec); setX(d, ((X(d) & ~(<u64>0xffff << <u64>rd_x(rec))) | rd_imm(rec)) & 0xffffffff); rec += 16; continue; }
        case O.OP_ADR: setX(rd_d(rec), pcOf(rec) + rd_imm(rec)); rec += 16; continue;
        case O.OP_ADRP: setX(rd_d(rec), (pcOf(rec) & ~<u64>0xfff) + rd_imm(rec)); rec += 16; continue;
        case O.OP_UBFX: setX(rd_d(rec), (X(rd_n(rec)) >>> <u64>rd_a(rec)) & rd_imm(rec)); rec += 16; continue;
        case O.OP_UBFIZ: setX(rd_d(rec), (X(rd_n(rec)) & rd_imm(rec)) << <u64>rd_a(rec)); rec += 16; continue;
        case O.OP_SBFX: setX(rd_d(rec), <u64>((<i64>(X(rd_n(rec)) << <u64>rd_a(rec))) >> <i64>rd_x(rec)) & rd_imm(rec)); rec += 16; continue;
        case O.OP_SBFIZ: {
          let a = <u64>rd_a(rec);
          setX(rd_d(rec), (<u64>((<i64>(X(rd_n(rec)) << a)) >> <i64>a) << <u64>rd_x(rec)) & rd_imm(rec)); rec += 16; continue;
        }
        case O.OP_BFXIL: {
          let d = rd_d(rec), m = rd_imm(rec);
          let v = (X(d) & ~m) | ((X(rd_n(rec)) >>> <u64>rd_a(rec)) & m);
          setX(d, rd_x(rec) ? v & 0xffffffff : v); rec += 16; continue;
        }
        case O.OP_BFI: {
          let d = rd_d(rec), m = rd_imm(rec), sh = <u64>rd_a(rec);
          let v = (X(d) & ~(m << sh)) | ((X(rd_n(rec)) & m) << sh);
          setX(d, rd_x(rec) ? v & 0xffffffff : v); rec += 16; continue;
        }
        case O.OP_EXTR_X: {
          let lsb = <u64>rd_a(rec), m = X(rd_m(rec));
          setX(rd_d(rec), lsb == 0 ? m : (m >>> lsb) | (X(rd_n(rec)) << (64 - lsb))); rec += 16; continue;
        }
        case O.OP_EXTR_W: {
          let lsb = <u64>rd_a(rec), m = X(rd_m(rec)) & 0xffffffff;
          setX(rd_d(rec), lsb == 0 ? m : ((m >>> lsb) | (X(rd_n(rec)) << (32 - lsb))) & 0xffffffff); rec += 16; continue;
        }
        // ---- branches
        case O.OP_B: {
          let t = pcOf(rec) + rd_imm(rec);
          if (((t ^ g_pageVa) & ~<u64>0xfff) == 0) { rec = g_sb + ((<usize>t & 0xfff) << 2); continue; }
          let r2 = enterPage(t); if (r2) { rec = r2; continue; }
          store<u64>(ACT + O_PC, t); break;
        }
        case O.OP_BL: {
          let pc = pcOf(rec);
          setX(30, pc + 4);
          let t = pc + rd_imm(rec);
          if (((t ^ g_pageVa) & ~<u64>0xfff) == 0) { rec = g_sb + ((<usize>t & 0xfff) << 2); continue; }
          let r2 = enterPage(t); if (r2) { rec = r2; continue; }
          store<u64>(ACT + O_PC, t); break;
        }
        case O.OP_BCOND: case O.OP_CBZ_X: case O.OP_CBNZ_X: case O.OP_CBZ_W: case O.OP_CBNZ_W: case O.OP_TBZ: case O.OP_TBNZ: {
          let op = <i32>load<u16>(rec);
          let taken: bool;
          if (op == O.OP_BCOND) taken = condHolds(rd_a(rec));
          else if (op == O.OP_CBZ_X) taken = X(rd_n(rec)) == 0;
          else if (op == O.OP_CBNZ_X) taken = X(rd_n(rec)) != 0;
          else if (op == O.OP_CBZ_W) taken = W(rd_n(rec)) == 0;
          else if (op == O.OP_CBNZ_W) taken = W(rd_n(rec)) != 0;
          else {
            let bit = (X(rd_n(rec)) >>> <u64>rd_a(rec)) & 1;
            taken = op == O.OP_TBZ ? bit == 0 : bit != 0;
          }
          if (!taken) { rec += 16; continue; }
          let t = pcOf(rec) + rd_imm(rec);
          if (((t ^ g_pageVa) & ~<u64>0xfff) == 0) { rec = g_sb + ((<usize>t & 0xfff) << 2); continue; }
          let r2 = enterPage(t); if (r2) { rec = r2; continue; }
          store<u64>(ACT + O_PC, t); break;
        }
        case O.OP_BR: case O.OP_BLR: case O.OP_RET: {
          let t = X(rd_n(rec));
          if (load<u16>(rec) == O.OP_BLR) setX(30, pcOf(rec) + 4);
          if (((t ^ g_pageVa) & ~<u64>0xfff) == 0 && (t & 3) == 0) { rec = g_sb + ((<usize>t & 0xfff) << 2); continue; }
          let r2 = enterPage(t); if (r2) { rec = r2; continue; }
          store<u64>(ACT + O_PC, t); break;
        }
        case O.OP_ERET: {
          if (EL() == 0) { ex = undefExc(); break; }
          eret(); break;
        }
        case O.OP_SVC: ex = syncExc(defaultTarget(), EC_SVC, rd_imm(rec), 4); break;
        case O.OP_HVC: {
          let el = EL();
          let scr = SR(S.SR_SCR_EL3);
          if (el == 0 || (scr & 0x100) == 0 || (el == 1 && (scr & 1) == 0)) { ex = undefExc(); break; }
          ex = syncExc(el == 3 ? 3 : 2, EC_HVC, rd_imm(rec), 4); break;
        }
        case O.OP_SMC: {
          let el = EL();
          if (el == 0) { ex = undefExc(); break; }
          if (el == 1 && (SR(S.SR_SCR_EL3) & 1) != 0 && (SR(S.SR_HCR_EL2) & (<u64>1 << 19)) != 0) { ex = syncExc(2, EC_SMC, rd_imm(rec), 0); break; }
          if ((SR(S.SR_SCR_EL3) & 0x80) != 0) { ex = undefExc(); break; }
          ex = syncExc(3, EC_SMC, rd_imm(rec), 4); break;
        }
        case O.OP_BRK: ex = syncExc(defaultTarget(), EC_BRK, rd_imm(rec), 0); break;
        // ---- hints and barriers
        case O.OP_NOP: rec += 16; continue;
        case O.OP_WFI: case O.OP_WFE: {
          let isWfe = load<u16>(rec) == O.OP_WFE;
          // WFE with the event register set completes at once (and is never trapped)
          if (isWfe && load<i32>(ACT + O_EVENT) != 0) { store<i32>(ACT + O_EVENT, 0); rec += 16; continue; }
          let el = EL();
          let ns = (SR(S.SR_SCR_EL3) & 1) != 0;
          let iss: u64 = 0x1e00000 | (isWfe ? 1 : 0);
          if (el == 0 && (SR(S.SR_SCTLR_EL1) & (isWfe ? (1 << 18) : (1 << 16))) == 0) { ex = syncExc(defaultTarget(), EC_WFX, iss, 0); break; }
          if (el <= 1 && ns && (SR(S.SR_HCR_EL2) & (isWfe ? (1 << 14) : (1 << 13))) != 0) { ex = syncExc(2, EC_WFX, iss, 0); break; }
          if (el <= 2 && (SR(S.SR_SCR_EL3) & (isWfe ? (1 << 13) : (1 << 12))) != 0) { ex = syncExc(3, EC_WFX, iss, 0); break; }
          store<u64>(ACT + O_PC, pcOf(rec) + 4);
          if (isWfe) {
            if (load<i32>(ACT + O_EVENT) != 0) { store<i32>(ACT + O_EVENT, 0); rec += 16; continue; }
            if (interruptPending()) { rec += 16; continue; }
            why = STOP_WFE; ex = EX_STOP; break;
          }
          if (interruptPending()) { rec += 16; continue; }
          why = STOP_WFI; ex = EX_STOP; break;
        }
        case O.OP_SEV: setAllEvents(); rec += 16; continue;
        case O.OP_SEVL: store<i32>(ACT + O_EVENT, 1); rec += 16; continue;
        case O.OP_CLREX: store<i32>(ACT + O_EXCL_VALID, 0); rec += 16; continue;
        case O.OP_ISB: store<u64>(ACT + O_PC, pcOf(rec) + 4); break;
        case O.OP_MSR_IMM: {
          let x = rd_x(rec);
          if (msrImm(x >> 3, x & 7, rd_a(rec)) != 0) { ex = syncExc(s_target, <u32>(s_esr >> 26), s_esr, 0); break; }
          store<u64>(ACT + O_PC, pcOf(rec) + 4); break;
        }
        case O.OP_MSR: case O.OP_MRS: case O.OP_SYS: {
          // FPCR and FPSR (S3_3_C4_C4_0/1) are FP state: trapped with the FP/SIMD instructions
          if (g_fpTrap && load<u16>(rec) != O.OP_SYS && (rd_x(rec) & ~1) == 0xda20) { ex = fpExc(); break; }
          setInflight(<i64>(limit - n - 1)); // instructions completed before this one
          let op = load<u16>(rec);
          let res: i32;
          if (op == O.OP_MRS) res = mrs(rd_x(rec), rd_d(rec));
          else if (op == O.OP_MSR) res = msr(rd_x(rec), rd_n(rec));
          else res = sys(rd_x(rec), rd_n(rec));
          setInflight(0);
          if (res == 1) {
            ex = syncExc(s_target, <u32>(s_esr >> 26), s_esr, 0);
            if (s_hasFar) { x_far = s_far; x_hasFar = 1; clearSysFar(); }
            break;
          }
          if (res == 2) { ex = EX_MEM; break; }
          if (op == O.OP_MRS && !g_leave) { rec += 16; continue; }
          store<u64>(ACT + O_PC, pcOf(rec) + 4); break;
        }
        // ---- logical / arithmetic (shifted register)
        case O.OP_LOG_AND_X: setX(rd_d(rec), X(rd_n(rec)) & (shiftReg64(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))); rec += 16; continue;
        case O.OP_LOG_ORR_X: setX(rd_d(rec), X(rd_n(rec)) | (shiftReg64(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))); rec += 16; continue;
        case O.OP_LOG_EOR_X: setX(rd_d(rec), X(rd_n(rec)) ^ (shiftReg64(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))); rec += 16; continue;
        case O.OP_LOG_ANDS_X: {
          let r = X(rd_n(rec)) & (shiftReg64(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)));
          setNZ64(r); setCV(0, 0); setX(rd_d(rec), r); rec += 16; continue;
        }
        case O.OP_LOG_AND_W: setX(rd_d(rec), (X(rd_n(rec)) & (shiftReg32(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))) & 0xffffffff); rec += 16; continue;
        case O.OP_LOG_ORR_W: setX(rd_d(rec), (X(rd_n(rec)) | (shiftReg32(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))) & 0xffffffff); rec += 16; continue;
        case O.OP_LOG_EOR_W: setX(rd_d(rec), (X(rd_n(rec)) ^ (shiftReg32(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))) & 0xffffffff); rec += 16; continue;
        case O.OP_LOG_ANDS_W: {
          let r = (X(rd_n(rec)) & (shiftReg32(X(rd_m(rec)), rd_x(rec)) ^ (0 - <u64>rd_a(rec)))) & 0xffffffff;
          setNZ32(r); setCV(0, 0); setX(rd_d(rec), r); rec += 16; continue;
        }
        case O.OP_MOV_X: setX(rd_d(rec), X(rd_m(rec))); rec += 16; continue;
        case O.OP_MOV_W: setX(rd_d(rec), W(rd_m(rec))); rec += 16; continue;
        case O.OP_ADD_X0: setX(rd_d(rec), X(rd_n(rec)) + X(rd_m(rec))); rec += 16; continue;
        case O.OP_SUB_X0: setX(rd_d(rec), X(rd_n(rec)) - X(rd_m(rec))); rec += 16; continue;
        case O.OP_SUBS_X0: setX(rd_d(rec), adds64(X(rd_n(rec)), ~X(rd_m(rec)), 1)); rec += 16; continue;
        case O.OP_ADD_X: setX(rd_d(rec), X(rd_n(rec)) + shiftReg64(X(rd_m(rec)), rd_x(rec))); rec += 16; continue;
        case O.OP_ADD_W: setX(rd_d(rec), (X(rd_n(rec)) + shiftReg32(X(rd_m(rec)), rd_x(rec))) & 0xffffffff); rec += 16; continue;
        case O.OP_ADDS_X: setX(rd_d(rec), adds64(X(rd_n(rec)), shiftReg64(X(rd_m(rec)), rd_x(rec)), 0)); rec += 16; continue;
        case O.OP_ADDS_W: setX(rd_d(rec), adds32(X(rd_n(rec)), shiftReg32(X(rd_m(rec)), rd_x(rec)), 0)); rec += 16; continue;
        case O.OP_SUB_X: setX(rd_d(rec), X(rd_n(rec)) - shiftReg64(X(rd_m(rec)), rd_x(rec))); rec += 16; continue;
        case O.OP_SUB_W: setX(rd_d(rec), (X(rd_n(rec)) - shiftReg32(X(rd_m(rec)), rd_x(rec))) & 0xffffffff); rec += 16; continue;
        case O.OP_SUBS_X: setX(rd_d(rec), adds64(X(rd_n(rec)), ~shiftReg64(X(rd_m(rec)), rd_x(rec)), 1)); rec += 16; continue;
        case O.OP_SUBS_W: setX(rd_d(rec), adds32(X(rd_n(rec)), ~shiftReg32(X(rd_m(rec)), rd_x(rec)), 1)); rec += 16; continue;
        case O.OP_ADDE_X: setX(rd_d(rec), X(rd_n(rec)) + extendReg(X(rd_m(rec)), rd_x(rec))); rec += 16; continue;
        case O.OP_ADDE_W: setX(rd_d(rec), (X(rd_n(rec)) + extendReg(X(rd_m(rec)), rd_x(rec))) & 0xffffffff); rec += 16; continue;
        case O.OP_ADDSE_X: setX(rd_d(rec), adds64(X(rd_n(rec)), extendReg(X(rd_m(rec)), rd_x(rec)), 0)); rec += 16; continue;
        case O.OP_ADDSE_W: setX(rd_d(rec), adds32(X(rd_n(rec)), extendReg(X(rd_m(rec)), rd_x(rec)), 0)); rec += 16; continue;
        case O.OP_SUBE_X: setX(rd_d(rec), X(rd_n(rec)) - extendReg(X(rd_m(rec)), rd_x(rec))); rec += 16; continue;
        case O.OP_SUBE_W: setX(rd_d(rec), (X(rd_n(rec)) - extendReg(X(rd_m(rec)), rd_x(rec))) & 0xffffffff); rec += 16; continue;
        case O.OP_SUBSE_X: setX(rd_d(rec), adds64(X(rd_n(rec)), ~extendReg(X(rd_m(rec)), rd_x(rec)), 1)); rec += 16; continue;
        case O.OP_SUBSE_W: setX(rd_d(rec), adds32(X(rd_n(rec)), ~extendReg(X(rd_m(rec)), rd_x(rec)), 1)); rec += 16; continue;
        case O.OP_ADC_X: setX(rd_d(rec), X(rd_n(rec)) + X(rd_m(rec)) + <u64>load<i32>(ACT + 0x130)); rec += 16; continue;
        case O.OP_ADC_W: setX(rd_d(rec), (X(rd_n(rec)) + X(rd_m(rec)) + <u64>load<i32>(ACT + 0x130)) & 0xffffffff); rec += 16; continue;
        case O.OP_ADCS_X: setX(rd_d(rec), adds64(X(rd_n(rec)), X(rd_m(rec)), <u64>load<i32>(ACT + 0x130))); rec += 16; continue;
        case O.OP_ADCS_W: setX(rd_d(rec), adds32(X(rd_n(rec)), X(rd_m(rec)), <u64>load<i32>(ACT + 0x130))); rec += 16; continue;
        case O.OP_SBC_X: setX(rd_d(rec), X(rd_n(rec)) + ~X(rd_m(rec)) + <u64>load<i32>(ACT + 0x130)); rec += 16; continue;
        case O.OP_SBC_W: setX(rd_d(rec), (X(rd_n(rec)) + ~X(rd_m(rec)) + <u64>load<i32>(ACT + 0x130)) & 0xffffffff); rec += 16; continue;
        case O.OP_SBCS_X: setX(rd_d(rec), adds64(X(rd_n(rec)), ~X(rd_m(rec)), <u64>load<i32>(ACT + 0x130))); rec += 16; continue;
        case O.OP_SBCS_W: setX(rd_d(rec), adds32(X(rd_n(rec)), ~X(rd_m(rec)), <u64>load<i32>(ACT + 0x130))); rec += 16; continue;
        case O.OP_CCMN_X: case O.OP_CCMN_W: case O.OP_CCMP_X: case O.OP_CCMP_W: {
          if (!condHolds(rd_a(rec))) { setNZCV(rd_x(rec) << 28); rec += 16; continue; }
          let op = load<u16>(rec);
          let a = X(rd_n(rec)), b = X(rd_m(rec)) + rd_imm(rec);
          if (op == O.OP_CCMN_X) adds64(a, b, 0);
          else if (op == O.OP_CCMN_W) adds32(a, b, 0);
          else if (op == O.OP_CCMP_X) adds64(a, ~b, 1);
          else adds32(a, ~b, 1);
          rec += 16; continue;
        }
        case O.OP_CSEL_X: setX(rd_d(rec), condHolds(rd_a(rec)) ? X(rd_n(rec)) : X(rd_m(rec))); rec += 16; continue;
        case O.OP_CSINC_X: setX(rd_d(rec), condHolds(rd_a(rec)) ? X(rd_n(rec)) : X(rd_m(rec)) + 1); rec += 16; continue;
        case O.OP_CSINV_X: setX(rd_d(rec), condHolds(rd_a(rec)) ? X(rd_n(rec)) : ~X(rd_m(rec))); rec += 16; continue;
        case O.OP_CSNEG_X: setX(rd_d(rec), condHolds(rd_a(rec)) ? X(rd_n(rec)) : 0 - X(rd_m(rec))); rec += 16; continue;
        case O.OP_CSEL_W: setX(rd_d(rec), condHolds(rd_a(rec)) ? W(rd_n(rec)) : W(rd_m(rec))); rec += 16; continue;
        case O.OP_CSINC_W: setX(rd_d(rec), condHolds(rd_a(rec)) ? W(rd_n(rec)) : (X(rd_m(rec)) + 1) & 0xffffffff); rec += 16; continue;
        case O.OP_CSINV_W: setX(rd_d(rec), condHolds(rd_a(rec)) ? W(rd_n(rec)) : ~X(rd_m(rec)) & 0xffffffff); rec += 16; continue;
        case O.OP_CSNEG_W: setX(rd_d(rec), condHolds(rd_a(rec)) ? W(rd_n(rec)) : (0 - X(rd_m(rec))) & 0xffffffff); rec += 16; continue;
        // ---- one-source
        case O.OP_RBIT_X: { let v = X(rd_n(rec)); let r: u64 = 0; for (let i = 0; i < 64; i++) { r = (r << 1) | (v & 1); v >>>= 1; } setX(rd_d(rec), r); rec += 16; continue; }
        case O.OP_RBIT_W: { let v = W(rd_n(rec)); let r: u64 = 0; for (let i = 0; i < 32; i++) { r = (r << 1) | (v & 1); v >>>= 1; } setX(rd_d(rec), r); rec += 16; continue; }
        case O.OP_REV16_X: { let v = X(rd_n(rec)); setX(rd_d(rec), ((v & 0x00ff00ff00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff00ff00ff)); rec += 16; continue; }
        case O.OP_REV16_W: { let v = W(rd_n(rec)); setX(rd_d(rec), ((v & 0x00ff00ff) << 8) | ((v >>> 8) & 0x00ff00ff)); rec += 16; continue; }
        case O.OP_REV32_X: { let v = X(rd_n(rec)); setX(rd_d(rec), (<u64>bswap<u32>(<u32>(v >>> 32)) << 32) | <u64>bswap<u32>(<u32>v)); rec += 16; continue; }
        case O.OP_REV_X: setX(rd_d(rec), bswap<u64>(X(rd_n(rec)))); rec += 16; continue;
        case O.OP_REV_W: setX(rd_d(rec), <u64>bswap<u32>(<u32>X(rd_n(rec)))); rec += 16; continue;
        case O.OP_CLZ_X: setX(rd_d(rec), clz<u64>(X(rd_n(rec)))); rec += 16; continue;
        case O.OP_CLZ_W: setX(rd_d(rec), <u64>clz<u32>(<u32>X(rd_n(rec)))); rec += 16; continue;
        case O.OP_CLS_X: { let v = X(rd_n(rec)); setX(rd_d(rec), clz<u64>(v ^ <u64>(<i64>v >> 1)) - 1); rec += 16; continue; }
        case O.OP_CLS_W: { let v = <u32>X(rd_n(rec)); setX(rd_d(rec), <u64>(clz<u32>(v ^ <u32>(<i32>v >> 1)) - 1)); rec += 16; continue; }
        // ---- two-source
        case O.OP_UDIV_X: { let b = X(rd_m(rec)); setX(rd_d(rec), b == 0 ? 0 : X(rd_n(rec)) / b); rec += 16; continue; }
        case O.OP_UDIV_W: { let b = W(rd_m(rec)); setX(rd_d(rec), b == 0 ? 0 : W(rd_n(rec)) / b); rec += 16; continue; }
        case O.OP_SDIV_X: {
          let a = <i64>X(rd_n(rec)), b = <i64>X(rd_m(rec));
          setX(rd_d(rec), b == 0 ? 0 : (b == -1 ? <u64>(0 - a) : <u64>(a / b))); rec += 16; continue;
        }
        case O.OP_SDIV_W: {
          let a = <i32>X(rd_n(rec)), b = <i32>X(rd_m(rec));
          setX(rd_d(rec), b == 0 ? 0 : <u64><u32>(b == -1 ? 0 - a : a / b)); rec += 16; continue;
        }
        case O.OP_LSLV_X: setX(rd_d(rec), X(rd_n(rec)) << (X(rd_m(rec)) & 63)); rec += 16; continue;
        case O.OP_LSLV_W: setX(rd_d(rec), <u64>(<u32>X(rd_n(rec)) << (<u32>X(rd_m(rec)) & 31))); rec += 16; continue;
        case O.OP_LSRV_X: setX(rd_d(rec), X(rd_n(rec)) >>> (X(rd_m(rec)) & 63)); rec += 16; continue;
        case O.OP_LSRV_W: setX(rd_d(rec), <u64>(<u32>X(rd_n(rec)) >>> (<u32>X(rd_m(rec)) & 31))); rec += 16; continue;
        case O.OP_ASRV_X: setX(rd_d(rec), <u64>(<i64>X(rd_n(rec)) >> <i64>(X(rd_m(rec)) & 63))); rec += 16; continue;
        case O.OP_ASRV_W: setX(rd_d(rec), <u64><u32>(<i32>X(rd_n(rec)) >> (<i32>X(rd_m(rec)) & 31))); rec += 16; continue;
        case O.OP_RORV_X: setX(rd_d(rec), rotr<u64>(X(rd_n(rec)), X(rd_m(rec)) & 63)); rec += 16; continue;
        case O.OP_RORV_W: setX(rd_d(rec), <u64>rotr<u32>(<u32>X(rd_n(rec)), <u32>X(rd_m(rec)) & 31)); rec += 16; continue;
        case O.OP_CRC32: {
          let sz = rd_x(rec);
          setX(rd_d(rec), <u64>crc32(<u32>X(rd_n(rec)), X(rd_m(rec)), 1 << sz, rd_a(rec) != 0)); rec += 16; continue;
        }
        // ---- three-source
        case O.OP_MADD_X: setX(rd_d(rec), X(rd_a(rec)) + X(rd_n(rec)) * X(rd_m(rec))); rec += 16; continue;
        case O.OP_MADD_W: setX(rd_d(rec), (X(rd_a(rec)) + X(rd_n(rec)) * X(rd_m(rec))) & 0xffffffff); rec += 16; continue;
        case O.OP_MSUB_X: setX(rd_d(rec), X(rd_a(rec)) - X(rd_n(rec)) * X(rd_m(rec))); rec += 16; continue;
        case O.OP_MSUB_W: setX(rd_d(rec), (X(rd_a(rec)) - X(rd_n(rec)) * X(rd_m(rec))) & 0xffffffff); rec += 16; continue;
        case O.OP_SMADDL: setX(rd_d(rec), X(rd_a(rec)) + <u64>(<i64><i32>X(rd_n(rec)) * <i64><i32>X(rd_m(rec)))); rec += 16; continue;
        case O.OP_SMSUBL: setX(rd_d(rec), X(rd_a(rec)) - <u64>(<i64><i32>X(rd_n(rec)) * <i64><i32>X(rd_m(rec)))); rec += 16; continue;
        case O.OP_UMADDL: setX(rd_d(rec), X(rd_a(rec)) + W(rd_n(rec)) * W(rd_m(rec))); rec += 16; continue;
        case O.OP_UMSUBL: setX(rd_d(rec), X(rd_a(rec)) - W(rd_n(rec)) * W(rd_m(rec))); rec += 16; continue;
        case O.OP_SMULH: case O.OP_UMULH: {
          let a = X(rd_n(rec)), b = X(rd_m(rec));
          let a0 = a & 0xffffffff, a1 = a >>> 32, b0 = b & 0xffffffff, b1 = b >>> 32;
          let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
          let mid = (p00 >>> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
          let hi = p11 + (p01 >>> 32) + (p10 >>> 32) + (mid >>> 32);
          if (load<u16>(rec) == O.OP_SMULH) {
            if (<i64>a < 0) hi -= b;
            if (<i64>b < 0) hi -= a;
          }
          setX(rd_d(rec), hi); rec += 16; continue;
        }
        // ---- loads and stores
        case O.OP_LDR_X: {
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let v = rd64(base + rd_imm(rec)); if (m_fault) { ex = EX_MEM; break; }
          setX(rd_d(rec), v); rec += 16; continue;
        }
        case O.OP_STR_X: {
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          wr64(base + rd_imm(rec), X(rd_d(rec))); if (m_fault) { ex = EX_MEM; break; }
          rec += 16; continue;
        }
        case O.OP_LDR_W: {
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let v = rd32(base + rd_imm(rec)); if (m_fault) { ex = EX_MEM; break; }
          setX(rd_d(rec), v); rec += 16; continue;
        }
        case O.OP_STR_W: {
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          wr32(base + rd_imm(rec), X(rd_d(rec))); if (m_fault) { ex = EX_MEM; break; }
          rec += 16; continue;
        }
        case O.OP_LDRB: {
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let v = rd8(base + rd_imm(rec)); if (m_fault) { ex = EX_MEM; break; }
          setX(rd_d(rec), v); rec += 16; continue;
        }
        case O.OP_STRB: {
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          wr8(base + rd_imm(rec), X(rd_d(rec))); if (m_fault) { ex = EX_MEM; break; }
          rec += 16; continue;
        }
        case O.OP_LDST: case O.OP_LDST_REG: case O.OP_LDST_UNPRIV: {
          let x = rd_x(rec);
          let kind = x & 31;
          if (kind >= 16 && g_fpTrap) { ex = fpExc(); break; }
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let op = load<u16>(rec);
          let mode = (x >> 8) & 3;
          let va: u64;
          if (op == O.OP_LDST_REG) { let a = rd_a(rec); va = base + extendReg(X(rd_m(rec)), ((a >> 4) << 8) | (a & 15)); }
          else va = mode == O.M_POST ? base : base + rd_imm(rec);
          if (op == O.OP_LDST_UNPRIV && EL() == 1) setAccessEl(0);
          ldst(kind, rd_d(rec), va);
          setAccessEl(-1);
          if (m_fault) { ex = EX_MEM; break; }
          if (mode == O.M_PRE) setX(n, va);
          else if (mode == O.M_POST) setX(n, va + rd_imm(rec));
          rec += 16; continue;
        }
        case O.OP_LDP: case O.OP_STP: {
          let x = rd_x(rec);
          let kind = x & 31;
          if (kind >= O.P_S && g_fpTrap) { ex = fpExc(); break; }
          let n = rd_n(rec); let base = X(n);
          if (n == R_SP && (base & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let mode = (x >> 8) & 3;
          let va = mode == O.M_POST ? base : base + rd_imm(rec);
          if (load<u16>(rec) == O.OP_LDP) loadPair(kind, rd_d(rec), rd_a(rec), va);
          else storePair(kind, rd_d(rec), rd_a(rec), va);
          if (m_fault) { ex = EX_MEM; break; }
          if (mode == O.M_PRE) setX(n, va);
          else if (mode == O.M_POST) setX(n, va + rd_imm(rec));
          rec += 16; continue;
        }
        case O.OP_LDR_LIT: {
          let kind = rd_x(rec);
          if (kind >= 16 && g_fpTrap) { ex = fpExc(); break; }
          doLoad(kind, rd_d(rec), pcOf(rec) + rd_imm(rec));
          if (m_fault) { ex = EX_MEM; break; }
          rec += 16; continue;
        }
        case O.OP_LDX: case O.OP_LDAR: case O.OP_LDXP: {
          let op = load<u16>(rec);
          let size = rd_x(rec);
          let n = rd_n(rec); let va = X(n);
          if (n == R_SP && (va & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let bytes: u64 = op == O.OP_LDXP ? <u64>(2 << size) : <u64>(1 << size);
          if ((va & (bytes - 1)) != 0) { ex = alignFault(va, 0); break; }
          let v = rdSized(va, size); if (m_fault) { ex = EX_MEM; break; }
          if (op == O.OP_LDXP) {
            let v2 = rdSized(va + <u64>(1 << size), size); if (m_fault) { ex = EX_MEM; break; }
            setX(rd_d(rec), v); setX(rd_a(rec), v2);
          } else setX(rd_d(rec), v);
          if (op != O.OP_LDAR) {
            store<u64>(ACT + O_EXCL_ADDR, physOf(va));
            store<i32>(ACT + O_EXCL_SIZE, <i32>bytes);
            store<i32>(ACT + O_EXCL_VALID, 1);
          }
          rec += 16; continue;
        }
        case O.OP_STX: case O.OP_STLR: case O.OP_STXP: {
          let op = load<u16>(rec);
          let size = rd_x(rec);
          let n = rd_n(rec); let va = X(n);
          if (n == R_SP && (va & g_spAlignMask) != 0) { ex = syncExc(defaultTargetSp(), EC_SP_ALIGN, 0, 0); break; }
          let bytes: u64 = op == O.OP_STXP ? <u64>(2 << size) : <u64>(1 << size);
          if ((va & (bytes - 1)) != 0) { ex = alignFault(va, 1); break; }
          if (op == O.OP_STLR) {
            wrSized(va, size, X(rd_d(rec))); if (m_fault) { ex = EX_MEM; break; }
            rec += 16; continue;
          }
          if (!probeWrite(va)) { ex = EX_MEM; break; }
          let ok = load<i32>(ACT + O_EXCL_VALID) != 0 && load<u64>(ACT + O_EXCL_ADDR) == physOf(va) && <u64>load<i32>(ACT + O_EXCL_SIZE) == bytes;
          store<i32>(ACT + O_EXCL_VALID, 0);
          if (ok) {
            if (op == O.OP_STXP) {
              wrSized(va, size, X(rd_d(rec))); if (m_fault) { ex = EX_MEM; break; }
              wrSized(va + <u64>(1 << size), size, X(rd_a(rec))); if (m_fault) { ex = EX_MEM; break; }
            } else { wrSized(va, size, X(rd_d(rec))); if (m_fault) { ex = EX_MEM; break; } }
          }
          setX(rd_m(rec), ok ? 0 : 1);
          rec += 16; continue;
        }
        // ---- FP/SIMD subset
        case O.OP_FMOV_TO_GEN: {
          if (g_fpTrap) { ex = fpExc(); break; }
          let t = rd_x(rec); let a = Vaddr(rd_n(rec));
          setX(rd_d(rec), t == 0 ? <u64>load<u32>(a) : t == 1 ? load<u64>(a) : load<u64>(a, 8)); rec += 16; continue;
        }
        case O.OP_FMOV_FROM_GEN: {
          if (g_fpTrap) { ex = fpExc(); break; }
          let t = rd_x(rec); let a = Vaddr(rd_d(rec)); let v = X(rd_n(rec));
          if (t == 2) store<u64>(a, v, 8);
          else { store<u64>(a, t == 0 ? v & 0xffffffff : v); store<u64>(a, 0, 8); }
          rec += 16; continue;
        }
        case O.OP_MOVI_V: case O.OP_ORRI_V: case O.OP_BICI_V: {
          if (g_fpTrap) { ex = fpExc(); break; }
          let op = load<u16>(rec);
          let a = Vaddr(rd_d(rec)); let imm = rd_imm(rec); let q = rd_a(rec);
          let lo = load<u64>(a), hi = load<u64>(a, 8);
          if (op == O.OP_MOVI_V) { lo = imm; hi = imm; }
          else if (op == O.OP_ORRI_V) { lo |= imm; hi |= imm; }
          else { lo &= ~imm; hi &= ~imm; }
          store<u64>(a, lo); store<u64>(a, q ? hi : 0, 8);
          rec += 16; continue;
        }
        case O.OP_DUP_GEN: {
          if (g_fpTrap) { ex = fpExc(); break; }
          let sz = rd_x(rec); let v = X(rd_n(rec));
          let e: u64 = sz == 0 ? (v & 0xff) * 0x0101010101010101 : sz == 1 ? (v & 0xffff) * 0x0001000100010001 : sz == 2 ? (v & 0xffffffff) * 0x0000000100000001 : v;
          let a = Vaddr(rd_d(rec));
          store<u64>(a, e); store<u64>(a, rd_a(rec) ? e : 0, 8);
          rec += 16; continue;
        }
        case O.OP_FMOV_REG: {
          if (g_fpTrap) { ex = fpExc(); break; }
          let v = load<u64>(Vaddr(rd_n(rec)));
          let a = Vaddr(rd_d(rec));
          store<u64>(a, rd_x(rec) == 0 ? v & 0xffffffff : v); store<u64>(a, 0, 8);
          rec += 16; continue;
        }
        case O.OP_FP2: if (g_fpTrap) { ex = fpExc(); break; } fp2(rd_d(rec), rd_n(rec), rd_m(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_FP1: if (g_fpTrap) { ex = fpExc(); break; } fp1(rd_d(rec), rd_n(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_FP3: if (g_fpTrap) { ex = fpExc(); break; } fp3(rd_d(rec), rd_n(rec), rd_m(rec), rd_a(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_FCMP: if (g_fpTrap) { ex = fpExc(); break; } fcmp(rd_n(rec), rd_m(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_FCCMP: if (g_fpTrap) { ex = fpExc(); break; } fccmp(rd_n(rec), rd_m(rec), rd_a(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_FCSEL: if (g_fpTrap) { ex = fpExc(); break; } fcsel(rd_d(rec), rd_n(rec), rd_m(rec), rd_a(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_FCVTI: if (g_fpTrap) { ex = fpExc(); break; } fcvti(rd_d(rec), rd_n(rec), rd_x(rec), rd_a(rec)); rec += 16; continue;
        case O.OP_CNT: if (g_fpTrap) { ex = fpExc(); break; } cnt(rd_d(rec), rd_n(rec), rd_a(rec)); rec += 16; continue;
        case O.OP_ADDV: if (g_fpTrap) { ex = fpExc(); break; } addv(rd_d(rec), rd_n(rec), rd_a(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_VLOGIC: if (g_fpTrap) { ex = fpExc(); break; } vlogic(rd_d(rec), rd_n(rec), rd_m(rec), rd_a(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_VNOT: if (g_fpTrap) { ex = fpExc(); break; } vnot(rd_d(rec), rd_n(rec), rd_a(rec)); rec += 16; continue;
        case O.OP_VADDSUB: if (g_fpTrap) { ex = fpExc(); break; } vaddsub(rd_d(rec), rd_n(rec), rd_m(rec), rd_a(rec), rd_x(rec)); rec += 16; continue;
        case O.OP_DUP_ELEM: if (g_fpTrap) { ex = fpExc(); break; } dupElem(rd_d(rec), rd_n(rec), rd_a(rec), rd_x(rec), <u32>rd_imm(rec)); rec += 16; continue;
        case O.OP_INS_GEN: if (g_fpTrap) { ex = fpExc(); break; } insGen(rd_d(rec), X(rd_n(rec)), rd_x(rec), <u32>rd_imm(rec)); rec += 16; continue;
        case O.OP_INS_ELEM: if (g_fpTrap) { ex = fpExc(); break; } insElem(rd_d(rec), rd_n(rec), rd_x(rec), <u32>rd_imm(rec)); rec += 16; continue;
        case O.OP_UMOV: if (g_fpTrap) { ex = fpExc(); break; } setX(rd_d(rec), umov(rd_n(rec), rd_x(rec), <u32>rd_imm(rec))); rec += 16; continue;
        case O.OP_SIMD: if (g_fpTrap) { ex = fpExc(); break; } if (simdExec(<u32>rd_imm(rec))) { ex = EX_MEM; break; } rec += 16; continue;
        case O.OP_SMOV: if (g_fpTrap) { ex = fpExc(); break; } setX(rd_d(rec), smov(rd_n(rec), rd_x(rec), <u32>rd_imm(rec), rd_a(rec))); rec += 16; continue;
        case O.OP_FMOV_IMM: if (g_fpTrap) { ex = fpExc(); break; } fmovImm(rd_d(rec), rd_x(rec), rd_imm(rec)); rec += 16; continue;
        default: ex = undefExc(); break;
      }
      break;
    }
    let done = limit - n;
    store<i64>(ACT + O_ICOUNT, load<i64>(ACT + O_ICOUNT) + <i64>done);
    remaining -= done;
    total += done;
    if (ex == EX_MEM) deliverMemFault(rec, pcOf(rec));
    else if (ex == EX_SYNC) {
      let pc = pcOf(rec);
      takeException(x_target, VEC_SYNC, x_esr, x_far, x_hasFar != 0, pc + x_retOff);
      x_hasFar = 0;
    } else if (ex == EX_STOP) break;
    if (s_timerTouched) clearTimerTouched();
  }
  store<i32>(ACT + O_LASTRUN, total);
  return why;
}

function defaultTargetSp(): i32 { return defaultTarget(); }
void O_HOSTEXC; void EC_IABT_LOW; void EC_IABT_CUR; void g_core; void setNZCV; void setSR; void g_checkIrq;
