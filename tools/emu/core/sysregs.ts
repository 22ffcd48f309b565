// MRS/MSR/SYS: access checks, the traps HCR_EL2/CNTHCTL/CNTKCTL/SCTLR select, computed
// registers, and the side effects of writes (translation changes flush the soft TLB).
import { ACT, O_EL, O_SPSEL, O_DAIF, O_SPEL, O_FPCR, O_FPSR, O_CORE, O_LINES, R_SP } from './layout';
import { SR, setSR, EL, X, setX, getNZCV, setNZCV, setLeave, setCheckIrq } from './state';
import * as S from './sysregs.gen';
import { refreshEl, defaultTarget, EC_SYS, EC_UNKNOWN } from './exceptions';
import { flushTlbAll, flushTlbCore, tlbDropVmid, tlbDropAsid, tlbDropEl1, tlbDropEl, wr64, m_fault } from './mem';
import { translate, setS1Only, ACC_R, ACC_W, f_fsc, f_s2, f_s1ptw, f_ipa, t_attr, t_sh } from './mmu';
import * as T from './timer';

const RO: u32 = 1, WO: u32 = 2, EL0F: u32 = 4, TVM: u32 = 8, TID1: u32 = 16, TID2: u32 = 32, TID3: u32 = 64, TACR: u32 = 128;

// Outcome of a system instruction: 0 ok, otherwise an exception described by s_esr/s_target.
export let s_esr: u64 = 0;
export let s_target: i32 = 1;
export let s_timerTouched: i32 = 0;
// FAR of an exception a system instruction raised (AT from EL1 faulting on its table walk).
export let s_far: u64 = 0;
export let s_hasFar: i32 = 0;
export function clearSysFar(): void { s_hasFar = 0; }
export function clearTimerTouched(): void { s_timerTouched = 0; }

export const MIDR: u64 = 0x410fd034; // Cortex-A53 r0p4
export const PMCR_RO: u64 = 0x41033000; // PMCR_EL0 IMP/IDCODE/N: Arm, Cortex-A53, 6 event counters

function undef(): i32 { s_esr = (<u64>EC_UNKNOWN << 26) | (<u64>1 << 25); s_target = defaultTarget(); return 1; }
function trap(key: u32, rt: u32, read: bool, target: i32): i32 {
  let op0 = (key >> 14) & 3, op1 = (key >> 11) & 7, crn = (key >> 7) & 15, crm = (key >> 3) & 15, op2 = key & 7;
  let iss: u64 = (<u64>op0 << 20) | (<u64>op2 << 17) | (<u64>op1 << 14) | (<u64>crn << 10) | (<u64>(rt & 31) << 5) | (<u64>crm << 1) | (read ? 1 : 0);
  s_esr = (<u64>EC_SYS << 26) | (<u64>1 << 25) | iss;
  s_target = target;
  return 1;
}
@inline function nsEl2(): bool { return (SR(S.SR_SCR_EL3) & 1) != 0; }

