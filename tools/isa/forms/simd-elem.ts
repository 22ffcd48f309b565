// Advanced SIMD "by element" (vector x indexed element, ARM ARM C4.1.6): the integer multiplies
// MUL/MLA/MLS/SQDMULH/SQRDMULH, the long ones [SU]MULL/[SU]MLAL/[SU]MLSL/SQDMULL/SQDMLAL/SQDMLSL
// (and their "2" forms), the FP FMUL/FMLA/FMLS/FMULX; vector and scalar. The element's index is
// spread over H:L:M (H lanes, Vm in v0-v15), H:L (S lanes, M is Vm's top bit) or H (D lanes).
import { fail } from '../operands.ts';
import { type Fields, type Form, type Op } from '../table.ts';
import { unallocForm, vop } from './simd-int.ts';

const F: Form[] = [];
const ARR = [['8b', '16b'], ['4h', '8h'], ['2s', '4s'], ['1d', '2d']];

function sform(id: string, mnem: string, pattern: string, ops: Op[], unalloc: Array<{ mask: number; value: number }>): void {
  F.push(unallocForm(id, mnem, pattern, ops, unalloc));
}

const U_SIZE0 = { mask: 0x00c00000, value: 0x00000000 };
const U_SIZE3 = { mask: 0x00c00000, value: 0x00c00000 };
const U_SZ1_L1 = { mask: 0x00600000, value: 0x00600000 };   // FP D lanes: index is H only
const U_SZ1_Q0 = { mask: 0x40400000, value: 0x00400000 };   // FP 2D needs Q = 1
const bin4 = (v: number): string => v.toString(2).padStart(4, '0');

/** Element size (1 H, 2 S, 3 D) of the form's fields: integer forms carry `size`, FP ones `sz`. */
const esizeOf = (f: Fields): number => (f.size !== undefined ? f.size : f.sz !== undefined ? 2 + f.sz : -1);
function setEsize(f: Fields, fp: boolean, es: number): boolean {
  if (fp) {
    if (es < 2) return false;
    if (f.sz !== undefined && f.sz !== es - 2) return false;
    f.sz = es - 2;
  } else {
    if (es < 1 || es > 2) return false;
    if (f.size !== undefined && f.size !== es) return false;
    f.size = es;
  }
  return true;
}

/** `v<m>.<Ts>[<i>]`: Vm and the index over H:L:M / H:L / H by element size. */
function element(fp: boolean): Op {
  return {
    syntax: 'V<m>.<Ts>[<index>]',
    parse(p, f, cx) {
      const m = /^v(\d+)\.([hsd])\s*\[\s*(\d+)\s*\]$/i.exec(p.trim());
      if (!m || Number(m[1]) > 31) return false;
      const es = 'bhsd'.indexOf(m[2].toLowerCase());
      if (!setEsize(f, fp, es)) return false;
      const reg = Number(m[1]), i = Number(m[3]);
      if (i >= 16 >> es) fail(cx, `element index ${i} out of range [0, ${(16 >> es) - 1}]`);
      if (es === 1) {
        if (reg > 15) fail(cx, 'the indexed register of a by-element H form must be in v0-v15');
        f.H = i >> 2; f.L = (i >> 1) & 1; f.M = i & 1; f.Rm = reg;
      } else {
        f.M = reg >> 4; f.Rm = reg & 15;
        if (es === 2) { f.H = i >> 1; f.L = i & 1; } else { f.H = i; f.L = 0; }
      }
      return true;
    },
    print(f) {
      const es = esizeOf(f);
      if (es === 1) return `v${f.Rm}.h[${(f.H << 2) | (f.L << 1) | f.M}]`;
      const reg = (f.M << 4) | f.Rm;
      if (es === 2) return `v${reg}.s[${(f.H << 1) | f.L}]`;
      return es === 3 ? `v${reg}.d[${f.H}]` : null;
    },
  };
}

