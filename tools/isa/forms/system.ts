// System instructions: exception generation, hints, barriers, PSTATE, MRS/MSR, SYS and its
// AT/DC/IC/TLBI aliases.
import { R, fail, imm, named } from '../operands.ts';
import { BARRIERS, SYS_OPS, encodeSysreg, parseSysreg, sysregName, type SysOpKind } from '../sysregs.ts';
import { alias, form, type Alias, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const A: Alias[] = [];

// ---------------------------------------------------------------- exception generation
for (const [id, opc, ll, m] of [
  ['SVC', '000', '01', 'svc'], ['HVC', '000', '10', 'hvc'], ['SMC', '000', '11', 'smc'],
  ['BRK', '001', '00', 'brk'], ['HLT', '010', '00', 'hlt'],
] as const) {
  F.push(form(id, m, `11010100 ${opc} imm16:16 000 ${ll}`, [imm('imm16', { bits: 16, hex: true })], 'system'));
}
// UDF #imm16: permanently undefined (every core raises UNDEFINED for it; it has no group)
F.push(form('UDF', 'udf', '0000000000000000 imm16:16', [imm('imm16', { bits: 16 })], 'system'));
for (const n of [1, 2, 3]) {
  F.push(form('DCPS' + n, 'dcps' + n, `11010100 101 imm16:16 000 ${n.toString(2).padStart(2, '0')}`,
    [imm('imm16', { bits: 16, hex: true, optional: true })], 'system'));
}

// ---------------------------------------------------------------- hints
// llvm 14 names only these hints without extra features (others print as `hint #n`).
F.push(form('HINT', 'hint', '11010101000000110010 CRm:4 op2:3 11111', [{
  ...imm('_h', { bits: 7 }),
  syntax: '#<imm7>',
  parse(p, f, cx) {
    if (!imm('_h', { bits: 7 }).parse(p, f, cx)) return false;
    f.CRm = f._h >> 3;
    f.op2 = f._h & 7;
    return true;
  },
  print: (f) => '#' + ((f.CRm << 3) | f.op2),
}], 'system'));
for (const [n, m] of [[0, 'nop'], [1, 'yield'], [2, 'wfe'], [3, 'wfi'], [4, 'sev'], [5, 'sevl'], [6, 'dgh'], [20, 'csdb']] as const) {
  A.push(alias(m.toUpperCase(), m, 'HINT', [], { fixed: { CRm: n >> 3, op2: n & 7 } }));
}

// ---------------------------------------------------------------- barriers
const barrier = (): Op => named('CRm', BARRIERS, '<option>', 4);
F.push(form('CLREX', 'clrex', '11010101000000110011 CRm:4 010 11111', [{
  ...imm('CRm', { bits: 4, optional: true }),
  dflt: (f) => void (f.CRm ??= 15),
  print: (f) => (f.CRm === 15 ? '' : '#' + f.CRm),
}], 'system'));
F.push(form('DSB', 'dsb', '11010101000000110011 CRm:4 100 11111', [barrier()], 'system'));
A.push(alias('SSBB', 'ssbb', 'DSB', [], { fixed: { CRm: 0 } }));
A.push(alias('PSSBB', 'pssbb', 'DSB', [], { fixed: { CRm: 4 } }));
F.push(form('DMB', 'dmb', '11010101000000110011 CRm:4 101 11111', [barrier()], 'system'));
F.push(form('ISB', 'isb', '11010101000000110011 CRm:4 110 11111', [{
  ...named('CRm', new Map([[15, 'sy']]), '<option>', 4),
  optional: true,
  dflt: (f) => void (f.CRm ??= 15),
  print: (f) => (f.CRm === 15 ? '' : '#' + f.CRm),
}], 'system'));

// ---------------------------------------------------------------- PSTATE
// One form per PSTATE field (op1:op2), so that the table needs no field check.
for (const [id, name, op1, op2] of [['MSR_SPSel', 'SPSel', 0, 5], ['MSR_DAIFSet', 'DAIFSet', 3, 6], ['MSR_DAIFClr', 'DAIFClr', 3, 7]] as const) {
  const field: Op = { syntax: name, parse: (p) => p.trim().toLowerCase() === name.toLowerCase(), print: () => name };
  F.push(form(id, 'msr', `1101010100000 ${op1.toString(2).padStart(3, '0')} 0100 CRm:4 ${op2.toString(2).padStart(3, '0')} 11111`,
    [field, imm('CRm', { bits: 4 })], 'system'));
}

// ---------------------------------------------------------------- MRS / MSR (register)
function sysreg(dir: 'r' | 'w'): Op {
  return {
    syntax: '<sysreg>',
    parse(p, f, cx) {
      const r = parseSysreg(p, dir);
      if (r === undefined) return false;
      if (r === null) fail(cx, `system register '${p.trim()}' is not ${dir === 'r' ? 'readable' : 'writable'}`);
      f.o0 = r.op0 & 1;
      f.op1 = r.op1;
      f.CRn = r.CRn;
      f.CRm = r.CRm;
      f.op2 = r.op2;
      return true;
    },
    print: (f) => sysregName(encodeSysreg(2 | f.o0, f.op1, f.CRn, f.CRm, f.op2), dir),
  };
}
F.push(form('MRS', 'mrs', '1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', [R('Rt', 'x'), sysreg('r')], 'system'));
F.push(form('MSR_reg', 'msr', '1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', [sysreg('w'), R('Rt', 'x')], 'system'));

// op0 = 0 is unallocated outside hints, barriers and PSTATE; llvm still prints such words as
// MRS/MSR of a generic register, and so do we (the emulator treats them as UNDEFINED).
const genericReg: Op = {
  syntax: 'S0_<op1>_C<n>_C<m>_<op2>',
  parse(p, f) {
    const m = /^s0_([0-7])_c([0-9]|1[0-5])_c([0-9]|1[0-5])_([0-7])$/i.exec(p.trim());
    if (!m) return false;
    [f.op1, f.CRn, f.CRm, f.op2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    return true;
  },
  print: (f) => `S0_${f.op1}_C${f.CRn}_C${f.CRm}_${f.op2}`,
};
F.push(form('MRS_op0_0', 'mrs', '1101010100 1 00 op1:3 CRn:4 CRm:4 op2:3 Rt:5', [R('Rt', 'x'), genericReg], 'system-unalloc'));
F.push(form('MSR_op0_0', 'msr', '1101010100 0 00 op1:3 CRn:4 CRm:4 op2:3 Rt:5', [genericReg, R('Rt', 'x')], 'system-unalloc'));

// ---------------------------------------------------------------- SYS / SYSL and aliases
const crOp = (field: string): Op => ({
  syntax: 'C<n>',
  parse(p, f, cx) {
    const m = /^c(\d+)$/i.exec(p.trim());
    if (!m) return false;
    const n = Number(m[1]);
    if (n > 15) fail(cx, `C${n} out of range [C0, C15]`);
    f[field] = n;
    return true;
  },
  print: (f) => 'c' + f[field],
});
const sysRt: Op = {
  ...R('Rt', 'x'),
  optional: true,
  dflt: (f) => void (f.Rt ??= 31),
  print: (f) => (f.Rt === 31 ? '' : 'x' + f.Rt),
};
F.push(form('SYS', 'sys', '1101010100 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5',
  [imm('op1', { bits: 3 }), crOp('CRn'), crOp('CRm'), imm('op2', { bits: 3 }), sysRt], 'system',
  { manyToOne: true })); // register-less TLBI/IC print alike whatever Rt holds
F.push(form('SYSL', 'sysl', '1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5',
  [R('Rt', 'x'), imm('op1', { bits: 3 }), crOp('CRn'), crOp('CRm'), imm('op2', { bits: 3 })], 'system'));

/** The operation name of an AT/DC/IC/TLBI alias; an operation that takes a register needs
 *  one, the others must not have one (llvm prints `sys` otherwise). */
function sysOpAlias(kind: SysOpKind): void {
  const ops = SYS_OPS.filter((o) => o.kind === kind);
  const key = (f: Fields): number => (f.op1 << 11) | (f.CRn << 7) | (f.CRm << 3) | f.op2;
  const byKey = new Map(ops.map((o) => [(o.op1 << 11) | (o.CRn << 7) | (o.CRm << 3) | o.op2, o]));
  const byName = new Map(ops.map((o) => [o.name, o]));
  const opName: Op = {
    syntax: `<${kind}_op>`,
    parse(p, f, cx) {
      const o = byName.get(p.trim().toLowerCase());
      if (!o) fail(cx, `unknown ${kind} operation '${p.trim()}'`);
      f.op1 = o.op1; f.CRn = o.CRn; f.CRm = o.CRm; f.op2 = o.op2;
      f._needsReg = o.reg ? 1 : 0;
      return true;
    },
    print: (f) => byKey.get(key(f))!.name,
  };
  const reg: Op = {
    ...R('Rt', 'x'),
    optional: true,
    parse(p, f, cx) {
      if (!f._needsReg) fail(cx, `${kind} operation takes no register`);
      f._explicitRt = 1;
      return R('Rt', 'x').parse(p, f, cx);
    },
    dflt(f) {
      f.Rt ??= 31;
    },
    print: (f) => (byKey.get(key(f))!.reg ? 'x' + (f.Rt === 31 ? 'zr' : f.Rt) : ''),
  };
  A.push(alias(kind.toUpperCase(), kind, 'SYS', [opName, reg], {
    // llvm prints the alias for a register-less operation whatever Rt holds.
    when: (f) => byKey.has(key(f)),
    derive(f) {
      if (f._needsReg && f.Rt === 31 && !f._explicitRt) return false;
      return true;
    },
  }));
}
for (const k of ['at', 'dc', 'ic', 'tlbi'] as const) sysOpAlias(k);

export const SYSTEM_FORMS = F;
export const SYSTEM_ALIASES = A;