/** Common access checks; returns the register index, or -1 with s_esr set. */
function check(key: u32, rt: u32, read: bool): i32 {
  let idx = S.sysregLookup(key);
  if (idx < 0) { undef(); return -1; }
  let fl = S.sysregFlags(idx);
  let el = EL();
  let op0 = key >> 14, op1 = (key >> 11) & 7;
  let minEl = op1 == 4 || op1 == 5 ? 2 : op1 == 6 ? 3 : (op1 == 3 && (fl & EL0F) != 0) ? 0 : 1;
  if (op0 == 2 && op1 == 3) minEl = 0;
  if (el < minEl) { undef(); return -1; }
  if (read && (fl & WO) != 0) { undef(); return -1; }
  if (!read && (fl & RO) != 0) { undef(); return -1; }
  let hcr = SR(S.SR_HCR_EL2);
  let toEl2 = el <= 1 && nsEl2() && (hcr & (<u64>1 << 27)) == 0;
  if (el == 0) {
    let sctlr = SR(S.SR_SCTLR_EL1);
    let t = defaultTarget();
    if (idx == S.SR_DAIF && (sctlr & (1 << 9)) == 0) { trap(key, rt, read, t); return -1; }
    if (idx == S.SR_CTR_EL0 && (sctlr & (1 << 15)) == 0) { trap(key, rt, read, t); return -1; }
    // CNTKCTL_EL1 gates EL0 access to the counters and timers
    let k = SR(S.SR_CNTKCTL_EL1);
    if (idx == S.SR_CNTPCT_EL0 && (k & 1) == 0) { trap(key, rt, read, t); return -1; }
    if (idx == S.SR_CNTVCT_EL0 && (k & 2) == 0) { trap(key, rt, read, t); return -1; }
    if (idx == S.SR_CNTFRQ_EL0 && (k & 3) == 0) { trap(key, rt, read, t); return -1; }
    if ((idx == S.SR_CNTV_CTL_EL0 || idx == S.SR_CNTV_CVAL_EL0 || idx == S.SR_CNTV_TVAL_EL0) && (k & 0x100) == 0) { trap(key, rt, read, t); return -1; }
    if ((idx == S.SR_CNTP_CTL_EL0 || idx == S.SR_CNTP_CVAL_EL0 || idx == S.SR_CNTP_TVAL_EL0) && (k & 0x200) == 0) { trap(key, rt, read, t); return -1; }
  }
  if (toEl2) {
    if ((fl & TID1) != 0 && (hcr & (<u64>1 << 15)) != 0) { trap(key, rt, read, 2); return -1; }
    if ((fl & TID2) != 0 && (hcr & (<u64>1 << 16)) != 0) { trap(key, rt, read, 2); return -1; }
    if ((fl & TID3) != 0 && (hcr & (<u64>1 << 18)) != 0) { trap(key, rt, read, 2); return -1; }
    if ((fl & TACR) != 0 && (hcr & (<u64>1 << 21)) != 0) { trap(key, rt, read, 2); return -1; }
    if ((fl & TVM) != 0 && !read && (hcr & (<u64>1 << 26)) != 0) { trap(key, rt, read, 2); return -1; }
    if ((fl & TVM) != 0 && read && (hcr & (<u64>1 << 30)) != 0) { trap(key, rt, read, 2); return -1; }
    // CNTHCTL_EL2: EL1PCTEN (bit 0) gates CNTPCT, EL1PCEN (bit 1) the EL1 physical timer
    let c = SR(S.SR_CNTHCTL_EL2);
    if (idx == S.SR_CNTPCT_EL0 && (c & 1) == 0) { trap(key, rt, read, 2); return -1; }
    if ((idx == S.SR_CNTP_CTL_EL0 || idx == S.SR_CNTP_CVAL_EL0 || idx == S.SR_CNTP_TVAL_EL0) && (c & 2) == 0) { trap(key, rt, read, 2); return -1; }
  }
  if (idx == S.SR_CNTPS_CTL_EL1 || idx == S.SR_CNTPS_CVAL_EL1 || idx == S.SR_CNTPS_TVAL_EL1) {
    if (el == 1 && nsEl2()) { undef(); return -1; }
  }
  return idx;
}

function curSpIsEl0(): bool { return load<i32>(ACT + O_SPSEL) == 0; }

