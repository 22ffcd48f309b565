// Branches: immediate, conditional, compare-and-branch, test-and-branch, register.
import { CONDS, R, fail, target } from '../operands.ts';
import { alias, form, type Alias, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const A: Alias[] = [];

const tgt = (bits: number, field: string, reloc: Parameters<typeof target>[0]['reloc']): Op =>
  target({ fields: [[field, bits]], scale: 4, print: 'abs', reloc });
const only = (r: string) => (m: string | undefined) => (m === undefined ? (r as never) : undefined);

F.push(form('B', 'b', '0 00101 imm26:26', [tgt(26, 'imm26', only('R_AARCH64_JUMP26'))], 'branch'));
F.push(form('BL', 'bl', '1 00101 imm26:26', [tgt(26, 'imm26', only('R_AARCH64_CALL26'))], 'branch'));

// b.<cond>: one alias per condition spelling carries the condition in its mnemonic.
F.push(form('B_cond', 'b.cond', '0101010 0 imm19:19 0 cond:4', [tgt(19, 'imm19', only('R_AARCH64_CONDBR19'))], 'branch'));
const condSpellings: Array<[string, number]> = CONDS.map((c, i) => [c, i]);
condSpellings.push(['cs', 2], ['cc', 3]);
for (const [c, n] of condSpellings) {
  const ops = [tgt(19, 'imm19', only('R_AARCH64_CONDBR19'))];
  A.push(alias('B_' + c, 'b.' + c, 'B_cond', ops, { fixed: { cond: n }, asmOnly: c === 'cs' || c === 'cc' }));
  // `beq label`: the spelling without the dot, accepted by GNU as and llvm-mc
  A.push(alias('B' + c + '_nodot', 'b' + c, 'B_cond', [tgt(19, 'imm19', only('R_AARCH64_CONDBR19'))], { fixed: { cond: n }, asmOnly: true }));
}

for (const [op, m] of [[0, 'cbz'], [1, 'cbnz']] as const) {
  F.push(form(m.toUpperCase(), m, `sf:1 011010 ${op} imm19:19 Rt:5`, [R('Rt', 'sf'), tgt(19, 'imm19', only('R_AARCH64_CONDBR19'))], 'branch'));
}

/** Bit number of TBZ/TBNZ: b5:b40. The register prints as W when b5 is 0 (llvm does too). */
const tbRt: Op = {
  syntax: '<Wt|Xt>',
  parse(p, f, cx) {
    const r = R('Rt', 'x').parse(p, f, cx) ? 1 : R('Rt', 'w').parse(p, f, cx) ? 0 : -1;
    if (r < 0) return false;
    f._x = r;
    return true;
  },
  print: (f) => (f.b5 ? 'x' : 'w') + (f.Rt === 31 ? 'zr' : f.Rt),
};
const tbBit: Op = {
  syntax: '#<bit>',
  parse(p, f, cx) {
    const t = p.trim();
    if (t === '' || t[0] === '[') return false;
    const v = cx.ctx.evalExpr(t[0] === '#' ? t.slice(1).trim() : t);
    if (v.kind !== 'const') fail(cx, 'expected a constant bit number');
    const hi = f._x ? 63n : 31n;
    if (v.value < 0n || v.value > hi) fail(cx, `bit number ${v.value} out of range [0, ${hi}]`);
    const n = Number(v.value);
    f.b5 = n >> 5;
    f.b40 = n & 31;
    return true;
  },
  print: (f) => '#' + ((f.b5 << 5) | f.b40),
};
for (const [op, m] of [[0, 'tbz'], [1, 'tbnz']] as const) {
  F.push(form(m.toUpperCase(), m, `b5:1 011011 ${op} b40:5 imm14:14 Rt:5`, [tbRt, tbBit, tgt(14, 'imm14', only('R_AARCH64_TSTBR14'))], 'branch'));
}

const xn = R('Rn', 'x');
F.push(form('BR', 'br', '1101011 0000 11111 000000 Rn:5 00000', [xn], 'branch'));
F.push(form('BLR', 'blr', '1101011 0001 11111 000000 Rn:5 00000', [xn], 'branch'));
const retReg: Op = {
  ...xn,
  optional: true,
  dflt: (f) => void (f.Rn ??= 30),
  print: (f) => (f.Rn === 30 ? '' : xn.print(f, { pc: 0 })),
};
F.push(form('RET', 'ret', '1101011 0010 11111 000000 Rn:5 00000', [retReg], 'branch'));
F.push(form('ERET', 'eret', '1101011 0100 11111 000000 11111 00000', [], 'branch'));
F.push(form('DRPS', 'drps', '1101011 0101 11111 000000 11111 00000', [], 'branch'));

export const BRANCH_FORMS = F;
export const BRANCH_ALIASES = A;
