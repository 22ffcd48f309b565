// System registers the core knows (ARMv8.0, Cortex-A53 flavour): name, encoding
// (op0, op1, CRn, CRm, op2) and access flags. Storage-only registers read back what was
// written; SPECIAL ones are computed in tools/emu/core/sysregs.ts. Unknown encodings are
// UNDEFINED. The generator turns this into tools/emu/core/sysregs.gen.ts.
export const RO = 1, WO = 2, EL0 = 4, TVM = 8, TID1 = 16, TID2 = 32, TID3 = 64, TACR = 128, SPECIAL = 256, TRAPTIMER = 512;

export type SysregDef = [name: string, op0: number, op1: number, crn: number, crm: number, op2: number, flags: number];

const ids: SysregDef[] = [];
// ID group 3 (TID3): op0=3 op1=0 CRn=0 CRm=1..7, all read-only; unnamed ones read as zero.
const id3Names: Record<string, string> = {
  '4.0': 'ID_AA64PFR0_EL1', '4.1': 'ID_AA64PFR1_EL1', '5.0': 'ID_AA64DFR0_EL1', '5.1': 'ID_AA64DFR1_EL1',
  '5.4': 'ID_AA64AFR0_EL1', '5.5': 'ID_AA64AFR1_EL1', '6.0': 'ID_AA64ISAR0_EL1', '6.1': 'ID_AA64ISAR1_EL1',
  '7.0': 'ID_AA64MMFR0_EL1', '7.1': 'ID_AA64MMFR1_EL1',
};
for (let crm = 1; crm <= 7; crm++) for (let op2 = 0; op2 <= 7; op2++) {
  ids.push([id3Names[`${crm}.${op2}`] ?? `ID_3_0_0_${crm}_${op2}`, 3, 0, 0, crm, op2, RO | TID3]);
}

// A generic-timer register triple at op0=3 CRn=14: <prefix>_TVAL, _CTL, _CVAL (op2 0, 1, 2).
function timer(prefix: string, el: string, op1: number, crm: number, flags: number): SysregDef[] {
  return ['TVAL', 'CTL', 'CVAL'].map((reg, op2): SysregDef => [`${prefix}_${reg}_${el}`, 3, op1, 14, crm, op2, flags]);
}

// The EL2 (op0=3 op1=4) and EL3 (op1=6) registers, one row per (CRn, CRm, op2) in encoding
// order: [CRn, CRm, op2, EL2 register, EL3 register]. A name without `_` takes the level's
// suffix; '' = nothing there. Names in `el23Special` are computed, RVBAR_EL3 is read-only.
const el2el3: [crn: number, crm: number, op2: number, el2: string, el3: string][] = [
  [0, 0, 0, 'VPIDR', ''], [0, 0, 5, 'VMPIDR', ''],
  [1, 0, 0, 'SCTLR', 'SCTLR'], [1, 0, 1, 'ACTLR', 'ACTLR'],
  [1, 1, 0, 'HCR', 'SCR'], [1, 1, 1, 'MDCR', ''], [1, 1, 2, 'CPTR', 'CPTR'], [1, 1, 3, 'HSTR', ''],
  [1, 1, 7, 'HACR', ''], [1, 3, 1, '', 'MDCR'],
  [2, 0, 0, 'TTBR0', 'TTBR0'], [2, 0, 2, 'TCR', 'TCR'], [2, 1, 0, 'VTTBR', ''], [2, 1, 2, 'VTCR', ''],
  [3, 0, 0, 'DACR32', ''],
  [4, 0, 0, 'SPSR', 'SPSR'], [4, 0, 1, 'ELR', 'ELR'], [4, 1, 0, 'SP_EL1', 'SP_EL2'],
  [4, 3, 0, 'SPSR_irq', ''], [4, 3, 1, 'SPSR_abt', ''], [4, 3, 2, 'SPSR_und', ''], [4, 3, 3, 'SPSR_fiq', ''],
  [5, 0, 1, 'IFSR32', ''], [5, 1, 0, 'AFSR0', 'AFSR0'], [5, 1, 1, 'AFSR1', 'AFSR1'], [5, 2, 0, 'ESR', 'ESR'],
  [5, 3, 0, 'FPEXC32', ''], [6, 0, 0, 'FAR', 'FAR'], [6, 0, 4, 'HPFAR', ''],
  [10, 2, 0, 'MAIR', 'MAIR'], [10, 3, 0, 'AMAIR', 'AMAIR'],
  [12, 0, 0, 'VBAR', 'VBAR'], [12, 0, 1, '', 'RVBAR'], [12, 0, 2, 'RMR', 'RMR'], [13, 0, 2, 'TPIDR', 'TPIDR'],
];
const el23Special = new Set(['SCTLR', 'HCR', 'SCR', 'TTBR0', 'TCR', 'VTTBR', 'VTCR', 'SP_EL1', 'SP_EL2', 'MAIR']);
function el23Reg(stem: string, suffix: string, op1: number, crn: number, crm: number, op2: number): SysregDef {
  const name = stem.includes('_') ? stem : stem + suffix;
  const flags = (el23Special.has(stem) ? SPECIAL : 0) | (name === 'RVBAR_EL3' ? RO : 0);
  return [name, 3, op1, crn, crm, op2, flags];
}

