// Advanced SIMD floating point (single and double lanes): three same (arithmetic, FMLA/FMLS,
// min/max, pairwise, compares, FABD) and two-register misc (FABS/FNEG/FSQRT, FRINT*, FCVT*S/U,
// SCVTF/UCVTF, compares with #0.0, FCVTL/FCVTN), as rows of data like simd-int.ts.
import { type Fields, type Form, type Op } from '../table.ts';
import { unallocForm, vop } from './simd-int.ts';

const F: Form[] = [];
const U_2D_Q0 = { mask: 0x40400000, value: 0x00400000 };

function sform(id: string, mnem: string, pattern: string, ops: Op[], unalloc: Array<{ mask: number; value: number }>): void {
  F.push(unallocForm(id, mnem, pattern, ops, unalloc));
}

/** V<n>.<2S|4S|2D> from sz:Q (or an explicit arrangement table): simd-int.ts's vector operand. */
const fv = vop;
const SZQ: Fields[] = [{ sz: 0, Q: 0 }, { sz: 0, Q: 1 }, { sz: 1, Q: 1 }, { sz: 1, Q: 0 }];
const same = (field: string): Op => fv(field, (f) => (f.sz ? (f.Q ? '2d' : null) : f.Q ? '4s' : '2s'), SZQ);
const fzero: Op = { syntax: '#0.0', parse: (p) => /^#?\s*0(\.0)?$/.test(p.trim()), print: () => '#0.0' };
const bin5 = (v: number): string => v.toString(2).padStart(5, '0');

// [U, a, opcode, mnemonic]
const THREE: Array<[number, number, number, string]> = [
  [0, 0, 0b11000, 'fmaxnm'], [0, 0, 0b11001, 'fmla'], [0, 0, 0b11010, 'fadd'], [0, 0, 0b11100, 'fcmeq'], [0, 0, 0b11110, 'fmax'],
  [0, 1, 0b11000, 'fminnm'], [0, 1, 0b11001, 'fmls'], [0, 1, 0b11010, 'fsub'], [0, 1, 0b11110, 'fmin'],
  [1, 0, 0b11000, 'fmaxnmp'], [1, 0, 0b11010, 'faddp'], [1, 0, 0b11011, 'fmul'], [1, 0, 0b11100, 'fcmge'], [1, 0, 0b11101, 'facge'],
  [1, 0, 0b11110, 'fmaxp'], [1, 0, 0b11111, 'fdiv'],
  [1, 1, 0b11000, 'fminnmp'], [1, 1, 0b11010, 'fabd'], [1, 1, 0b11100, 'fcmgt'], [1, 1, 0b11101, 'facgt'], [1, 1, 0b11110, 'fminp'],
  [0, 0, 0b11011, 'fmulx'], [0, 0, 0b11111, 'frecps'], [0, 1, 0b11111, 'frsqrts'],
];
for (const [U, a, opc, m] of THREE) {
  sform(`VF3S_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01110 ${a} sz:1 1 Rm:5 ${bin5(opc)} 1 Rn:5 Rd:5`, [same('Rd'), same('Rn'), same('Rm')], [U_2D_Q0]);
}
// [U, a, opcode, mnemonic, compare with #0.0]
const MISC: Array<[number, number, number, string, boolean]> = [
  [0, 0, 0b11000, 'frintn', false], [0, 0, 0b11001, 'frintm', false], [0, 0, 0b11010, 'fcvtns', false], [0, 0, 0b11011, 'fcvtms', false],
  [0, 0, 0b11100, 'fcvtas', false], [0, 0, 0b11101, 'scvtf', false],
  [0, 1, 0b01100, 'fcmgt', true], [0, 1, 0b01101, 'fcmeq', true], [0, 1, 0b01110, 'fcmlt', true], [0, 1, 0b01111, 'fabs', false],
  [0, 1, 0b11000, 'frintp', false], [0, 1, 0b11001, 'frintz', false], [0, 1, 0b11010, 'fcvtps', false], [0, 1, 0b11011, 'fcvtzs', false],
  [1, 0, 0b11000, 'frinta', false], [1, 0, 0b11001, 'frintx', false], [1, 0, 0b11010, 'fcvtnu', false], [1, 0, 0b11011, 'fcvtmu', false],
  [1, 0, 0b11100, 'fcvtau', false], [1, 0, 0b11101, 'ucvtf', false],
  [1, 1, 0b01100, 'fcmge', true], [1, 1, 0b01101, 'fcmle', true], [1, 1, 0b01111, 'fneg', false], [1, 1, 0b11001, 'frinti', false],
  [1, 1, 0b11010, 'fcvtpu', false], [1, 1, 0b11011, 'fcvtzu', false], [1, 1, 0b11111, 'fsqrt', false],
  [0, 1, 0b11101, 'frecpe', false], [1, 1, 0b11101, 'frsqrte', false],
];
for (const [U, a, opc, m, z] of MISC) {
  sform(`VF2M_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01110 ${a} sz:1 10000 ${bin5(opc)} 10 Rn:5 Rd:5`, z ? [same('Rd'), same('Rn'), fzero] : [same('Rd'), same('Rn')], [U_2D_Q0]);
}
// URECPE, URSQRTE: unsigned 32-bit estimates (2S/4S only)
for (const [U, m] of [[0, 'urecpe'], [1, 'ursqrte']] as const) {
  sform(`VF2M_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01110 1 sz:1 10000 11100 10 Rn:5 Rd:5`, [same('Rd'), same('Rn')], [{ mask: 0x00400000, value: 0x00400000 }]);
}
// FCVTL{2} (half -> single, single -> double) and FCVTN{2} (the other way)
const WIDE = ['4s', '2d'], NARROW = [['4h', '8h'], ['2s', '4s']];
for (const Q of [0, 1]) {
  const szv = [{ sz: 0 }, { sz: 1 }];
  sform(`VF2M_FCVTL${Q ? '2' : ''}`, Q ? 'fcvtl2' : 'fcvtl', `0 ${Q} 0 01110 0 sz:1 10000 10111 10 Rn:5 Rd:5`,
    [fv('Rd', (f) => WIDE[f.sz], szv), fv('Rn', (f) => NARROW[f.sz][Q], szv)], []);
  sform(`VF2M_FCVTN${Q ? '2' : ''}`, Q ? 'fcvtn2' : 'fcvtn', `0 ${Q} 0 01110 0 sz:1 10000 10110 10 Rn:5 Rd:5`,
    [fv('Rd', (f) => NARROW[f.sz][Q], szv), fv('Rn', (f) => WIDE[f.sz], szv)], []);
}

// scalar conversions on S/D registers (01 U 11110 ...): FCVT{N,M,A,P,Z}{S,U}, SCVTF, UCVTF
const sd = (field: string): Op => ({
  syntax: '<Sd|Dd>',
  parse(p, f) {
    const m = /^([sd])(\d+)$/i.exec(p.trim());
    if (!m || Number(m[2]) > 31) return false;
    const v = m[1].toLowerCase() === 'd' ? 1 : 0;
    if (f.sz !== undefined && f.sz !== v) return false;
    f.sz = v;
    f[field] = Number(m[2]);
    return true;
  },
  print: (f) => `${f.sz ? 'd' : 's'}${f[field]}`,
});
for (const [U, a, opc, m] of MISC) {
  if (!/^(fcvt|scvtf|ucvtf)/.test(m)) continue;
  sform(`VFS2M_${m.toUpperCase()}`, m, `01 ${U} 11110 ${a} sz:1 10000 ${bin5(opc)} 10 Rn:5 Rd:5`, [sd('Rd'), sd('Rn')], []);
}

// scalar three same (01 U 11110 a sz 1 Rm opcode 1 Rn Rd): the compares, FABD, FMULX, FRECPS, FRSQRTS
const SCALAR3 = new Set(['fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt', 'fabd', 'fmulx', 'frecps', 'frsqrts']);
for (const [U, a, opc, m] of THREE) {
  if (!SCALAR3.has(m)) continue;
  sform(`VFS3S_${m.toUpperCase()}`, m, `01 ${U} 11110 ${a} sz:1 1 Rm:5 ${bin5(opc)} 1 Rn:5 Rd:5`, [sd('Rd'), sd('Rn'), sd('Rm')], []);
}
// scalar two-register misc: compares with #0.0, FRECPE, FRSQRTE, FRECPX
for (const [U, a, opc, m, z] of [...MISC.filter(([, , , m]) => /^(fcm|frecpe|frsqrte)/.test(m)), [0, 1, 0b11111, 'frecpx', false] as [number, number, number, string, boolean]]) {
  sform(`VFS2M_${m.toUpperCase()}`, m, `01 ${U} 11110 ${a} sz:1 10000 ${bin5(opc)} 10 Rn:5 Rd:5`, z ? [sd('Rd'), sd('Rn'), fzero] : [sd('Rd'), sd('Rn')], []);
}

// scalar pairwise (01 1 11110 a sz 11000 opcode 10): Sd, Vn.2S / Dd, Vn.2D
const pairSrc = vop('Rn', (f) => (f.sz ? '2d' : '2s'), [{ sz: 0 }, { sz: 1 }]);
for (const [a, opc, m] of [[0, 0b01100, 'fmaxnmp'], [0, 0b01101, 'faddp'], [0, 0b01111, 'fmaxp'], [1, 0b01100, 'fminnmp'], [1, 0b01111, 'fminp']] as const) {
  sform(`VFSP_${m.toUpperCase()}`, m, `01 1 11110 ${a} sz:1 11000 ${bin5(opc)} 10 Rn:5 Rd:5`, [sd('Rd'), pairSrc], []);
}
// across lanes (0 1 1 01110 a 0 11000 opcode 10): Sd, Vn.4S only
const s4 = vop('Rn', () => '4s', [{}]);
const sOnly: Op = { ...sd('Rd'), parse: (p, f, cx) => sd('Rd').parse(p, f, cx) && f.sz === 0 };
for (const [a, opc, m] of [[0, 0b01100, 'fmaxnmv'], [0, 0b01111, 'fmaxv'], [1, 0b01100, 'fminnmv'], [1, 0b01111, 'fminv']] as const) {
  sform(`VFAL_${m.toUpperCase()}`, m, `0 1 1 01110 ${a} 0 11000 ${bin5(opc)} 10 Rn:5 Rd:5`, [{ ...sOnly, print: (f) => `s${f.Rd}` }, s4], []);
}
// FCVTXN{2} (double -> single, rounding to odd), vector and scalar
for (const Q of [0, 1]) {
  sform(`VF2M_FCVTXN${Q ? '2' : ''}`, Q ? 'fcvtxn2' : 'fcvtxn', `0 ${Q} 1 01110 0 1 10000 10110 10 Rn:5 Rd:5`,
    [vop('Rd', () => (Q ? '4s' : '2s'), [{}]), vop('Rn', () => '2d', [{}])], []);
}
sform('VFS2M_FCVTXN', 'fcvtxn', '01 1 11110 0 1 10000 10110 10 Rn:5 Rd:5', [{ ...sOnly, print: (f) => `s${f.Rd}` }, { ...sd('Rn'), parse: (p, f, cx) => /^d/i.test(p.trim()) && sd('Rn').parse(p, { ...f, sz: undefined as never }, cx) && ((f.Rn = Number(p.trim().slice(1))), true), print: (f) => `d${f.Rn}` }], []);

export const SIMD_FP_FORMS = F;
