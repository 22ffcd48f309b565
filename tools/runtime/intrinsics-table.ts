// What tools/runtime/as/aarch64.ts declares beyond the ISA tables (system registers, AT/DC/IC/
// TLBI operations and barrier options come from tools/isa/sysregs.ts): the plain instructions
// and the immediates pre-declared for hvc/svc/smc/brk and DAIF. A program may declare any other
// name itself with @external("aarch64", "...") (tools/runtime-intrinsics.md).

export const SIMPLE = ['eret', 'wfi', 'wfe', 'sev', 'sevl', 'nop', 'yield', 'clrex', 'isb'];

/** Immediates pre-declared for hvc/svc/smc and brk (any other: declare it yourself). */
export const CALL_IMMEDIATES = [0, 1, 2, 3, 4, 5, 6, 7];
export const DAIF_IMMEDIATES = Array.from({ length: 16 }, (_, i) => i);