/** MRS. Returns 0 and writes Xt, or 1 with an exception described. */
export function mrs(key: u32, rt: u32): i32 {
  let idx = check(key, rt, true);
  if (idx < 0) return 1;
  let el = EL();
  let v: u64;
  if (idx == S.SR_MIDR_EL1) v = el == 1 && nsEl2() ? SR(S.SR_VPIDR_EL2) : MIDR;
  else if (idx == S.SR_MPIDR_EL1) v = el == 1 && nsEl2() ? SR(S.SR_VMPIDR_EL2) : (<u64>0x80000000 | <u64>load<i32>(ACT + O_CORE));
  else if (idx == S.SR_CurrentEL) v = <u64>el << 2;
  else if (idx == S.SR_SPSel) v = <u64>load<i32>(ACT + O_SPSEL);
  else if (idx == S.SR_DAIF) v = <u64>load<i32>(ACT + O_DAIF);
  else if (idx == S.SR_NZCV) v = <u64>getNZCV();
  else if (idx == S.SR_FPCR) v = <u64>load<u32>(ACT + O_FPCR);
  else if (idx == S.SR_FPSR) v = <u64>load<u32>(ACT + O_FPSR);
  else if (idx == S.SR_SP_EL0) v = curSpIsEl0() ? X(R_SP) : load<u64>(ACT + O_SPEL);
  else if (idx == S.SR_SP_EL1) v = load<u64>(ACT + O_SPEL + 8);
  else if (idx == S.SR_SP_EL2) v = load<u64>(ACT + O_SPEL + 16);
  else if (idx == S.SR_CCSIDR_EL1) {
    let sel = SR(S.SR_CSSELR_EL1) & 15;
    v = sel == 0 ? 0x700fe01a : sel == 1 ? 0x201fe00a : sel == 2 ? 0x703fe07a : 0;
  }
  else if (idx == S.SR_ISR_EL1) {
    let l = load<i32>(ACT + O_LINES); let hcr = SR(S.SR_HCR_EL2);
    let r: u64 = 0;
    if (el <= 1 && nsEl2() && (hcr & 0x10) != 0) { if (hcr & 0x80) r |= 0x80; } else if (l & 1) r |= 0x80;
    if (el <= 1 && nsEl2() && (hcr & 0x08) != 0) { if (hcr & 0x40) r |= 0x40; } else if (l & 2) r |= 0x40;
    if (el <= 1 && nsEl2() && (hcr & 0x20) != 0) { if (hcr & 0x100) r |= 0x100; } else if (l & 4) r |= 0x100;
    v = r;
  }
  else if (idx == S.SR_CNTPCT_EL0) v = T.counter();
  else if (idx == S.SR_CNTVCT_EL0) v = T.virtCounter();
  else if (idx == S.SR_CNTP_CTL_EL0) v = T.readCtl(0);
  else if (idx == S.SR_CNTV_CTL_EL0) v = T.readCtl(1);
  else if (idx == S.SR_CNTHP_CTL_EL2) v = T.readCtl(2);
  else if (idx == S.SR_CNTPS_CTL_EL1) v = T.readCtl(3);
  else if (idx == S.SR_CNTP_TVAL_EL0) v = T.readTval(0);
  else if (idx == S.SR_CNTV_TVAL_EL0) v = T.readTval(1);
  else if (idx == S.SR_CNTHP_TVAL_EL2) v = T.readTval(2);
  else if (idx == S.SR_CNTPS_TVAL_EL1) v = T.readTval(3);
  else v = SR(idx);
  setX(rt, v);
  return 0;
}

/** Registers whose change alters translation: flush this core's soft TLB. */
function translationReg(idx: i32): bool {
  return idx == S.SR_SCTLR_EL1 || idx == S.SR_SCTLR_EL2 || idx == S.SR_SCTLR_EL3 || idx == S.SR_TTBR0_EL1 ||
    idx == S.SR_TTBR1_EL1 || idx == S.SR_TCR_EL1 || idx == S.SR_TTBR0_EL2 || idx == S.SR_TCR_EL2 ||
    idx == S.SR_TTBR0_EL3 || idx == S.SR_TCR_EL3 || idx == S.SR_VTTBR_EL2 || idx == S.SR_VTCR_EL2 ||
    idx == S.SR_HCR_EL2 || idx == S.SR_SCR_EL3 || idx == S.SR_CPACR_EL1 || idx == S.SR_CPTR_EL2 || idx == S.SR_CPTR_EL3 || idx == S.SR_MAIR_EL1 || idx == S.SR_MAIR_EL2 || idx == S.SR_MAIR_EL3;
}

function asidReg(idx: i32): bool { return idx == S.SR_TTBR0_EL1 || idx == S.SR_TTBR1_EL1 || idx == S.SR_VTTBR_EL2; }

// TLBI (op1 << 3 | op2) with CRm 3 (Inner Shareable) or 7 -> which contexts it drops: 1 current
// VMID, 2 ASID in Xt of the current VMID, 3 all EL1&0, 4 EL2, 5 EL3. Everything else (by VA,
// by IPA) flushes the whole TLB: the soft TLB holds 4 KiB pieces of blocks, so one VA in a
// block does not name them all. Every op is applied to all cores (over-invalidation is allowed).
function tlbiScope(op1: u32, crm: u32, op2: u32): i32 {
  if (crm != 3 && crm != 7) return 0;
  let f = (op1 << 3) | op2;
  if (f == 0x00 || f == 0x26) return 1; // VMALLE1, VMALLS12E1
  if (f == 0x02) return 2;              // ASIDE1
  if (f == 0x24) return 3;              // ALLE1
  if (f == 0x20) return 4;              // ALLE2
  if (f == 0x30) return 5;              // ALLE3
  return 0;
}

