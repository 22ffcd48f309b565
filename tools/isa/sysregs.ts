// System registers (MRS/MSR), SYS operations (AT, DC, IC, TLBI) and barrier options, as data.
// Source: ARM ARM (DDI 0487) register index, ARMv8.0-A registers at EL0-EL3 including the EL2
// virtualization registers, debug, PMU and generic timer; no GIC CPU-interface registers.
// `access`: 'r' read-only (MRS), 'w' write-only (MSR), 'rw' both. Names are upper case here;
// the assembler accepts any case, the disassembler prints them as listed (llvm-objdump does).
import { LLVM_EXTRA_SYSREGS } from './sysregs-llvm.ts';

export interface SysReg {
  name: string;
  op0: number;
  op1: number;
  CRn: number;
  CRm: number;
  op2: number;
  access: 'r' | 'w' | 'rw';
}

type Row = [string, number, number, number, number, number, ('r' | 'w' | 'rw')?];

const ROWS: Row[] = [
  // identification (read-only)
  ['MIDR_EL1', 3, 0, 0, 0, 0, 'r'], ['MPIDR_EL1', 3, 0, 0, 0, 5, 'r'], ['REVIDR_EL1', 3, 0, 0, 0, 6, 'r'],
  ['ID_PFR0_EL1', 3, 0, 0, 1, 0, 'r'], ['ID_PFR1_EL1', 3, 0, 0, 1, 1, 'r'], ['ID_DFR0_EL1', 3, 0, 0, 1, 2, 'r'],
  ['ID_AFR0_EL1', 3, 0, 0, 1, 3, 'r'], ['ID_MMFR0_EL1', 3, 0, 0, 1, 4, 'r'], ['ID_MMFR1_EL1', 3, 0, 0, 1, 5, 'r'],
  ['ID_MMFR2_EL1', 3, 0, 0, 1, 6, 'r'], ['ID_MMFR3_EL1', 3, 0, 0, 1, 7, 'r'],
  ['ID_ISAR0_EL1', 3, 0, 0, 2, 0, 'r'], ['ID_ISAR1_EL1', 3, 0, 0, 2, 1, 'r'], ['ID_ISAR2_EL1', 3, 0, 0, 2, 2, 'r'],
  ['ID_ISAR3_EL1', 3, 0, 0, 2, 3, 'r'], ['ID_ISAR4_EL1', 3, 0, 0, 2, 4, 'r'], ['ID_ISAR5_EL1', 3, 0, 0, 2, 5, 'r'],
  ['ID_MMFR4_EL1', 3, 0, 0, 2, 6, 'r'],
  ['MVFR0_EL1', 3, 0, 0, 3, 0, 'r'], ['MVFR1_EL1', 3, 0, 0, 3, 1, 'r'], ['MVFR2_EL1', 3, 0, 0, 3, 2, 'r'],
  ['ID_AA64PFR0_EL1', 3, 0, 0, 4, 0, 'r'], ['ID_AA64PFR1_EL1', 3, 0, 0, 4, 1, 'r'],
  ['ID_AA64DFR0_EL1', 3, 0, 0, 5, 0, 'r'], ['ID_AA64DFR1_EL1', 3, 0, 0, 5, 1, 'r'],
  ['ID_AA64AFR0_EL1', 3, 0, 0, 5, 4, 'r'], ['ID_AA64AFR1_EL1', 3, 0, 0, 5, 5, 'r'],
  ['ID_AA64ISAR0_EL1', 3, 0, 0, 6, 0, 'r'], ['ID_AA64ISAR1_EL1', 3, 0, 0, 6, 1, 'r'],
  ['ID_AA64MMFR0_EL1', 3, 0, 0, 7, 0, 'r'], ['ID_AA64MMFR1_EL1', 3, 0, 0, 7, 1, 'r'], ['ID_AA64MMFR2_EL1', 3, 0, 0, 7, 2, 'r'],
  ['CCSIDR_EL1', 3, 1, 0, 0, 0, 'r'], ['CLIDR_EL1', 3, 1, 0, 0, 1, 'r'], ['AIDR_EL1', 3, 1, 0, 0, 7, 'r'],
  ['CSSELR_EL1', 3, 2, 0, 0, 0], ['CTR_EL0', 3, 3, 0, 0, 1, 'r'], ['DCZID_EL0', 3, 3, 0, 0, 7, 'r'],
  ['VPIDR_EL2', 3, 4, 0, 0, 0], ['VMPIDR_EL2', 3, 4, 0, 0, 5],
  // system control
  ['SCTLR_EL1', 3, 0, 1, 0, 0], ['ACTLR_EL1', 3, 0, 1, 0, 1], ['CPACR_EL1', 3, 0, 1, 0, 2],
  ['SCTLR_EL2', 3, 4, 1, 0, 0], ['ACTLR_EL2', 3, 4, 1, 0, 1], ['HCR_EL2', 3, 4, 1, 1, 0], ['MDCR_EL2', 3, 4, 1, 1, 1],
  ['CPTR_EL2', 3, 4, 1, 1, 2], ['HSTR_EL2', 3, 4, 1, 1, 3], ['HACR_EL2', 3, 4, 1, 1, 7],
  ['SCTLR_EL3', 3, 6, 1, 0, 0], ['ACTLR_EL3', 3, 6, 1, 0, 1], ['SCR_EL3', 3, 6, 1, 1, 0], ['SDER32_EL3', 3, 6, 1, 1, 1],
  ['CPTR_EL3', 3, 6, 1, 1, 2], ['MDCR_EL3', 3, 6, 1, 3, 1],
  // translation
  ['TTBR0_EL1', 3, 0, 2, 0, 0], ['TTBR1_EL1', 3, 0, 2, 0, 1], ['TCR_EL1', 3, 0, 2, 0, 2],
  ['TTBR0_EL2', 3, 4, 2, 0, 0], ['TCR_EL2', 3, 4, 2, 0, 2], ['VTTBR_EL2', 3, 4, 2, 1, 0], ['VTCR_EL2', 3, 4, 2, 1, 2],
  ['TTBR0_EL3', 3, 6, 2, 0, 0], ['TCR_EL3', 3, 6, 2, 0, 2], ['DACR32_EL2', 3, 4, 3, 0, 0],
  // exception state
  ['SPSR_EL1', 3, 0, 4, 0, 0], ['ELR_EL1', 3, 0, 4, 0, 1], ['SP_EL0', 3, 0, 4, 1, 0], ['SPSel', 3, 0, 4, 2, 0],
  ['CurrentEL', 3, 0, 4, 2, 2, 'r'], ['NZCV', 3, 3, 4, 2, 0], ['DAIF', 3, 3, 4, 2, 1], ['FPCR', 3, 3, 4, 4, 0],
  ['FPSR', 3, 3, 4, 4, 1], ['DSPSR_EL0', 3, 3, 4, 5, 0], ['DLR_EL0', 3, 3, 4, 5, 1],
  ['SPSR_EL2', 3, 4, 4, 0, 0], ['ELR_EL2', 3, 4, 4, 0, 1], ['SP_EL1', 3, 4, 4, 1, 0],
  ['SPSR_irq', 3, 4, 4, 3, 0], ['SPSR_abt', 3, 4, 4, 3, 1], ['SPSR_und', 3, 4, 4, 3, 2], ['SPSR_fiq', 3, 4, 4, 3, 3],
  ['SPSR_EL3', 3, 6, 4, 0, 0], ['ELR_EL3', 3, 6, 4, 0, 1], ['SP_EL2', 3, 6, 4, 1, 0],
  // faults
  ['IFSR32_EL2', 3, 4, 5, 0, 1], ['AFSR0_EL1', 3, 0, 5, 1, 0], ['AFSR1_EL1', 3, 0, 5, 1, 1], ['ESR_EL1', 3, 0, 5, 2, 0],
  ['AFSR0_EL2', 3, 4, 5, 1, 0], ['AFSR1_EL2', 3, 4, 5, 1, 1], ['ESR_EL2', 3, 4, 5, 2, 0], ['FPEXC32_EL2', 3, 4, 5, 3, 0],
  ['AFSR0_EL3', 3, 6, 5, 1, 0], ['AFSR1_EL3', 3, 6, 5, 1, 1], ['ESR_EL3', 3, 6, 5, 2, 0],
  ['FAR_EL1', 3, 0, 6, 0, 0], ['FAR_EL2', 3, 4, 6, 0, 0], ['HPFAR_EL2', 3, 4, 6, 0, 4], ['FAR_EL3', 3, 6, 6, 0, 0],
  ['PAR_EL1', 3, 0, 7, 4, 0],
  // performance monitors
  ['PMINTENSET_EL1', 3, 0, 9, 14, 1], ['PMINTENCLR_EL1', 3, 0, 9, 14, 2],
  ['PMCR_EL0', 3, 3, 9, 12, 0], ['PMCNTENSET_EL0', 3, 3, 9, 12, 1], ['PMCNTENCLR_EL0', 3, 3, 9, 12, 2],
  ['PMOVSCLR_EL0', 3, 3, 9, 12, 3], ['PMSWINC_EL0', 3, 3, 9, 12, 4, 'w'], ['PMSELR_EL0', 3, 3, 9, 12, 5],
  ['PMCEID0_EL0', 3, 3, 9, 12, 6, 'r'], ['PMCEID1_EL0', 3, 3, 9, 12, 7, 'r'], ['PMCCNTR_EL0', 3, 3, 9, 13, 0],
  ['PMXEVTYPER_EL0', 3, 3, 9, 13, 1], ['PMXEVCNTR_EL0', 3, 3, 9, 13, 2], ['PMUSERENR_EL0', 3, 3, 9, 14, 0],
  ['PMOVSSET_EL0', 3, 3, 9, 14, 3], ['PMCCFILTR_EL0', 3, 3, 14, 15, 7],
  // memory attributes
  ['MAIR_EL1', 3, 0, 10, 2, 0], ['AMAIR_EL1', 3, 0, 10, 3, 0], ['MAIR_EL2', 3, 4, 10, 2, 0], ['AMAIR_EL2', 3, 4, 10, 3, 0],
  ['MAIR_EL3', 3, 6, 10, 2, 0], ['AMAIR_EL3', 3, 6, 10, 3, 0],
  // vectors, reset
  ['VBAR_EL1', 3, 0, 12, 0, 0], ['RVBAR_EL1', 3, 0, 12, 0, 1, 'r'], ['RMR_EL1', 3, 0, 12, 0, 2], ['ISR_EL1', 3, 0, 12, 1, 0, 'r'],
  ['VBAR_EL2', 3, 4, 12, 0, 0], ['RVBAR_EL2', 3, 4, 12, 0, 1, 'r'], ['RMR_EL2', 3, 4, 12, 0, 2],
  ['VBAR_EL3', 3, 6, 12, 0, 0], ['RVBAR_EL3', 3, 6, 12, 0, 1, 'r'], ['RMR_EL3', 3, 6, 12, 0, 2],
  // thread/context ids
  ['CONTEXTIDR_EL1', 3, 0, 13, 0, 1], ['TPIDR_EL1', 3, 0, 13, 0, 4], ['TPIDR_EL0', 3, 3, 13, 0, 2],
  ['TPIDRRO_EL0', 3, 3, 13, 0, 3], ['TPIDR_EL2', 3, 4, 13, 0, 2], ['TPIDR_EL3', 3, 6, 13, 0, 2],
  // generic timer
  ['CNTFRQ_EL0', 3, 3, 14, 0, 0], ['CNTPCT_EL0', 3, 3, 14, 0, 1, 'r'], ['CNTVCT_EL0', 3, 3, 14, 0, 2, 'r'],
  ['CNTKCTL_EL1', 3, 0, 14, 1, 0], ['CNTP_TVAL_EL0', 3, 3, 14, 2, 0], ['CNTP_CTL_EL0', 3, 3, 14, 2, 1],
  ['CNTP_CVAL_EL0', 3, 3, 14, 2, 2], ['CNTV_TVAL_EL0', 3, 3, 14, 3, 0], ['CNTV_CTL_EL0', 3, 3, 14, 3, 1],
  ['CNTV_CVAL_EL0', 3, 3, 14, 3, 2], ['CNTHCTL_EL2', 3, 4, 14, 1, 0], ['CNTHP_TVAL_EL2', 3, 4, 14, 2, 0],
  ['CNTHP_CTL_EL2', 3, 4, 14, 2, 1], ['CNTHP_CVAL_EL2', 3, 4, 14, 2, 2], ['CNTVOFF_EL2', 3, 4, 14, 0, 3],
  ['CNTPS_TVAL_EL1', 3, 7, 14, 2, 0], ['CNTPS_CTL_EL1', 3, 7, 14, 2, 1], ['CNTPS_CVAL_EL1', 3, 7, 14, 2, 2],
  // debug
  ['OSDTRRX_EL1', 2, 0, 0, 0, 2], ['MDCCINT_EL1', 2, 0, 0, 2, 0], ['MDSCR_EL1', 2, 0, 0, 2, 2],
  ['OSDTRTX_EL1', 2, 0, 0, 3, 2], ['OSECCR_EL1', 2, 0, 0, 6, 2],
  ['MDRAR_EL1', 2, 0, 1, 0, 0, 'r'], ['OSLAR_EL1', 2, 0, 1, 0, 4, 'w'], ['OSLSR_EL1', 2, 0, 1, 1, 4, 'r'],
  ['OSDLR_EL1', 2, 0, 1, 3, 4], ['DBGPRCR_EL1', 2, 0, 1, 4, 4], ['DBGCLAIMSET_EL1', 2, 0, 7, 8, 6],
  ['DBGCLAIMCLR_EL1', 2, 0, 7, 9, 6], ['DBGAUTHSTATUS_EL1', 2, 0, 7, 14, 6, 'r'],
  ['MDCCSR_EL0', 2, 3, 0, 1, 0, 'r'], ['DBGDTR_EL0', 2, 3, 0, 4, 0], ['DBGDTRRX_EL0', 2, 3, 0, 5, 0, 'r'],
  ['DBGDTRTX_EL0', 2, 3, 0, 5, 0, 'w'], ['DBGVCR32_EL2', 2, 4, 0, 7, 0],
  ['TEECR32_EL1', 2, 2, 0, 0, 0], ['TEEHBR32_EL1', 2, 2, 1, 0, 0],
];
for (let n = 0; n < 16; n++) {
  ROWS.push([`DBGBVR${n}_EL1`, 2, 0, 0, n, 4], [`DBGBCR${n}_EL1`, 2, 0, 0, n, 5], [`DBGWVR${n}_EL1`, 2, 0, 0, n, 6], [`DBGWCR${n}_EL1`, 2, 0, 0, n, 7]);
}
for (let n = 0; n <= 30; n++) {
  ROWS.push([`PMEVCNTR${n}_EL0`, 3, 3, 14, 8 + (n >> 3), n & 7], [`PMEVTYPER${n}_EL0`, 3, 3, 14, 12 + (n >> 3), n & 7]);
}