// The A53's 6 breakpoint and 4 watchpoint register pairs (ID_AA64DFR0_EL1.BRPs/WRPs): value
// and control, storage only (no debug events are raised). Linux writes them all at CPU bring-up.
function debugPairs(): SysregDef[] {
  const out: SysregDef[] = [];
  for (let n = 0; n < 6; n++) out.push([`DBGBVR${n}_EL1`, 2, 0, 0, n, 4, 0], [`DBGBCR${n}_EL1`, 2, 0, 0, n, 5, 0]);
  for (let n = 0; n < 4; n++) out.push([`DBGWVR${n}_EL1`, 2, 0, 0, n, 6, 0], [`DBGWCR${n}_EL1`, 2, 0, 0, n, 7, 0]);
  return out;
}

// The A53's six PMU event counters (PMCR_EL0.N = 6): PMEVCNTR<n>_EL0 and PMEVTYPER<n>_EL0,
// storage only (nothing counts), enough for Linux's PMU driver to probe and program them.
function pmuCounters(): SysregDef[] {
  const out: SysregDef[] = [];
  for (let n = 0; n < 6; n++) out.push([`PMEVCNTR${n}_EL0`, 3, 3, 14, 8 | (n >> 3), n & 7, EL0], [`PMEVTYPER${n}_EL0`, 3, 3, 14, 12 | (n >> 3), n & 7, EL0]);
  return out;
}

