// What tools/runtime/as/aarch64.ts declares: the names from tools/runtime-intrinsics.md, as data.
// Until tools/isa carries the system-register/TLBI/DC/AT tables, this hand-written subset is
// the list; a program may declare any other name itself with @external("aarch64", "...").

/** System registers: [name, writable]. Read-only ones get only `read()`. */
export const SYSREGS: [string, boolean][] = [
  // EL3 / EL2 control
  ['SCR_EL3', true], ['SCTLR_EL3', true], ['SPSR_EL3', true], ['ELR_EL3', true], ['ESR_EL3', true],
  ['FAR_EL3', true], ['VBAR_EL3', true], ['CPTR_EL3', true],
  ['HCR_EL2', true], ['SCTLR_EL2', true], ['SPSR_EL2', true], ['ELR_EL2', true], ['ESR_EL2', true],
  ['FAR_EL2', true], ['HPFAR_EL2', true], ['VBAR_EL2', true], ['CPTR_EL2', true], ['HSTR_EL2', true],
  ['MDCR_EL2', true], ['VTTBR_EL2', true], ['VTCR_EL2', true], ['TTBR0_EL2', true], ['TCR_EL2', true],
  ['MAIR_EL2', true], ['TPIDR_EL2', true], ['ACTLR_EL2', true], ['VMPIDR_EL2', true], ['VPIDR_EL2', true],
  ['CNTHCTL_EL2', true], ['CNTVOFF_EL2', true], ['CNTHP_CTL_EL2', true], ['CNTHP_CVAL_EL2', true],
  ['CNTHP_TVAL_EL2', true], ['SP_EL1', true], ['SP_EL2', true],
  // EL1 state (a hypervisor saves and restores it)
  ['SCTLR_EL1', true], ['SPSR_EL1', true], ['ELR_EL1', true], ['ESR_EL1', true], ['FAR_EL1', true],
  ['VBAR_EL1', true], ['TTBR0_EL1', true], ['TTBR1_EL1', true], ['TCR_EL1', true], ['MAIR_EL1', true],
  ['AMAIR_EL1', true], ['CPACR_EL1', true], ['CONTEXTIDR_EL1', true], ['TPIDR_EL1', true],
  ['PAR_EL1', true], ['ACTLR_EL1', true], ['AFSR0_EL1', true], ['AFSR1_EL1', true], ['CNTKCTL_EL1', true],
  ['CSSELR_EL1', true], ['MDSCR_EL1', true], ['SP_EL0', true], ['TPIDR_EL0', true], ['TPIDRRO_EL0', true],
  // Timer
  ['CNTFRQ_EL0', true], ['CNTP_CTL_EL0', true], ['CNTP_CVAL_EL0', true], ['CNTP_TVAL_EL0', true],
  ['CNTV_CTL_EL0', true], ['CNTV_CVAL_EL0', true], ['CNTV_TVAL_EL0', true],
  ['CNTPCT_EL0', false], ['CNTVCT_EL0', false],
  // PSTATE views
  ['DAIF', true], ['NZCV', true], ['SPSel', true], ['CurrentEL', false],
  // Identification
  ['MIDR_EL1', false], ['MPIDR_EL1', false], ['CTR_EL0', false], ['CLIDR_EL1', false], ['CCSIDR_EL1', false],
  ['ID_AA64PFR0_EL1', false], ['ID_AA64MMFR0_EL1', false], ['ID_AA64ISAR0_EL1', false],
];

export const BARRIERS = {
  dsb: ['sy', 'st', 'ld', 'ish', 'ishst', 'ishld', 'nsh', 'nshst', 'nshld', 'osh', 'oshst', 'oshld'],
  dmb: ['sy', 'st', 'ld', 'ish', 'ishst', 'ishld', 'nsh', 'nshst', 'nshld', 'osh', 'oshst', 'oshld'],
};

/** TLBI operations: [op, takes an address/ASID/VMID operand]. */
export const TLBI: [string, boolean][] = [
  ['vmalle1', false], ['vmalle1is', false], ['alle1', false], ['alle1is', false], ['alle2', false],
  ['alle2is', false], ['alle3', false], ['alle3is', false], ['vmalls12e1', false], ['vmalls12e1is', false],
  ['vae1', true], ['vae1is', true], ['vale1', true], ['vale1is', true], ['vaae1', true], ['vaae1is', true],
  ['aside1', true], ['aside1is', true], ['vae2', true], ['vae2is', true], ['vale2', true], ['vale2is', true],
  ['ipas2e1', true], ['ipas2e1is', true], ['ipas2le1', true], ['ipas2le1is', true],
];

export const DC = ['ivac', 'isw', 'csw', 'cisw', 'zva', 'cvac', 'cvau', 'civac'];
export const AT = ['s1e1r', 's1e1w', 's1e0r', 's1e0w', 's1e2r', 's1e2w', 's12e1r', 's12e1w', 's12e0r', 's12e0w', 's1e3r', 's1e3w'];
/** IC operations: [op, takes an address]. */
export const IC: [string, boolean][] = [['iallu', false], ['ialluis', false], ['ivau', true]];

export const SIMPLE = ['eret', 'wfi', 'wfe', 'sev', 'sevl', 'nop', 'yield', 'clrex', 'isb'];

/** Immediates pre-declared for hvc/svc/smc and brk (any other: declare it yourself). */
export const CALL_IMMEDIATES = [0, 1, 2, 3, 4, 5, 6, 7];
export const DAIF_IMMEDIATES = Array.from({ length: 16 }, (_, i) => i);