/** Registers llvm-objdump (LLVM 14, default features) also prints by name although they are
 *  not ARMv8.0-A (trace, GICv3, RAS, ...); listed so that our disassembly matches it. Marked
 *  `ext`: the backend should not accept them as ARMv8.0 registers. */
const EXTRA_ROWS: Row[] = LLVM_EXTRA_SYSREGS.map(([n, e, a]) => [n, e >> 14, (e >> 11) & 7, (e >> 7) & 15, (e >> 3) & 15, e & 7, a]);

export const SYSREGS: ReadonlyArray<SysReg & { ext?: boolean }> = [
  ...ROWS.map(([name, op0, op1, CRn, CRm, op2, access]) => ({ name, op0, op1, CRn, CRm, op2, access: access ?? 'rw' })),
  ...EXTRA_ROWS.map(([name, op0, op1, CRn, CRm, op2, access]) => ({ name, op0, op1, CRn, CRm, op2, access: access ?? 'rw', ext: true })),
] as Array<SysReg & { ext?: boolean }>;

export function encodeSysreg(op0: number, op1: number, CRn: number, CRm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (CRn << 7) | (CRm << 3) | op2;
}

const byName = new Map<string, SysReg>();
const byEncR = new Map<number, string>();
const byEncW = new Map<number, string>();
for (const r of SYSREGS) {
  byName.set(r.name.toLowerCase() + '/' + (r.access === 'w' ? 'w' : r.access === 'r' ? 'r' : 'rw'), r);
  const e = encodeSysreg(r.op0, r.op1, r.CRn, r.CRm, r.op2);
  if (r.access !== 'w' && !byEncR.has(e)) byEncR.set(e, r.name);
  if (r.access !== 'r' && !byEncW.has(e)) byEncW.set(e, r.name);
}