export const sysregs: SysregDef[] = [
  ['MIDR_EL1', 3, 0, 0, 0, 0, RO | SPECIAL],
  ['MPIDR_EL1', 3, 0, 0, 0, 5, RO | SPECIAL],
  ['REVIDR_EL1', 3, 0, 0, 0, 6, RO | TID1],
  ['AIDR_EL1', 3, 1, 0, 0, 7, RO | TID1],
  ...ids,
  ['CCSIDR_EL1', 3, 1, 0, 0, 0, RO | TID2 | SPECIAL],
  ['CLIDR_EL1', 3, 1, 0, 0, 1, RO | TID2],
  ['CSSELR_EL1', 3, 2, 0, 0, 0, TID2],
  ['CTR_EL0', 3, 3, 0, 0, 1, RO | TID2 | EL0],
  ['DCZID_EL0', 3, 3, 0, 0, 7, RO | EL0],
  ['SCTLR_EL1', 3, 0, 1, 0, 0, TVM | SPECIAL],
  ['ACTLR_EL1', 3, 0, 1, 0, 1, TACR],
  ['CPACR_EL1', 3, 0, 1, 0, 2, 0],
  ['TTBR0_EL1', 3, 0, 2, 0, 0, TVM | SPECIAL],
  ['TTBR1_EL1', 3, 0, 2, 0, 1, TVM | SPECIAL],
  ['TCR_EL1', 3, 0, 2, 0, 2, TVM | SPECIAL],
  ['SPSR_EL1', 3, 0, 4, 0, 0, 0],
  ['ELR_EL1', 3, 0, 4, 0, 1, 0],
  ['SP_EL0', 3, 0, 4, 1, 0, SPECIAL],
  ['SPSel', 3, 0, 4, 2, 0, SPECIAL],
  ['CurrentEL', 3, 0, 4, 2, 2, RO | SPECIAL],
  ['DAIF', 3, 3, 4, 2, 1, EL0 | SPECIAL],
  ['NZCV', 3, 3, 4, 2, 0, EL0 | SPECIAL],
  ['FPCR', 3, 3, 4, 4, 0, EL0 | SPECIAL],
  ['FPSR', 3, 3, 4, 4, 1, EL0 | SPECIAL],
  ['AFSR0_EL1', 3, 0, 5, 1, 0, TVM],
  ['AFSR1_EL1', 3, 0, 5, 1, 1, TVM],
  ['ESR_EL1', 3, 0, 5, 2, 0, TVM],
  ['FAR_EL1', 3, 0, 6, 0, 0, TVM],
  ['PAR_EL1', 3, 0, 7, 4, 0, 0],
  ['MAIR_EL1', 3, 0, 10, 2, 0, TVM | SPECIAL],
  ['AMAIR_EL1', 3, 0, 10, 3, 0, TVM],
  ['VBAR_EL1', 3, 0, 12, 0, 0, 0],
  ['ISR_EL1', 3, 0, 12, 1, 0, RO | SPECIAL],
  ['CONTEXTIDR_EL1', 3, 0, 13, 0, 1, TVM],
  ['TPIDR_EL1', 3, 0, 13, 0, 4, 0],
  ['TPIDR_EL0', 3, 3, 13, 0, 2, EL0],
  ['TPIDRRO_EL0', 3, 3, 13, 0, 3, EL0 | SPECIAL],
  ['CNTKCTL_EL1', 3, 0, 14, 1, 0, 0],
  ['CNTFRQ_EL0', 3, 3, 14, 0, 0, EL0 | SPECIAL | TRAPTIMER],
  ['CNTPCT_EL0', 3, 3, 14, 0, 1, RO | EL0 | SPECIAL | TRAPTIMER],
  ['CNTVCT_EL0', 3, 3, 14, 0, 2, RO | EL0 | SPECIAL | TRAPTIMER],
  ...timer('CNTP', 'EL0', 3, 2, EL0 | SPECIAL | TRAPTIMER),
  ...timer('CNTV', 'EL0', 3, 3, EL0 | SPECIAL | TRAPTIMER),
  ['CNTHCTL_EL2', 3, 4, 14, 1, 0, 0],
  ...timer('CNTHP', 'EL2', 4, 2, SPECIAL),
  ['CNTVOFF_EL2', 3, 4, 14, 0, 3, SPECIAL],
  ...timer('CNTPS', 'EL1', 7, 2, SPECIAL),
  ['PMCR_EL0', 3, 3, 9, 12, 0, EL0],
  ['PMUSERENR_EL0', 3, 3, 9, 14, 0, EL0],
  ['PMCCNTR_EL0', 3, 3, 9, 13, 0, EL0],
  ['PMCNTENSET_EL0', 3, 3, 9, 12, 1, EL0],
  ['PMCNTENCLR_EL0', 3, 3, 9, 12, 2, EL0],
  ['PMOVSCLR_EL0', 3, 3, 9, 12, 3, EL0],
  ['PMINTENSET_EL1', 3, 0, 9, 14, 1, 0],
  ['PMINTENCLR_EL1', 3, 0, 9, 14, 2, 0],
  ['PMCCFILTR_EL0', 3, 3, 14, 15, 7, EL0],
  ['PMSWINC_EL0', 3, 3, 9, 12, 4, WO | EL0],
  ['PMSELR_EL0', 3, 3, 9, 12, 5, EL0],
  ['PMCEID0_EL0', 3, 3, 9, 12, 6, RO | EL0],
  ['PMCEID1_EL0', 3, 3, 9, 12, 7, RO | EL0],
  ['PMXEVTYPER_EL0', 3, 3, 9, 13, 1, EL0],
  ['PMXEVCNTR_EL0', 3, 3, 9, 13, 2, EL0],
  ['PMOVSSET_EL0', 3, 3, 9, 14, 3, EL0],
  ...pmuCounters(),
  ['MDSCR_EL1', 2, 0, 0, 2, 2, 0],
  ['MDCCINT_EL1', 2, 0, 0, 2, 0, 0],
  ['OSLAR_EL1', 2, 0, 1, 0, 4, WO],
  ['OSLSR_EL1', 2, 0, 1, 1, 4, RO],
  ['OSDLR_EL1', 2, 0, 1, 3, 4, 0],
  ['DBGPRCR_EL1', 2, 0, 1, 4, 4, 0],
  ['MDRAR_EL1', 2, 0, 1, 0, 0, RO],
  ['MDCCSR_EL0', 2, 3, 0, 1, 0, RO | EL0],
  ['DBGCLAIMSET_EL1', 2, 0, 7, 8, 6, 0],
  ['DBGCLAIMCLR_EL1', 2, 0, 7, 9, 6, 0],
  ['DBGAUTHSTATUS_EL1', 2, 0, 7, 14, 6, RO],
  ...debugPairs(),
  ['CPUACTLR_EL1', 3, 1, 15, 2, 0, 0],
  ['CPUECTLR_EL1', 3, 1, 15, 2, 1, 0],
  ['CPUMERRSR_EL1', 3, 1, 15, 2, 2, 0],
  ['L2CTLR_EL1', 3, 1, 11, 0, 2, 0],
  ['L2ECTLR_EL1', 3, 1, 11, 0, 3, 0],
  ['L2MERRSR_EL1', 3, 1, 15, 2, 3, 0],
  ...el2el3.flatMap(([crn, crm, op2, el2]) => (el2 ? [el23Reg(el2, '_EL2', 4, crn, crm, op2)] : [])),
  ...el2el3.flatMap(([crn, crm, op2, , el3]) => (el3 ? [el23Reg(el3, '_EL3', 6, crn, crm, op2)] : [])),
  // hidden state kept in the same array: SP_EL3 is not accessible by MSR/MRS
  ['SP_EL3_', -1, 0, 0, 0, 0, 0],
];

export function sysregKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

export function generateSysregs(): string {
  if (sysregs.length > 250) throw new Error('too many system registers for the state area');
  const out = ['// GENERATED by tools/emu/gen/sysreg-list.ts. Do not edit.'];
  sysregs.forEach(([name], i) => out.push(`export const SR_${name.replace(/_$/, '')}: i32 = ${i};`));
  out.push(`export const SR_COUNT: i32 = ${sysregs.length};`);
  out.push('export function sysregLookup(key: u32): i32 {', '  switch (key) {');
  sysregs.forEach(([, op0, op1, crn, crm, op2], i) => { if (op0 >= 0) out.push(`    case ${sysregKey(op0, op1, crn, crm, op2)}: return ${i};`); });
  out.push('  }', '  return -1;', '}');
  out.push('export function sysregFlags(i: i32): u32 {', '  switch (i) {');
  sysregs.forEach(([, , , , , , fl], i) => { if (fl) out.push(`    case ${i}: return ${fl};`); });
  out.push('  }', '  return 0;', '}');
  return out.join('\n') + '\n';
}
