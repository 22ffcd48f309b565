// PSTATE, stack-pointer banking, exception entry (synchronous, IRQ, FIQ, SError) and ERET.
import { STATS, ACT, O_EL, O_SPSEL, O_DAIF, O_SPEL, O_IL, O_SS, O_LINES, O_PC, O_HOSTEXC, O_LAST_ESR, O_LAST_FAR, O_LAST_ELR, O_LAST_TARGET, O_LAST_VEC, O_EVENT, R_SP, O_EXCL_VALID } from './layout';
import { SR, setSR, EL, X, setX, getNZCV, setNZCV, setCtx, setSpAlignMask, setLeave, setCheckIrq, setFpTrap } from './state';
import * as S from './sysregs.gen';
import { tlbCtx } from './mem';

export const VEC_SYNC: i32 = 0;
export const VEC_IRQ: i32 = 0x80;
export const VEC_FIQ: i32 = 0x100;
export const VEC_SERROR: i32 = 0x180;

// ESR exception classes
export const EC_UNKNOWN: u32 = 0x00;
export const EC_WFX: u32 = 0x01;
export const EC_FP: u32 = 0x07;
export const EC_ILLEGAL: u32 = 0x0e;
export const EC_SVC: u32 = 0x15;
export const EC_HVC: u32 = 0x16;
export const EC_SMC: u32 = 0x17;
export const EC_SYS: u32 = 0x18;
export const EC_IABT_LOW: u32 = 0x20;
export const EC_IABT_CUR: u32 = 0x21;
export const EC_PC_ALIGN: u32 = 0x22;
export const EC_DABT_LOW: u32 = 0x24;
export const EC_DABT_CUR: u32 = 0x25;
export const EC_SP_ALIGN: u32 = 0x26;
export const EC_SERROR: u32 = 0x2f;
export const EC_BRK: u32 = 0x3c;

/** Set when host-exception mode stopped the run at an exception. */
export let x_hostStop: i32 = 0;
export function clearHostStop(): void { x_hostStop = 0; }

@inline function spIndex(): usize { return load<i32>(ACT + O_SPSEL) != 0 ? <usize>load<i32>(ACT + O_EL) : 0; }

export function saveSp(): void { store<u64>(ACT + O_SPEL + (spIndex() << 3), X(R_SP)); }
export function loadSp(): void { setX(R_SP, load<u64>(ACT + O_SPEL + (spIndex() << 3))); }

/** Recompute the globals the hot path caches for the current EL. */
export function refreshEl(): void {
  let el = EL();
  setCtx(tlbCtx(el));
  let sctlr: u64 = el <= 1 ? SR(S.SR_SCTLR_EL1) : el == 2 ? SR(S.SR_SCTLR_EL2) : SR(S.SR_SCTLR_EL3);
  let bit: u64 = el == 0 ? 16 : 8;
  setSpAlignMask((sctlr & bit) != 0 ? 15 : 0);
  // CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP
  let trap = 0;
  let fpen = <i32>((SR(S.SR_CPACR_EL1) >> 20) & 3);
  let ns = (SR(S.SR_SCR_EL3) & 1) != 0;
  if (el <= 1 && !(fpen == 3 || (fpen == 1 && el == 1))) trap = defaultTarget();
  else if (el <= 2 && ns && (SR(S.SR_CPTR_EL2) & 0x400) != 0) trap = 2;
  else if ((SR(S.SR_CPTR_EL3) & 0x400) != 0) trap = 3;
  setFpTrap(trap);
  setLeave(1);
  setCheckIrq(1);
}

export function getPstate(): u32 {
  let el = <u32>load<i32>(ACT + O_EL);
  return getNZCV() | <u32>load<i32>(ACT + O_DAIF) | (<u32>load<i32>(ACT + O_IL) << 20) |
    (<u32>load<i32>(ACT + O_SS) << 21) | (el << 2) | <u32>load<i32>(ACT + O_SPSEL);
}

/** Write PSTATE fields (EL/SPSel change re-banks SP). */
export function setPstate(v: u32): void {
  saveSp();
  setNZCV(v);
  store<i32>(ACT + O_DAIF, v & 0x3c0);
  store<i32>(ACT + O_IL, (v >> 20) & 1);
  store<i32>(ACT + O_SS, (v >> 21) & 1);
  store<i32>(ACT + O_EL, (v >> 2) & 3);
  store<i32>(ACT + O_SPSEL, v & 1);
  loadSp();
  refreshEl();
}