/** The register's display name for MRS (`r`) or MSR (`w`): its name, or S<op0>_<op1>_C<n>_C<m>_<op2>. */
export function sysregName(enc: number, dir: 'r' | 'w'): string {
  const n = (dir === 'r' ? byEncR : byEncW).get(enc);
  if (n) return n;
  return `S${enc >> 14}_${(enc >> 11) & 7}_C${(enc >> 7) & 15}_C${(enc >> 3) & 15}_${enc & 7}`;
}

/** Find a register by name (any case) or generic form. undefined: not a register name at all;
 *  null: a register that cannot be accessed in this direction. */
export function parseSysreg(text: string, dir: 'r' | 'w'): Omit<SysReg, 'name' | 'access'> | null | undefined {
  const t = text.trim().toLowerCase();
  const g = /^s([0-3])_([0-7])_c([0-9]|1[0-5])_c([0-9]|1[0-5])_([0-7])$/.exec(t);
  if (g) {
    const op0 = Number(g[1]);
    if (op0 < 2) return undefined;
    return { op0, op1: Number(g[2]), CRn: Number(g[3]), CRm: Number(g[4]), op2: Number(g[5]) };
  }
  const r = byName.get(t + '/rw') ?? byName.get(t + '/' + dir);
  if (r) return r;
  if (byName.has(t + '/' + (dir === 'r' ? 'w' : 'r'))) return null;
  return undefined;
}

