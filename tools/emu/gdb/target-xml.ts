// The AArch64 target description GDB reads with qXfer:features:read (GDB manual, "Target
// Descriptions" and the standard org.gnu.gdb.aarch64.core / .fpu features): x0-x30, sp, pc,
// cpsr, then v0-v31, fpsr, fpcr. Register numbers are the order of appearance. After them, a
// feature of our own with the system registers a hypervisor or kernel author looks at
// (`p/x $ELR_EL2`, `set $VBAR_EL1 = ...`): not in the `g` packet, read and written with p/P.
import { sysregs } from '../gen/sysreg-list.ts';

export const GPR_COUNT = 31;
export const REG = { SP: 31, PC: 32, CPSR: 33, V0: 34, FPSR: 66, FPCR: 67 } as const;
export const REG_COUNT = 68;

const WANTED = [
  'SCTLR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'MAIR_EL1', 'VBAR_EL1', 'ESR_EL1', 'FAR_EL1', 'ELR_EL1', 'SPSR_EL1',
  'SP_EL0', 'SP_EL1', 'TPIDR_EL0', 'TPIDR_EL1', 'CONTEXTIDR_EL1', 'CPACR_EL1', 'CNTKCTL_EL1', 'MPIDR_EL1', 'MIDR_EL1',
  'HCR_EL2', 'SCTLR_EL2', 'TTBR0_EL2', 'TCR_EL2', 'MAIR_EL2', 'VBAR_EL2', 'ESR_EL2', 'FAR_EL2', 'HPFAR_EL2', 'ELR_EL2',
  'SPSR_EL2', 'SP_EL2', 'VTTBR_EL2', 'VTCR_EL2', 'TPIDR_EL2', 'CPTR_EL2', 'HSTR_EL2', 'CNTHCTL_EL2', 'CNTVOFF_EL2',
  'VMPIDR_EL2', 'VPIDR_EL2', 'SCR_EL3', 'SCTLR_EL3', 'VBAR_EL3', 'ESR_EL3', 'ELR_EL3', 'SPSR_EL3',
  'CNTFRQ_EL0', 'CNTP_CTL_EL0', 'CNTP_CVAL_EL0', 'CNTV_CTL_EL0', 'CNTV_CVAL_EL0', 'CNTHP_CTL_EL2', 'CNTHP_CVAL_EL2',
];
const known = new Set(sysregs.map(([name]) => String(name).replace(/_$/, '')));
/** System registers after REG_COUNT, by register number - REG_COUNT (those the emulator keeps). */
export const SYSREG_NAMES: string[] = WANTED.filter((n) => known.has(n) || /^SP_EL[0-2]$/.test(n));
export const ALL_REG_COUNT = REG_COUNT + SYSREG_NAMES.length;

export function regSize(n: number): number {
  if (n <= REG.PC || n >= REG_COUNT) return 8;
  if (n === REG.CPSR || n === REG.FPSR || n === REG.FPCR) return 4;
  return 16;
}

export function targetXml(): string {
  const core: string[] = [];
  for (let i = 0; i < GPR_COUNT; i++) core.push(`<reg name="x${i}" bitsize="64" type="int"/>`);
  core.push('<reg name="sp" bitsize="64" type="data_ptr"/>', '<reg name="pc" bitsize="64" type="code_ptr"/>', '<reg name="cpsr" bitsize="32" type="int"/>');
  const fpu: string[] = [
    '<vector id="v2d" type="ieee_double" count="2"/>',
    '<vector id="v2u" type="uint64" count="2"/>',
    '<vector id="v4f" type="ieee_single" count="4"/>',
    '<vector id="v4u" type="uint32" count="4"/>',
    '<vector id="v8u" type="uint16" count="8"/>',
    '<vector id="v16u" type="uint8" count="16"/>',
    '<union id="vnd"><field name="f" type="v2d"/><field name="u" type="v2u"/></union>',
    '<union id="vns"><field name="f" type="v4f"/><field name="u" type="v4u"/></union>',
    '<union id="vnh"><field name="u" type="v8u"/></union>',
    '<union id="vnb"><field name="u" type="v16u"/></union>',
    '<union id="vnq"><field name="u" type="uint128"/></union>',
    '<union id="aarch64v"><field name="d" type="vnd"/><field name="s" type="vns"/><field name="h" type="vnh"/><field name="b" type="vnb"/><field name="q" type="vnq"/></union>',
  ];
  for (let i = 0; i < 32; i++) fpu.push(`<reg name="v${i}" bitsize="128" type="aarch64v"/>`);
  fpu.push('<reg name="fpsr" bitsize="32" type="int"/>', '<reg name="fpcr" bitsize="32" type="int"/>');
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '<architecture>aarch64</architecture>',
    '<feature name="org.gnu.gdb.aarch64.core">',
    ...core,
    '</feature>',
    '<feature name="org.gnu.gdb.aarch64.fpu">',
    ...fpu,
    '</feature>',
    '<feature name="org.raspvisor.aarch64.sysregs">',
    ...SYSREG_NAMES.map((n) => `<reg name="${n}" bitsize="64" type="${/^(ELR|VBAR)_/.test(n) ? 'code_ptr' : 'uint64'}" group="system"/>`),
    '</feature>',
    '</target>',
  ].join('\n');
}