// vector operands: integer lanes from size:Q, FP lanes from sz:Q
const SQ: Fields[] = [];
for (const size of [1, 2]) for (const Q of [0, 1]) SQ.push({ size, Q });
const same = (field: string): Op => vop(field, (f) => (f.size === 1 || f.size === 2 ? ARR[f.size][f.Q] : null), SQ);
const half = (field: string, Q: number): Op => vop(field, (f) => (f.size === 1 || f.size === 2 ? ARR[f.size][Q] : null), [{ size: 1 }, { size: 2 }]);
const dbl = (field: string): Op => vop(field, (f) => (f.size === 1 || f.size === 2 ? ARR[f.size + 1][1] : null), [{ size: 1 }, { size: 2 }]);
const SZQ: Fields[] = [{ sz: 0, Q: 0 }, { sz: 0, Q: 1 }, { sz: 1, Q: 1 }];
const fsame = (field: string): Op => vop(field, (f) => (f.sz ? (f.Q ? '2d' : null) : f.Q ? '4s' : '2s'), SZQ);

/** A scalar register B/H/S/D whose letter is the element size plus `widen`. */
function sreg(field: string, fp: boolean, widen: number): Op {
  return {
    syntax: '<V><n>',
    parse(p, f) {
      const m = /^([bhsd])(\d+)$/i.exec(p.trim());
      if (!m || Number(m[2]) > 31) return false;
      if (!setEsize(f, fp, 'bhsd'.indexOf(m[1].toLowerCase()) - widen)) return false;
      f[field] = Number(m[2]);
      return true;
    },
    print: (f) => { const es = esizeOf(f) + widen; return es < 1 || es > 3 ? null : `${'bhsd'[es]}${f[field]}`; },
  };
}

// [U, opcode, mnemonic, shape]: S same lanes, L long (Ta <- Tb, "2" forms on the high half)
const INT: Array<[number, number, string, 'S' | 'L', boolean]> = [
  [1, 0b0000, 'mla', 'S', false], [1, 0b0100, 'mls', 'S', false], [0, 0b1000, 'mul', 'S', false],
  [0, 0b1100, 'sqdmulh', 'S', true], [0, 0b1101, 'sqrdmulh', 'S', true],
  [0, 0b0010, 'smlal', 'L', false], [1, 0b0010, 'umlal', 'L', false], [0, 0b0011, 'sqdmlal', 'L', true],
  [0, 0b0110, 'smlsl', 'L', false], [1, 0b0110, 'umlsl', 'L', false], [0, 0b0111, 'sqdmlsl', 'L', true],
  [0, 0b1010, 'smull', 'L', false], [1, 0b1010, 'umull', 'L', false], [0, 0b1011, 'sqdmull', 'L', true],
];
for (const [U, opc, m, shape, scalar] of INT) {
  const tail = `L:1 M:1 Rm:4 ${bin4(opc)} H:1 0 Rn:5 Rd:5`;
  if (shape === 'S') sform(`VE_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01111 size:2 ${tail}`, [same('Rd'), same('Rn'), element(false)], [U_SIZE0, U_SIZE3]);
  else for (const Q of [0, 1]) {
    const mn = Q ? `${m}2` : m;
    sform(`VE_${mn.toUpperCase()}`, mn, `0 ${Q} ${U} 01111 size:2 ${tail}`, [dbl('Rd'), half('Rn', Q), element(false)], [U_SIZE0, U_SIZE3]);
  }
  if (scalar) {
    const w = shape === 'L' ? 1 : 0;
    sform(`VSE_${m.toUpperCase()}`, m, `01 ${U} 11111 size:2 ${tail}`, [sreg('Rd', false, w), sreg('Rn', false, 0), element(false)], [U_SIZE0, U_SIZE3]);
  }
}
for (const [U, opc, m] of [[0, 0b0001, 'fmla'], [0, 0b0101, 'fmls'], [0, 0b1001, 'fmul'], [1, 0b1001, 'fmulx']] as const) {
  const tail = `1 sz:1 L:1 M:1 Rm:4 ${bin4(opc)} H:1 0 Rn:5 Rd:5`;
  sform(`VFE_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01111 ${tail}`, [fsame('Rd'), fsame('Rn'), element(true)], [U_SZ1_L1, U_SZ1_Q0]);
  sform(`VSFE_${m.toUpperCase()}`, m, `01 ${U} 11111 ${tail}`, [sreg('Rd', true, 0), sreg('Rn', true, 0), element(true)], [U_SZ1_L1]);
}

export const SIMD_ELEM_FORMS = F;
