// EC 0x18: an MSR/MRS the hypervisor traps. HCR_EL2.TID1-TID3 trap the ID registers (answered
// with the real CPU's values, sanitised to what a VM has: no EL2/EL3, no PMU, no debug
// beyond the architecture's minimum), TID2 the cache identification registers, TACR the
// auxiliary control register (per-VM storage), MDCR_EL2 the PMU and debug registers and
// CNTHCTL_EL2 the EL1 physical timer (read as zero, writes ignored). Any other trapped
// register reads as zero and ignores writes, reported once per VM. Rt = 31 is XZR.
import {
  ID_AA64PFR0_EL1, ID_AA64PFR1_EL1, ID_AA64DFR0_EL1, ID_AA64ISAR0_EL1, ID_AA64ISAR1_EL1,
  ID_AA64MMFR0_EL1, ID_AA64MMFR1_EL1, ID_AA64MMFR2_EL1, ID_AA64AFR0_EL1, ID_AA64AFR1_EL1,
  ID_AA64DFR1_EL1, MIDR_EL1, REVIDR_EL1, AIDR_EL1, CTR_EL0, CLIDR_EL1, CCSIDR_EL1, CSSELR_EL1, isb,
  ID_PFR0_EL1, ID_PFR1_EL1, ID_DFR0_EL1, ID_AFR0_EL1, ID_MMFR0_EL1, ID_MMFR1_EL1, ID_MMFR2_EL1,
  ID_MMFR3_EL1, ID_ISAR0_EL1, ID_ISAR1_EL1, ID_ISAR2_EL1, ID_ISAR3_EL1, ID_ISAR4_EL1, ID_ISAR5_EL1,
  MVFR0_EL1, MVFR1_EL1, MVFR2_EL1, VMPIDR_EL2,
} from "aarch64";
import { Vm } from "../vm/vm";
import { getX, setX, skipInstruction } from "../arch/frame";
import { warnBegin, part, partDec, warnEnd } from "./report";

