// The AArch64 target description GDB reads with qXfer:features:read (GDB manual, "Target
// Descriptions" and the standard org.gnu.gdb.aarch64.core / .fpu features): x0-x30, sp, pc,
// cpsr, then v0-v31, fpsr, fpcr. Register numbers are the order of appearance.
export const GPR_COUNT = 31;
export const REG = { SP: 31, PC: 32, CPSR: 33, V0: 34, FPSR: 66, FPCR: 67 } as const;
export const REG_COUNT = 68;

export function regSize(n: number): number {
  if (n <= REG.PC) return 8;
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
    '</target>',
  ].join('\n');
}
