// Entry points exported to JS (tools/emu/cpu.ts). Registers and most state are read and written
// by JS directly in memory at stateBase(core); these functions do what needs the core's logic.
import { STATS, ACT, SAVE, STATE_SIZE, TLBS, TLB_CORE_SIZE, O_CORE, O_EL, O_SPSEL, O_DAIF, O_PC, O_LINES, O_TLINES, O_HOSTEXC, O_EXCL_VALID, O_EVENT, O_HALTED, O_SPEL, O_TPI, R_SP, BPS } from './layout';
import { g_core, setCore, setNcores, setRamSize, setTlb, setSR, SR, setCheckIrq, X, setX } from './state';
import * as S from './sysregs.gen';
import { refreshEl, getPstate, setPstate, saveSp, loadSp } from './exceptions';
import { initSlots, invalidateCode as inval, flushTlbAll, flushTlbCore, setExclOthers } from './mem';
import { translate as xlate, ACC_R, ACC_W, setS1Only } from './mmu';
import { run as runLoop, setSkipBp } from './exec';
import * as T from './timer';
import { MIDR, PMCR_RO } from './sysregs';
export { jitEnable, jitRead, jitWrite, jitStoreHook, jitPrep, jitFlush } from './jit/hook'; // JIT hook

let ncores = 1;
let cntfrq: u64 = 19200000;

export function init(cores: i32, ramBytes: f64): void {
  ncores = cores;
  setNcores(cores);
  setRamSize(<u64>ramBytes);
  memory.fill(ACT, 0, STATE_SIZE);
  memory.fill(SAVE, 0, <usize>STATE_SIZE * 4);
  memory.fill(TLBS, 0, <usize>TLB_CORE_SIZE * 4);
  store<i32>(BPS, 0);
  memory.fill(STATS, 0, 72 * 4);
  initSlots();
  setCore(0);
  setTlb(TLBS);
  for (let c = 0; c < cores; c++) resetCore(c, 0, 3);
  switchTo(0);
}

export function switchTo(c: i32): void {
  if (g_core != c) {
    memory.copy(SAVE + <usize>g_core * STATE_SIZE, ACT, STATE_SIZE);
    memory.copy(ACT, SAVE + <usize>c * STATE_SIZE, STATE_SIZE);
    setCore(c);
  }
  setTlb(TLBS + <usize>c * TLB_CORE_SIZE);
  let others = 0;
  for (let i = 0; i < ncores; i++) if (i != c && load<i32>(SAVE + <usize>i * STATE_SIZE + O_EXCL_VALID) != 0) others = 1;
  setExclOthers(others);
  refreshEl();
  setCheckIrq(1);
}

export function stateBase(c: i32): usize { return c == g_core ? ACT : SAVE + <usize>c * STATE_SIZE; }

export function setCntfrq(hz: f64): void { cntfrq = <u64>hz; }