/** op0:op1:CRn:CRm:op2 packed as in the MRS encoding (bits 20:5 of the instruction). */
function key(op0: u32, op1: u32, crn: u32, crm: u32, op2: u32): u32 {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

const K_MIDR = key(3, 0, 0, 0, 0);
const K_MPIDR = key(3, 0, 0, 0, 5);
const K_REVIDR = key(3, 0, 0, 0, 6);
const K_AIDR = key(3, 1, 0, 0, 7);
const K_CTR = key(3, 3, 0, 0, 1);
const K_CLIDR = key(3, 1, 0, 0, 1);
const K_CCSIDR = key(3, 1, 0, 0, 0);
const K_CSSELR = key(3, 2, 0, 0, 0);
const K_ACTLR = key(3, 0, 1, 0, 1);

// ID_AA64PFR0_EL1: EL0 and EL1 AArch64 only (EL2/EL3 fields 0: not implemented for a VM),
// FP and AdvSIMD as the CPU has them, no GIC system registers.
const PFR0_KEEP: u64 = 0xff << 16; // FP, AdvSIMD
const PFR0_VM: u64 = 0x11; // EL1 = EL0 = AArch64 only
// ID_AA64DFR0_EL1: debug architecture v8 (6), no PMU, breakpoint/watchpoint counts kept.
const DFR0_KEEP: u64 = 0xf0f000; // WRPs, BRPs
const DFR0_VM: u64 = 0x6;

/** The value an ID register (TID3 space: op0 3, op1 0, CRn 0, CRm 1-7) reads as in a VM. */
function idRegister(k: u32): u64 {
  switch (k) {
    case key(3, 0, 0, 4, 0): return (ID_AA64PFR0_EL1.read() & PFR0_KEEP) | PFR0_VM;
    case key(3, 0, 0, 4, 1): return ID_AA64PFR1_EL1.read();
    case key(3, 0, 0, 5, 0): return (ID_AA64DFR0_EL1.read() & DFR0_KEEP) | DFR0_VM;
    case key(3, 0, 0, 5, 1): return ID_AA64DFR1_EL1.read();
    case key(3, 0, 0, 5, 4): return ID_AA64AFR0_EL1.read();
    case key(3, 0, 0, 5, 5): return ID_AA64AFR1_EL1.read();
    case key(3, 0, 0, 6, 0): return ID_AA64ISAR0_EL1.read();
    case key(3, 0, 0, 6, 1): return ID_AA64ISAR1_EL1.read();
    case key(3, 0, 0, 7, 0): return ID_AA64MMFR0_EL1.read();
    case key(3, 0, 0, 7, 1): return ID_AA64MMFR1_EL1.read();
    case key(3, 0, 0, 7, 2): return ID_AA64MMFR2_EL1.read();
    // AArch32 views (the VM has no AArch32, but software may look).
    case key(3, 0, 0, 1, 0): return ID_PFR0_EL1.read();
    case key(3, 0, 0, 1, 1): return ID_PFR1_EL1.read();
    case key(3, 0, 0, 1, 2): return ID_DFR0_EL1.read();
    case key(3, 0, 0, 1, 3): return ID_AFR0_EL1.read();
    case key(3, 0, 0, 1, 4): return ID_MMFR0_EL1.read();
    case key(3, 0, 0, 1, 5): return ID_MMFR1_EL1.read();
    case key(3, 0, 0, 1, 6): return ID_MMFR2_EL1.read();
    case key(3, 0, 0, 1, 7): return ID_MMFR3_EL1.read();
    case key(3, 0, 0, 2, 0): return ID_ISAR0_EL1.read();
    case key(3, 0, 0, 2, 1): return ID_ISAR1_EL1.read();
    case key(3, 0, 0, 2, 2): return ID_ISAR2_EL1.read();
    case key(3, 0, 0, 2, 3): return ID_ISAR3_EL1.read();
    case key(3, 0, 0, 2, 4): return ID_ISAR4_EL1.read();
    case key(3, 0, 0, 2, 5): return ID_ISAR5_EL1.read();
    case key(3, 0, 0, 3, 0): return MVFR0_EL1.read();
    case key(3, 0, 0, 3, 1): return MVFR1_EL1.read();
    case key(3, 0, 0, 3, 2): return MVFR2_EL1.read();
  }
  return 0; // reserved ID space reads as zero
}

function isIdSpace(op0: u32, op1: u32, crn: u32, crm: u32): bool {
  return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

/** Distinct registers reported per VM; further ones are ignored silently (the list and the
 *  lines are bounded whatever a guest touches). */
const REPORTED_MAX: i32 = 32;

function reportOnce(vm: Vm, k: u32, write: bool): void {
  const seen = vm.reportedSysregs;
  if (seen.length >= REPORTED_MAX || seen.includes(k)) return;
  seen.push(k);
  if (!warnBegin(vm)) return;
  part(write ? "write to" : "read of");
  part(" system register S");
  partDec(k >> 14);
  part("_");
  partDec((k >> 11) & 7);
  part("_C");
  partDec((k >> 7) & 15);
  part("_C");
  partDec((k >> 3) & 15);
  part("_");
  partDec(k & 7);
  part(seen.length == REPORTED_MAX ? " ignored (reads as zero; further ones not reported)" : " ignored (reads as zero)");
  warnEnd();
}

export function handleSysreg(vm: Vm, frame: usize, iss: u32): void {
  vm.stats.sysreg++;
  const op0 = (iss >> 20) & 3;
  const op2 = (iss >> 17) & 7;
  const op1 = (iss >> 14) & 7;
  const crn = (iss >> 10) & 15;
  const rt = (iss >> 5) & 31;
  const crm = (iss >> 1) & 15;
  const read = (iss & 1) != 0;
  const k = key(op0, op1, crn, crm, op2);
  skipInstruction(frame);
  if (!read) {
    if (k == K_ACTLR) vm.actlr = getX(frame, rt);
    else if (k == K_CSSELR) vm.csselr = getX(frame, rt) & 0xf;
    else if (!isIdSpace(op0, op1, crn, crm)) reportOnce(vm, k, true);
    return;
  }
  let v: u64 = 0;
  if (isIdSpace(op0, op1, crn, crm)) v = idRegister(k);
  else if (k == K_ACTLR) v = vm.actlr;
  else if (k == K_CSSELR) v = vm.csselr;
  else if (k == K_MIDR) v = MIDR_EL1.read();
  else if (k == K_MPIDR) v = VMPIDR_EL2.read(); // the current vCPU's (world switch)
  else if (k == K_REVIDR) v = REVIDR_EL1.read();
  else if (k == K_AIDR) v = AIDR_EL1.read();
  else if (k == K_CTR) v = CTR_EL0.read();
  else if (k == K_CLIDR) v = CLIDR_EL1.read();
  else if (k == K_CCSIDR) {
    CSSELR_EL1.write(vm.csselr);
    isb();
    v = CCSIDR_EL1.read();
  } else reportOnce(vm, k, false);
  setX(frame, rt, v);
}