/** Look a register up by name for other tools (the backend's `mrs.<REG>` intrinsics). */
export function findSysreg(name: string): SysReg | undefined {
  const t = name.toLowerCase();
  return byName.get(t + '/rw') ?? byName.get(t + '/r') ?? byName.get(t + '/w');
}

// ---------------------------------------------------------------- SYS operations

export type SysOpKind = 'at' | 'dc' | 'ic' | 'tlbi';
export interface SysOp {
  kind: SysOpKind;
  name: string;
  op1: number;
  CRn: number;
  CRm: number;
  op2: number;
  reg: boolean; // takes an Xt operand
}

type OpRow = [string, number, number, number, number, boolean];
const AT: OpRow[] = [
  ['s1e1r', 0, 7, 8, 0, true], ['s1e1w', 0, 7, 8, 1, true], ['s1e0r', 0, 7, 8, 2, true], ['s1e0w', 0, 7, 8, 3, true],
  ['s12e1r', 4, 7, 8, 4, true], ['s12e1w', 4, 7, 8, 5, true], ['s12e0r', 4, 7, 8, 6, true], ['s12e0w', 4, 7, 8, 7, true],
  ['s1e2r', 4, 7, 8, 0, true], ['s1e2w', 4, 7, 8, 1, true], ['s1e3r', 6, 7, 8, 0, true], ['s1e3w', 6, 7, 8, 1, true],
];
const DC: OpRow[] = [
  ['ivac', 0, 7, 6, 1, true], ['isw', 0, 7, 6, 2, true], ['csw', 0, 7, 10, 2, true], ['cisw', 0, 7, 14, 2, true],
  ['zva', 3, 7, 4, 1, true], ['cvac', 3, 7, 10, 1, true], ['cvau', 3, 7, 11, 1, true], ['civac', 3, 7, 14, 1, true],
];
const IC: OpRow[] = [['ialluis', 0, 7, 1, 0, false], ['iallu', 0, 7, 5, 0, false], ['ivau', 3, 7, 5, 1, true]];
const TLBI: OpRow[] = [
  ['vmalle1is', 0, 8, 3, 0, false], ['vae1is', 0, 8, 3, 1, true], ['aside1is', 0, 8, 3, 2, true], ['vaae1is', 0, 8, 3, 3, true],
  ['vale1is', 0, 8, 3, 5, true], ['vaale1is', 0, 8, 3, 7, true],
  ['vmalle1', 0, 8, 7, 0, false], ['vae1', 0, 8, 7, 1, true], ['aside1', 0, 8, 7, 2, true], ['vaae1', 0, 8, 7, 3, true],
  ['vale1', 0, 8, 7, 5, true], ['vaale1', 0, 8, 7, 7, true],
  ['ipas2e1is', 4, 8, 0, 1, true], ['ipas2le1is', 4, 8, 0, 5, true], ['alle2is', 4, 8, 3, 0, false], ['vae2is', 4, 8, 3, 1, true],
  ['alle1is', 4, 8, 3, 4, false], ['vale2is', 4, 8, 3, 5, true], ['vmalls12e1is', 4, 8, 3, 6, false],
  ['ipas2e1', 4, 8, 4, 1, true], ['ipas2le1', 4, 8, 4, 5, true], ['alle2', 4, 8, 7, 0, false], ['vae2', 4, 8, 7, 1, true],
  ['alle1', 4, 8, 7, 4, false], ['vale2', 4, 8, 7, 5, true], ['vmalls12e1', 4, 8, 7, 6, false],
  ['alle3is', 6, 8, 3, 0, false], ['vae3is', 6, 8, 3, 1, true], ['vale3is', 6, 8, 3, 5, true],
  ['alle3', 6, 8, 7, 0, false], ['vae3', 6, 8, 7, 1, true], ['vale3', 6, 8, 7, 5, true],
];
export const SYS_OPS: SysOp[] = ([['at', AT], ['dc', DC], ['ic', IC], ['tlbi', TLBI]] as const).flatMap(([kind, rows]) =>
  rows.map(([name, op1, CRn, CRm, op2, reg]) => ({ kind, name, op1, CRn, CRm, op2, reg })));

/** DMB/DSB options by CRm. */
export const BARRIERS: ReadonlyMap<number, string> = new Map([
  [1, 'oshld'], [2, 'oshst'], [3, 'osh'], [5, 'nshld'], [6, 'nshst'], [7, 'nsh'],
  [9, 'ishld'], [10, 'ishst'], [11, 'ish'], [13, 'ld'], [14, 'st'], [15, 'sy'],
]);