function spsrIdx(el: i32): i32 { return el == 1 ? S.SR_SPSR_EL1 : el == 2 ? S.SR_SPSR_EL2 : S.SR_SPSR_EL3; }
function elrIdx(el: i32): i32 { return el == 1 ? S.SR_ELR_EL1 : el == 2 ? S.SR_ELR_EL2 : S.SR_ELR_EL3; }
function esrIdx(el: i32): i32 { return el == 1 ? S.SR_ESR_EL1 : el == 2 ? S.SR_ESR_EL2 : S.SR_ESR_EL3; }
function farIdx(el: i32): i32 { return el == 1 ? S.SR_FAR_EL1 : el == 2 ? S.SR_FAR_EL2 : S.SR_FAR_EL3; }
function vbarIdx(el: i32): i32 { return el == 1 ? S.SR_VBAR_EL1 : el == 2 ? S.SR_VBAR_EL2 : S.SR_VBAR_EL3; }

/** Where an exception that by default goes to EL1 really goes from the current EL. */
export function defaultTarget(): i32 {
  let el = EL();
  if (el > 1) return el;
  if (el == 0 && (SR(S.SR_HCR_EL2) & (<u64>1 << 27)) != 0 && (SR(S.SR_SCR_EL3) & 1) != 0) return 2;
  return 1;
}

/** Take an exception to `target` with preferred return address `ret`. */
export function takeException(target: i32, vec: i32, esr: u64, far: u64, setFar: bool, ret: u64): void {
  let el = EL();
  if (load<i32>(ACT + O_HOSTEXC) != 0) {
    store<u64>(ACT + O_LAST_ESR, esr);
    store<u64>(ACT + O_LAST_FAR, far);
    store<u64>(ACT + O_LAST_ELR, ret);
    store<i32>(ACT + O_LAST_TARGET, target);
    store<i32>(ACT + O_LAST_VEC, vec);
    store<u64>(ACT + O_PC, ret);
    x_hostStop = 1;
    return;
  }
  let si: usize = vec == VEC_SYNC ? <usize>((esr >> 26) & 63) : 63 + <usize>(vec >> 7);
  store<i32>(STATS + (si << 2), load<i32>(STATS + (si << 2)) + 1);
  let off: u64;
  if (target == el) off = load<i32>(ACT + O_SPSEL) != 0 ? 0x200 : 0;
  else off = 0x400;
  setSR(spsrIdx(target), <u64>getPstate());
  setSR(elrIdx(target), ret);
  if (vec == VEC_SYNC || vec == VEC_SERROR) setSR(esrIdx(target), esr);
  if (setFar) setSR(farIdx(target), far);
  saveSp();
  store<i32>(ACT + O_EL, target);
  store<i32>(ACT + O_SPSEL, 1);
  store<i32>(ACT + O_DAIF, 0x3c0);
  store<i32>(ACT + O_IL, 0);
  store<i32>(ACT + O_SS, 0);
  store<i32>(ACT + O_EXCL_VALID, 0);
  loadSp();
  refreshEl();
  store<u64>(ACT + O_PC, (SR(vbarIdx(target)) & ~<u64>0x7ff) + off + <u64>vec);
}

