// FP/SIMD: moves between general and FP registers (what saving and restoring FP state needs;
// FP loads/stores are in ldst.ts, FPCR/FPSR in sysregs.ts), and scalar single/double
// arithmetic, conversions, compares and selects (what compiled wasm f32/f64 code needs).
// Half-precision arithmetic (ftype 11) is not covered; vector forms are in simd.ts.
import { R, V, cond, fail, imm, type FpCls } from '../operands.ts';
import { alias, form, type Alias, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const A: Alias[] = [];

/** `v<n>.d[1]`: the upper half of a 128-bit register. */
const vTop = (field: string): Op => ({
  syntax: 'V<n>.D[1]',
  parse(p, f) {
    const m = /^v(\d+)\.d\s*\[\s*1\s*\]$/i.exec(p.trim());
    if (!m || Number(m[1]) > 31) return false;
    f[field] = Number(m[1]);
    return true;
  },
  print: (f) => `v${f[field]}.d[1]`,
});

for (const [id, sf, ftype, rmode, gp, fpOp] of [
  ['FMOV_w_s', 0, '00', '00', 'w', () => V('Rn', 's')], ['FMOV_x_d', 1, '01', '00', 'x', () => V('Rn', 'd')],
  ['FMOV_x_vd1', 1, '10', '01', 'x', () => vTop('Rn')],
] as const) {
  // general <- FP (opcode 110), FP <- general (opcode 111)
  F.push(form(id, 'fmov', `${sf} 0 0 11110 ${ftype} 1 ${rmode} 110 000000 Rn:5 Rd:5`, [R('Rd', gp), fpOp()], 'fp'));
  const dstOp = id === 'FMOV_x_vd1' ? vTop('Rd') : V('Rd', id === 'FMOV_w_s' ? 's' : 'd');
  const revId = id === 'FMOV_w_s' ? 'FMOV_s_w' : id === 'FMOV_x_d' ? 'FMOV_d_x' : 'FMOV_vd1_x';
  F.push(form(revId, 'fmov', `${sf} 0 0 11110 ${ftype} 1 ${rmode} 111 000000 Rn:5 Rd:5`, [dstOp, R('Rn', gp)], 'fp'));
}
for (const [ftype, c] of [['00', 's'], ['01', 'd']] as const) {
  F.push(form(`FMOV_${c}_${c}`, 'fmov', `00011110 ${ftype} 1 0000 00 10000 Rn:5 Rd:5`, [V('Rd', c), V('Rn', c)], 'fp'));
}

// ---------------------------------------------------------------- scalar arithmetic
// ftype 00 = single (S registers), 01 = double (D); the first FP register operand sets it.
const setFt = (f: Fields, c: FpCls): boolean => {
  const t = c === 's' ? 0 : c === 'd' ? 1 : -1;
  if (t < 0 || (f.ftype !== undefined && f.ftype !== t)) return false;
  f.ftype = t;
  return true;
};
const ftCls = (f: Fields): FpCls => (f.ftype ? 'd' : 's');
const Vt = (field: string): Op => V(field, ftCls, setFt);
const ftValid = (f: Fields): boolean => f.ftype < 2;
const ftUnalloc = [{ mask: 0x00800000, value: 0x00800000 }]; // ftype 1x: half precision / reserved
const fpx = (id: string, m: string, pat: string, ops: Op[]): void => {
  F.push(form(id, m, pat, ops, 'fp', { valid: ftValid, unalloc: ftUnalloc }));
};

const TWO: Array<[number, string]> = [[0, 'fmul'], [1, 'fdiv'], [2, 'fadd'], [3, 'fsub'], [4, 'fmax'], [5, 'fmin'], [6, 'fmaxnm'], [7, 'fminnm'], [8, 'fnmul']];
for (const [op, m] of TWO) {
  fpx(m.toUpperCase(), m, `00011110 ftype:2 1 Rm:5 ${op.toString(2).padStart(4, '0')} 10 Rn:5 Rd:5`, [Vt('Rd'), Vt('Rn'), Vt('Rm')]);
}
const ONE: Array<[number, string]> = [[1, 'fabs'], [2, 'fneg'], [3, 'fsqrt'], [8, 'frintn'], [9, 'frintp'], [10, 'frintm'], [11, 'frintz'], [12, 'frinta'], [14, 'frintx'], [15, 'frinti']];
for (const [op, m] of ONE) {
  fpx(m.toUpperCase(), m, `00011110 ftype:2 1 ${op.toString(2).padStart(6, '0')} 10000 Rn:5 Rd:5`, [Vt('Rd'), Vt('Rn')]);
}
// fcvt between precisions: the destination precision is in opcode<1:0>
for (const [ft, dst, src] of [['00', 'd', 's'], ['01', 's', 'd']] as const) {
  const opc = dst === 's' ? '000100' : '000101';
  F.push(form(`FCVT_${dst}_${src}`, 'fcvt', `00011110 ${ft} 1 ${opc} 10000 Rn:5 Rd:5`, [V('Rd', dst), V('Rn', src)], 'fp'));
}
// half precision <-> single/double (base ARMv8.0, no FP16 arithmetic needed)
for (const [ft, dst, src, opc] of [['11', 's', 'h', '000100'], ['11', 'd', 'h', '000101'], ['00', 'h', 's', '000111'], ['01', 'h', 'd', '000111']] as const) {
  F.push(form(`FCVT_${dst}_${src}`, 'fcvt', `00011110 ${ft} 1 ${opc} 10000 Rn:5 Rd:5`, [V('Rd', dst), V('Rn', src)], 'fp'));
}
for (const [o1, o0, m] of [[0, 0, 'fmadd'], [0, 1, 'fmsub'], [1, 0, 'fnmadd'], [1, 1, 'fnmsub']] as const) {
  fpx(m.toUpperCase(), m, `00011111 ftype:2 ${o1} Rm:5 ${o0} Ra:5 Rn:5 Rd:5`, [Vt('Rd'), Vt('Rn'), Vt('Rm'), Vt('Ra')]);
}
// compares: register or #0.0
const zero: Op = {
  syntax: '#0.0',
  parse(p, f, cx) {
    const t = p.trim().replace(/^#/, '');
    if (!/^[-+]?0\.0*(e[-+]?\d+)?$/i.test(t)) {
      if (/^#?[-+]?[\d.]/.test(p.trim())) fail(cx, 'only #0.0 can be compared against');
      return false;
    }
    f.Rm = 0;
    return true;
  },
  print: () => '#0.0',
};
for (const [e, m] of [[0, 'fcmp'], [1, 'fcmpe']] as const) {
  fpx(`${m.toUpperCase()}_reg`, m, `00011110 ftype:2 1 Rm:5 001000 Rn:5 ${e}0000`, [Vt('Rn'), Vt('Rm')]);
  // Rm is should-be-zero: written as 00000, ignored when decoding (as llvm and the A53 do)
  F.push(form(`${m.toUpperCase()}_zero`, m, `00011110 ftype:2 1 Rm:5 001000 Rn:5 ${e}1000`, [Vt('Rn'), zero], 'fp',
    { valid: ftValid, unalloc: ftUnalloc, ignored: ['Rm'], fill: (f) => void (f.Rm ??= 0) }));
}
for (const [e, m] of [[0, 'fccmp'], [1, 'fccmpe']] as const) {
  fpx(m.toUpperCase(), m, `00011110 ftype:2 1 Rm:5 cond:4 01 Rn:5 ${e} nzcv:4`, [Vt('Rn'), Vt('Rm'), imm('nzcv', { bits: 4 }), cond('cond')]);
}
fpx('FCSEL', 'fcsel', '00011110 ftype:2 1 Rm:5 cond:4 11 Rn:5 Rd:5', [Vt('Rd'), Vt('Rn'), Vt('Rm'), cond('cond')]);

// conversions between FP and integer registers
const CVT: Array<[number, number, string, boolean]> = [
  // rmode, opcode, mnemonic, integer source (else integer destination)
  [0, 0, 'fcvtns', false], [0, 1, 'fcvtnu', false], [0, 2, 'scvtf', true], [0, 3, 'ucvtf', true],
  [0, 4, 'fcvtas', false], [0, 5, 'fcvtau', false], [1, 0, 'fcvtps', false], [1, 1, 'fcvtpu', false],
  [2, 0, 'fcvtms', false], [2, 1, 'fcvtmu', false], [3, 0, 'fcvtzs', false], [3, 1, 'fcvtzu', false],
];
for (const [rmode, opc, m, fromInt] of CVT) {
  const pat = `sf:1 0 0 11110 ftype:2 1 ${rmode.toString(2).padStart(2, '0')} ${opc.toString(2).padStart(3, '0')} 000000 Rn:5 Rd:5`;
  fpx(m.toUpperCase(), m, pat, fromInt ? [Vt('Rd'), R('Rn', 'sf')] : [R('Rd', 'sf'), Vt('Rn')]);
}

// fixed-point <-> FP: #fbits = 64 - scale (1..32 for W registers, 1..64 for X)
const fbits: Op = {
  syntax: '#<fbits>',
  parse(p, f, cx) {
    const t = p.trim().replace(/^#/, '').trim();
    if (!/^[-+\d(]/.test(t)) return false;
    const v = cx.ctx.evalExpr(t);
    if (v.kind !== 'const') fail(cx, 'expected a constant');
    const hi = f.sf ? 64n : 32n;
    if (v.value < 1n || v.value > hi) fail(cx, `fbits ${v.value} out of range [1, ${hi}]`);
    f.scale = 64 - Number(v.value);
    return true;
  },
  print: (f) => '#' + (64 - f.scale),
};
for (const [rmode, opc, m, fromInt] of [[0, 2, 'scvtf', true], [0, 3, 'ucvtf', true], [3, 0, 'fcvtzs', false], [3, 1, 'fcvtzu', false]] as const) {
  const pat = `sf:1 0 0 11110 ftype:2 0 ${rmode.toString(2).padStart(2, '0')} ${opc.toString(2).padStart(3, '0')} scale:6 Rn:5 Rd:5`;
  F.push(form(`${m.toUpperCase()}_fix`, m, pat, fromInt ? [Vt('Rd'), R('Rn', 'sf'), fbits] : [R('Rd', 'sf'), Vt('Rn'), fbits], 'fp', {
    valid: (f) => f.ftype < 2 && (f.sf === 1 || f.scale >= 32),
    unalloc: [...ftUnalloc, { mask: 0x80008000, value: 0 }],
  }));
}

// fmov #imm: the 8-bit float immediate (sign, 3-bit exponent, 4-bit fraction)
export function fpImmValue(imm8: number): number {
  const sign = imm8 & 0x80 ? -1 : 1;
  const exp = ((imm8 >> 4) & 7) ^ 4; // NOT(b):c:d, so 2^0 is at 3 (VFPExpandImm)
  const frac = 16 + (imm8 & 15);
  return sign * frac * 2 ** (exp - 3 - 4);
}
export const FP_IMMS = new Map<number, number>();
for (let i = 0; i < 256; i++) FP_IMMS.set(fpImmValue(i), i);
const fpImm: Op = {
  syntax: '#<fpimm>',
  parse(p, f, cx) {
    const t = p.trim().replace(/^#/, '').trim();
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return false;
    const v = Number(t);
    if (v === 0 && !t.startsWith('-')) return false; // #0.0 is `fmov Rd, xzr` (below)
    const e = FP_IMMS.get(v);
    if (e === undefined) fail(cx, `${t} is not encodable as an 8-bit FP immediate (±n/16 * 2^r, n 16..31, r -3..4)`);
    f.imm8 = e;
    return true;
  },
  print: (f) => '#' + fpImmValue(f.imm8).toFixed(8),
};
fpx('FMOV_imm', 'fmov', '00011110 ftype:2 1 imm8:8 100 00000 Rd:5', [Vt('Rd'), fpImm]);
// `fmov s0, #0.0` has no 8-bit immediate: assemblers emit `fmov s0, wzr`.
const zeroImm: Op = {
  syntax: '#0.0',
  parse(p, f) {
    const t = p.trim().replace(/^#/, '').trim();
    if (!/^\+?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) || Number(t) !== 0) return false;
    f.Rn = 31;
    return true;
  },
  print: () => null,
};
A.push(alias('FMOV_s_zero', 'fmov', 'FMOV_s_w', [V('Rd', 's'), zeroImm], { asmOnly: true }));
A.push(alias('FMOV_d_zero', 'fmov', 'FMOV_d_x', [V('Rd', 'd'), zeroImm], { asmOnly: true }));

export const FP_FORMS = F;
export const FP_ALIASES = A;