export function msr(key: u32, rt: u32): i32 {
  let idx = check(key, rt, false);
  if (idx < 0) return 1;
  let v = X(rt);
  if (idx == S.SR_SPSel) { setPstateSp(<i32>(v & 1)); return 0; }
  if (idx == S.SR_DAIF) { store<i32>(ACT + O_DAIF, <i32>(v & 0x3c0)); setCheckIrq(1); setLeave(1); return 0; }
  if (idx == S.SR_NZCV) { setNZCV(<u32>v); return 0; }
  if (idx == S.SR_FPCR) { store<u32>(ACT + O_FPCR, <u32>v & 0x07f70000); return 0; } // A53: AHP DN FZ RMode Stride Len (no FZ16; trap enables RAZ/WI)
  if (idx == S.SR_FPSR) { store<u32>(ACT + O_FPSR, <u32>v & 0xf800009f); return 0; }
  if (idx == S.SR_SP_EL0) { if (curSpIsEl0()) setX(R_SP, v); else store<u64>(ACT + O_SPEL, v); return 0; }
  if (idx == S.SR_SP_EL1) { store<u64>(ACT + O_SPEL + 8, v); return 0; }
  if (idx == S.SR_SP_EL2) { store<u64>(ACT + O_SPEL + 16, v); return 0; }
  if (idx == S.SR_CNTP_CTL_EL0) { T.writeCtl(0, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTV_CTL_EL0) { T.writeCtl(1, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTHP_CTL_EL2) { T.writeCtl(2, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTPS_CTL_EL1) { T.writeCtl(3, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTP_TVAL_EL0) { T.writeTval(0, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTV_TVAL_EL0) { T.writeTval(1, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTHP_TVAL_EL2) { T.writeTval(2, v); s_timerTouched = 1; return 0; }
  if (idx == S.SR_CNTPS_TVAL_EL1) { T.writeTval(3, v); s_timerTouched = 1; return 0; }
  // PMCR_EL0: E, D, X, DP, LC are written; P and C (counter resets) read as 0; IMP/IDCODE/N fixed
  if (idx == S.SR_PMCR_EL0) { setSR(idx, PMCR_RO | (v & 0x79)); return 0; }
  let old = SR(idx);
  setSR(idx, v);
  if (idx == S.SR_CNTP_CVAL_EL0 || idx == S.SR_CNTV_CVAL_EL0 || idx == S.SR_CNTHP_CVAL_EL2 || idx == S.SR_CNTPS_CVAL_EL1 || idx == S.SR_CNTVOFF_EL2) s_timerTouched = 1;
  // TTBR0/1_EL1 and VTTBR_EL2 (bases, ASID, VMID) are part of the TLB context: a write selects
  // another context (cached entries stay tagged, as the architecture allows), no flush.
  if (asidReg(idx)) { if (old != v) refreshEl(); }
  else if (translationReg(idx)) { flushTlbCore(); refreshEl(); }
  if (idx == S.SR_HCR_EL2 || idx == S.SR_SCR_EL3) { setCheckIrq(1); setLeave(1); }
  return 0;
}

function setPstateSp(sel: i32): void {
  let el = <usize>load<i32>(ACT + O_EL);
  let cur = load<i32>(ACT + O_SPSEL) != 0 ? el : 0;
  store<u64>(ACT + O_SPEL + (cur << 3), X(R_SP));
  store<i32>(ACT + O_SPSEL, sel);
  let nw = sel != 0 ? el : 0;
  setX(R_SP, load<u64>(ACT + O_SPEL + (nw << 3)));
}

/** MSR (immediate): SPSel, DAIFSet, DAIFClr. */
export function msrImm(op1: u32, op2: u32, crm: u32): i32 {
  let el = EL();
  let f = (op1 << 3) | op2;
  if (f == 0x05) { if (el == 0) return undef(); setPstateSp(<i32>(crm & 1)); return 0; }
  if (f == 0x1e || f == 0x1f) {
    if (el == 0 && (SR(S.SR_SCTLR_EL1) & (1 << 9)) == 0) {
      return trap((0 << 14) | (op1 << 11) | (4 << 7) | (crm << 3) | op2, 31, false, defaultTarget());
    }
    let d = load<i32>(ACT + O_DAIF);
    let bits = <i32>(crm << 6);
    store<i32>(ACT + O_DAIF, f == 0x1e ? d | bits : d & ~bits);
    setCheckIrq(1); setLeave(1);
    return 0;
  }
  return undef();
}

function writePar(p: i64, el: i32): void {
  if (p < 0) {
    setSR(S.SR_PAR_EL1, 0x800 | 1 | (<u64>f_fsc << 1) | (<u64>f_s1ptw << 8) | (<u64>f_s2 << 9));
  } else {
    setSR(S.SR_PAR_EL1, 0x800 | (<u64>p & 0x0000fffffffff000) | (<u64>t_attr << 56) | (nsEl2() && el < 3 ? 0x200 : 0) | (<u64>t_sh << 7));
  }
}

/** SYS: TLBI, AT, DC, IC. */
export function sys(key: u32, rt: u32): i32 {
  let op1 = (key >> 11) & 7, crn = (key >> 7) & 15, crm = (key >> 3) & 15, op2 = key & 7;
  let el = EL();
  let hcr = SR(S.SR_HCR_EL2);
  let minEl: i32 = op1 == 4 ? 2 : op1 == 6 ? 3 : op1 == 3 ? 0 : 1;
  if (op1 != 0 && op1 != 3 && op1 != 4 && op1 != 6) return undef();
  if (el < minEl) return undef();
  if (crn == 8) { // TLBI
    if (el == 0) return undef();
    if (el == 1 && nsEl2() && (hcr & (<u64>1 << 25)) != 0) return trap((1 << 14) | (key & 0x3fff), rt, false, 2);
    let scope = tlbiScope(op1, crm, op2);
    if (scope == 1) tlbDropVmid();
    else if (scope == 2) tlbDropAsid(X(rt) >>> 48);
    else if (scope == 3) tlbDropEl1();
    else if (scope == 4) tlbDropEl(2);
    else if (scope == 5) tlbDropEl(3);
    else flushTlbAll();
    setLeave(1);
    return 0;
  }
  if (crn == 7 && crm == 8) { // AT
    if (el == 0) return undef();
    let va = X(rt);
    let wr = (op2 & 1) != 0 ? ACC_W : ACC_R;
    let tel: i32;
    let s1only = 1;
    if (op1 == 0) tel = op2 >= 2 ? 0 : 1;
    else if (op1 == 4) { if (op2 >= 4) { tel = op2 >= 6 ? 0 : 1; s1only = 0; } else tel = 2; }
    else tel = 3;
    setS1Only(s1only);
    let p = translate(va, wr, tel);
    setS1Only(0);
    if (p < 0 && f_s1ptw != 0 && el == 1) {
      // A stage-2 fault on the stage-1 walk of AT from EL1 is a data abort taken to EL2 (CM,
      // S1PTW, WnR = 1), not a PAR result.
      setSR(S.SR_HPFAR_EL2, (f_ipa >>> 12) << 4);
      s_esr = (<u64>0x24 << 26) | (<u64>1 << 25) | (1 << 8) | (1 << 7) | (1 << 6) | <u64>f_fsc;
      s_target = 2; s_far = va; s_hasFar = 1;
      return 1;
    }
    writePar(p, tel);
    return 0;
  }
  if (crn == 7) { // DC / IC
    if (op1 == 3 && crm == 4 && op2 == 1) { // DC ZVA
      if (el == 0 && (SR(S.SR_SCTLR_EL1) & (1 << 14)) == 0) return trap((1 << 14) | (key & 0x3fff), rt, false, defaultTarget());
      let a = X(rt) & ~<u64>63;
      for (let i: u64 = 0; i < 64; i += 8) { wr64(a + i, 0); if (m_fault) return 2; }
      return 0;
    }
    if (op1 == 3 && el == 0 && (SR(S.SR_SCTLR_EL1) & (1 << 26)) == 0 && crm != 5) return trap((1 << 14) | (key & 0x3fff), rt, false, defaultTarget());
    setLeave(1);
    return 0; // caches are not modelled: maintenance succeeds
  }
  return undef();
}
void O_FPCR; void flushTlbAll;