/** ERET from the current EL (>= 1). Sets PC. */
export function eret(): void {
  let el = EL();
  let spsr = <u32>SR(spsrIdx(el));
  let elr = SR(elrIdx(el));
  let tel = <i32>((spsr >> 2) & 3);
  let illegal = false;
  if ((spsr & 0x10) != 0) illegal = true; // AArch32 not implemented
  else if (tel > el) illegal = true;
  else if (tel == 2 && (SR(S.SR_SCR_EL3) & 1) == 0) illegal = true; // EL2 not in Secure state
  else if (tel == 1 && el == 2 && (SR(S.SR_HCR_EL2) & (<u64>1 << 27)) != 0) illegal = true;
  else if (tel == 0 && (spsr & 1) != 0) illegal = true;
  // AArch64 lower ELs only when SCR_EL3.RW / HCR_EL2.RW say so (AArch32 is not implemented)
  else if (el == 3 && tel < 3 && (SR(S.SR_SCR_EL3) & 0x400) == 0) illegal = true;
  else if (tel < 2 && el >= 2 && (SR(S.SR_SCR_EL3) & 1) != 0 && (SR(S.SR_HCR_EL2) & (<u64>1 << 31)) == 0) illegal = true;
  store<i32>(ACT + O_EXCL_VALID, 0);
  store<i32>(ACT + O_EVENT, 1); // an exception return sets the event register
  if (illegal) {
    // Illegal exception return: keep EL/SPSel, take NZCV/DAIF, set PSTATE.IL.
    saveSp();
    setNZCV(spsr);
    store<i32>(ACT + O_DAIF, spsr & 0x3c0);
    store<i32>(ACT + O_IL, 1);
    loadSp();
    refreshEl();
  } else {
    setPstate(spsr & ~<u32>(1 << 20) | (spsr & (1 << 20)));
  }
  // Bits 63:56 of the target address are kept as written (no TBI on PC in v8.0 fetches).
  store<u64>(ACT + O_PC, elr);
}

// ---- interrupts
/** Physical/virtual interrupt pending and not masked for the current state: takes it. */
export function checkInterrupts(): bool {
  let lines = load<i32>(ACT + O_LINES);
  let hcr = SR(S.SR_HCR_EL2);
  let scr = SR(S.SR_SCR_EL3);
  let el = EL();
  let daif = load<i32>(ACT + O_DAIF);
  let ns = (scr & 1) != 0;
  let tge = ns && (hcr & (<u64>1 << 27)) != 0;
  let pc = load<u64>(ACT + O_PC);
  // order: SError, FIQ, IRQ; physical before virtual
  for (let k = 0; k < 3; k++) {
    let bit = k == 0 ? 4 : k == 1 ? 2 : 1;
    if ((lines & bit) == 0) continue;
    let scrBit: u64 = k == 0 ? 8 : k == 1 ? 4 : 2;
    let hcrBit: u64 = k == 0 ? 0x20 : k == 1 ? 0x08 : 0x10;
    let mask = k == 0 ? 0x100 : k == 1 ? 0x40 : 0x80;
    let target: i32;
    if ((scr & scrBit) != 0) target = 3;
    else if (ns && el < 2 && ((hcr & hcrBit) != 0 || tge)) target = 2;
    else target = el < 1 ? 1 : el;
    if (target < el) continue;
    if (target == el && (daif & mask) != 0) continue;
    takeException(target, k == 0 ? VEC_SERROR : k == 1 ? VEC_FIQ : VEC_IRQ, <u64>EC_SERROR << 26 | (<u64>1 << 25), 0, false, pc);
    return true;
  }
  if (ns && el <= 1 && !tge) {
    // virtual SError / FIQ / IRQ from HCR_EL2.VSE/VF/VI when the physical one is routed to EL2
    if ((hcr & 0x100) != 0 && (hcr & 0x20) != 0 && (daif & 0x100) == 0) {
      setSR(S.SR_HCR_EL2, hcr & ~<u64>0x100);
      takeException(1, VEC_SERROR, <u64>EC_SERROR << 26 | (<u64>1 << 25), 0, false, pc);
      return true;
    }
    if ((hcr & 0x40) != 0 && (hcr & 0x08) != 0 && (daif & 0x40) == 0) { takeException(1, VEC_FIQ, 0, 0, false, pc); return true; }
    if ((hcr & 0x80) != 0 && (hcr & 0x10) != 0 && (daif & 0x80) == 0) { takeException(1, VEC_IRQ, 0, 0, false, pc); return true; }
  }
  return false;
}

/** Anything that wakes WFI: a pending interrupt, masked or not. */
export function interruptPending(): bool {
  if ((load<i32>(ACT + O_LINES) & 7) != 0) return true;
  let hcr = SR(S.SR_HCR_EL2);
  if (EL() <= 1 && (SR(S.SR_SCR_EL3) & 1) != 0) {
    if ((hcr & 0x80) != 0 && (hcr & 0x10) != 0) return true;
    if ((hcr & 0x40) != 0 && (hcr & 0x08) != 0) return true;
    if ((hcr & 0x100) != 0 && (hcr & 0x20) != 0) return true;
  }
  return false;
}