export function resetCore(c: i32, pc: f64, el: i32): void {
  switchTo(c);
  let keepLines = load<i32>(ACT + O_LINES);
  memory.fill(ACT, 0, STATE_SIZE); // also frees the TLB context slots, so:
  memory.fill(TLBS + <usize>c * TLB_CORE_SIZE, 0, TLB_CORE_SIZE); // nothing cached before may match
  store<i32>(ACT + O_CORE, c);
  store<i32>(ACT + O_LINES, keepLines);
  store<i32>(ACT + O_EL, el);
  store<i32>(ACT + O_SPSEL, 1);
  store<i32>(ACT + O_DAIF, 0x3c0);
  store<u64>(ACT + O_PC, <u64>pc);
  store<f64>(ACT + O_TPI, 0);
  setSR(S.SR_SCTLR_EL1, 0x00c50838);
  setSR(S.SR_SCTLR_EL2, 0x30c50838);
  setSR(S.SR_SCTLR_EL3, 0x30c50838);
  setSR(S.SR_VPIDR_EL2, MIDR);
  setSR(S.SR_VMPIDR_EL2, <u64>0x80000000 | <u64>c);
  setSR(S.SR_CNTFRQ_EL0, cntfrq);
  setSR(S.SR_CTR_EL0, 0x84448004);
  setSR(S.SR_CLIDR_EL1, 0x0a200023);
  setSR(S.SR_DCZID_EL0, 4);
  setSR(S.SR_ID_AA64PFR0_EL1, 0x1111);
  setSR(S.SR_ID_AA64ISAR0_EL1, 0x10000);
  setSR(S.SR_ID_AA64MMFR0_EL1, 0x0f001122);
  setSR(S.SR_ID_AA64DFR0_EL1, 0x10305106);
  setSR(S.SR_CPTR_EL2, 0x33ff);
  setSR(S.SR_OSLSR_EL1, 0xa);
  setSR(S.SR_PMCR_EL0, PMCR_RO);       // IMP 0x41 (Arm), IDCODE 0x03 (A53), N = 6 counters
  setSR(S.SR_PMCEID0_EL0, 0x67ffbfff); // the common events an A53 (with L2) implements
  setSR(S.SR_RVBAR_EL3, <u64>pc);
  if (el < 3) setSR(S.SR_SCR_EL3, 0x5b1);
  // Entered below EL2 (no hypervisor ran): EL1 is AArch64 and may use the physical counter/timer.
  if (el < 2) { setSR(S.SR_HCR_EL2, <u64>1 << 31); setSR(S.SR_CNTHCTL_EL2, 3); }
  loadSp();
  refreshEl();
  setCheckIrq(1);
}

export function run(c: i32, maxInsns: i32): i32 {
  switchTo(c);
  return runLoop(maxInsns);
}
export function skipBreakpointOnce(): void { setSkipBp(1); }

export function setLines(c: i32, lines: i32): void {
  store<i32>(stateBase(c) + O_LINES, lines);
  if (c == g_core) setCheckIrq(1);
}
export function setCounter(c: i32, cnt: f64, tpi: f64): void { switchTo(c); T.setCounter(<u64>cnt, tpi); }
export function timerLines(c: i32): i32 { return load<i32>(stateBase(c) + O_TLINES); }
export function updateTimerLines(c: i32): i32 { switchTo(c); let l = T.timerLines(); store<i32>(ACT + O_TLINES, l); return l; }
/** CNTPCT value at which the next timer event happens (-1 none). */
export function nextTimerDeadline(c: i32): f64 {
  switchTo(c);
  let t = T.ticksToNextEvent();
  if (t < 0) return -1;
  return <f64>(T.counter() + <u64>t);
}
export function counterNow(c: i32): f64 { switchTo(c); return <f64>T.counter(); }

export function getPstateOf(c: i32): u32 { switchTo(c); saveSp(); return getPstate(); }
export function setPstateOf(c: i32, v: u32): void { switchTo(c); setPstate(v); }
/** After JS wrote system registers directly: re-derive cached state. */
export function stateChanged(c: i32): void { switchTo(c); flushTlbAll(); refreshEl(); setCheckIrq(1); }
export function syncSpBanks(c: i32): void { switchTo(c); saveSp(); }
export function reloadSp(c: i32): void { switchTo(c); loadSp(); }

export function invalidateCode(pa: f64, len: f64): void { inval(<u64>pa, <u64>len); }
export function invalidateAllCode(): void { initSlots(); }
export function flushTlbs(): void { flushTlbAll(); }
export function sendEvent(): void {
  for (let c = 0; c < ncores; c++) store<i32>(stateBase(c) + O_EVENT, 1);
}
export function setHalted(c: i32, h: i32): void { store<i32>(stateBase(c) + O_HALTED, h); }
export function setHostExceptions(c: i32, on: i32): void { store<i32>(stateBase(c) + O_HOSTEXC, on); }

/** Translate for the debugger: returns PA or -1. */
export function translateVa(c: i32, va: u64, write: i32): i64 {
  switchTo(c);
  let el = load<i32>(ACT + O_EL);
  return xlate(va, write ? ACC_W : ACC_R, el);
}
void SR; void X; void flushTlbCore; void setX; void R_SP; void O_SPEL; void O_PC; void setS1Only; void O_DAIF;
