// Advanced SIMD: the few vector forms compiled code and context switches use so far — CNT and
// ADDV (popcount), bitwise ops and register moves, integer ADD/SUB, DUP/INS/UMOV/SMOV.
import { R, fail } from '../operands.ts';
import { alias, form, type Alias, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const A: Alias[] = [];

const ARR = [['8b', '16b'], ['4h', '8h'], ['2s', '4s'], ['1d', '2d']];

/** `v<n>.<T>` with the arrangement from size:Q (`sizeField` '' when size is fixed to `fixed`). */
function vec(field: string, sizes: number[], sizeField = 'size', fixed = 0): Op {
  return {
    syntax: 'V<n>.<T>',
    parse(p, f) {
      const m = /^v(\d+)\.(\d+[bhsd])$/i.exec(p.trim());
      if (!m || Number(m[1]) > 31) return false;
      const t = m[2].toLowerCase();
      const size = ARR.findIndex((a) => a.includes(t));
      if (size < 0 || !sizes.includes(size)) return false;
      const Q = ARR[size].indexOf(t);
      if (sizeField) {
        if (f[sizeField] !== undefined && f[sizeField] !== size) return false;
        f[sizeField] = size;
      } else if (size !== fixed) return false;
      if (f.Q !== undefined && f.Q !== Q) return false;
      f.Q = Q;
      f[field] = Number(m[1]);
      return true;
    },
    print: (f) => `v${f[field]}.${ARR[sizeField ? f[sizeField] : fixed][f.Q]}`,
  };
}

// ---------------------------------------------------------------- popcount helpers
F.push(form('CNT', 'cnt', '0 Q:1 0 01110 size:2 10000 00101 10 Rn:5 Rd:5', [vec('Rd', [0]), vec('Rn', [0])], 'simd',
  { valid: (f) => f.size === 0, unalloc: [{ mask: 0x00c00000, value: 0x00400000 }, { mask: 0x00800000, value: 0x00800000 }] }));
const addvDst: Op = {
  syntax: '<Bd|Hd|Sd>',
  parse(p, f) {
    const m = /^([bhs])(\d+)$/i.exec(p.trim());
    if (!m || Number(m[2]) > 31) return false;
    f.size = 'bhs'.indexOf(m[1].toLowerCase());
    f.Rd = Number(m[2]);
    return true;
  },
  print: (f) => 'bhs'[f.size] + f.Rd,
};
F.push(form('ADDV', 'addv', '0 Q:1 0 01110 size:2 11000 11011 10 Rn:5 Rd:5', [addvDst, vec('Rn', [0, 1, 2])], 'simd',
  { valid: (f) => f.size < 2 || (f.size === 2 && f.Q === 1), unalloc: [{ mask: 0x00c00000, value: 0x00c00000 }, { mask: 0x40c00000, value: 0x00800000 }] }));

// ---------------------------------------------------------------- bitwise (8B/16B)
const b = (field: string): Op => vec(field, [0], '', 0);
for (const [U, opc2, m] of [[0, 0, 'and'], [0, 1, 'bic'], [0, 2, 'orr'], [0, 3, 'orn'], [1, 0, 'eor'], [1, 1, 'bsl'], [1, 2, 'bit'], [1, 3, 'bif']] as const) {
  F.push(form(`${m.toUpperCase()}_v`, m, `0 Q:1 ${U} 01110 ${opc2 >> 1}${opc2 & 1} 1 Rm:5 000111 Rn:5 Rd:5`, [b('Rd'), b('Rn'), b('Rm')], 'simd'));
}
A.push(alias('MOV_v', 'mov', 'ORR_v', [b('Rd'), b('Rn')], { when: (f) => f.Rn === f.Rm, derive: (f) => void (f.Rm = f.Rn) }));
F.push(form('NOT_v', 'not', '0 Q:1 1 01110 00 10000 00101 10 Rn:5 Rd:5', [b('Rd'), b('Rn')], 'simd'));
A.push(alias('MVN_v', 'mvn', 'NOT_v', [b('Rd'), b('Rn')]));

// ---------------------------------------------------------------- integer add/sub
for (const [U, m] of [[0, 'add'], [1, 'sub']] as const) {
  F.push(form(`${m.toUpperCase()}_v`, m, `0 Q:1 ${U} 01110 size:2 1 Rm:5 10000 1 Rn:5 Rd:5`, [vec('Rd', [0, 1, 2, 3]), vec('Rn', [0, 1, 2, 3]), vec('Rm', [0, 1, 2, 3])], 'simd',
    { valid: (f) => !(f.size === 3 && f.Q === 0), unalloc: [{ mask: 0x40c00000, value: 0x00c00000 }] }));
}

// ---------------------------------------------------------------- element moves
// imm5 holds the element size (lowest set bit) and the index above it.
const esize = (imm5: number): number => (imm5 & 1 ? 0 : imm5 & 2 ? 1 : imm5 & 4 ? 2 : imm5 & 8 ? 3 : -1);
const ET = 'bhsd';

/** `v<n>.<T>[i]`: sets imm5 (or checks it, and the index against `idxField` for INS element). */
function elem(field: string, sizes: number[], idxField?: string): Op {
  return {
    syntax: 'V<n>.<T>[<i>]',
    parse(p, f, cx) {
      const m = /^v(\d+)\.([bhsd])\s*\[\s*(\d+)\s*\]$/i.exec(p.trim());
      if (!m || Number(m[1]) > 31) return false;
      const size = ET.indexOf(m[2].toLowerCase());
      if (!sizes.includes(size)) return false;
      const i = Number(m[3]);
      if (i >= 16 >> size) fail(cx, `element index ${i} out of range [0, ${(16 >> size) - 1}]`);
      if (f._esize !== undefined && f._esize !== size) return false;
      f._esize = size;
      f[field] = Number(m[1]);
      if (idxField) f[idxField] = i << size;
      else f.imm5 = ((i << 1) | 1) << size;
      return true;
    },
    print(f) {
      const s = esize(f.imm5);
      const i = idxField ? f[idxField] >> s : f.imm5 >> (s + 1);
      return `v${f[field]}.${ET[s]}[${i}]`;
    },
  };
}
/** The general register of DUP/INS/UMOV/SMOV: X for D elements (or SMOV/UMOV with Q=1). */
const gpr = (field: string, x: (f: Fields) => boolean): Op => {
  const w = R(field, 'w');
  const xr = R(field, 'x');
  return {
    syntax: '<Wn|Xn>',
    parse: (p, f, cx) => (xr.parse(p, f, cx) ? ((f._gx = 1), true) : w.parse(p, f, cx) ? ((f._gx = 0), true) : false),
    print: (f) => (x(f) ? xr : w).print(f, { pc: 0 }),
  };
};
const imm5Valid = (f: Fields): boolean => esize(f.imm5) >= 0;
const imm5Unalloc = [{ mask: 0x000f0000, value: 0 }];

/** DUP Vd.T, Rn: arrangement from imm5 and Q. */
const dupVec: Op = {
  syntax: 'V<d>.<T>',
  parse(p, f) {
    const m = /^v(\d+)\.(\d+[bhsd])$/i.exec(p.trim());
    if (!m || Number(m[1]) > 31) return false;
    const t = m[2].toLowerCase();
    const size = ARR.findIndex((a) => a.includes(t));
    if (size < 0 || t === '1d') return false;
    f.Q = ARR[size].indexOf(t);
    f.imm5 ??= 1 << size;
    f._esize = size;
    f.Rd = Number(m[1]);
    return true;
  },
  print: (f) => `v${f.Rd}.${ARR[esize(f.imm5)][f.Q]}`,
};
F.push(form('DUP_gen', 'dup', '0 Q:1 0 01110000 imm5:5 0 0001 1 Rn:5 Rd:5', [dupVec, gpr('Rn', (f) => esize(f.imm5) === 3)], 'simd', {
  manyToOne: true, // imm5 bits above the element size are ignored
  valid: (f) => imm5Valid(f) && !(esize(f.imm5) === 3 && f.Q === 0),
  unalloc: [...imm5Unalloc, { mask: 0x400f0000, value: 0x00080000 }],
  reject: (f) => (f._gx !== (f._esize === 3 ? 1 : 0) ? 'the register must be X for D elements, W otherwise' : undefined),
}));
F.push(form('DUP_elem', 'dup', '0 Q:1 0 01110000 imm5:5 0 0000 1 Rn:5 Rd:5', [{ ...dupVec, parse: (p, f, cx) => dupVec.parse(p, f, cx) && ((f.imm5 = undefined as never), true) }, elem('Rn', [0, 1, 2, 3])], 'simd', {
  valid: (f) => imm5Valid(f) && !(esize(f.imm5) === 3 && f.Q === 0),
  unalloc: [...imm5Unalloc, { mask: 0x400f0000, value: 0x00080000 }],
}));
F.push(form('INS_gen', 'ins', '0 1 0 01110000 imm5:5 0 0011 1 Rn:5 Rd:5', [elem('Rd', [0, 1, 2, 3]), gpr('Rn', (f) => esize(f.imm5) === 3)], 'simd', {
  valid: imm5Valid, unalloc: imm5Unalloc,
  reject: (f) => (f._gx !== (f._esize === 3 ? 1 : 0) ? 'the register must be X for D elements, W otherwise' : undefined),
}));
A.push(alias('MOV_ins_gen', 'mov', 'INS_gen', [elem('Rd', [0, 1, 2, 3]), gpr('Rn', (f) => esize(f.imm5) === 3)]));
F.push(form('INS_elem', 'ins', '0 1 1 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5', [elem('Rd', [0, 1, 2, 3]), elem('Rn', [0, 1, 2, 3], 'imm4')], 'simd', {
  valid: imm5Valid, unalloc: imm5Unalloc, manyToOne: true, // imm4 bits below the element size are ignored
}));
A.push(alias('MOV_ins_elem', 'mov', 'INS_elem', [elem('Rd', [0, 1, 2, 3]), elem('Rn', [0, 1, 2, 3], 'imm4')]));
// UMOV: B/H/S to W (Q=0), D to X (Q=1); SMOV: B/H to W (Q=0), B/H/S to X (Q=1)
const umovValid = (f: Fields): boolean => imm5Valid(f) && (f.Q === 1 ? esize(f.imm5) === 3 : esize(f.imm5) < 3);
F.push(form('UMOV', 'umov', '0 Q:1 0 01110000 imm5:5 0 0111 1 Rn:5 Rd:5', [gpr('Rd', (f) => f.Q === 1), elem('Rn', [0, 1, 2, 3])], 'simd', {
  valid: umovValid, fill: (f) => void (f.Q ??= f._gx),
  // Q=1 needs a D element (imm5 = x1000), Q=0 anything but D
  unalloc: [...imm5Unalloc, { mask: 0x40010000, value: 0x40010000 }, { mask: 0x40020000, value: 0x40020000 }, { mask: 0x40040000, value: 0x40040000 }, { mask: 0x400f0000, value: 0x00080000 }],
  reject: (f) => (f._gx !== f.Q ? 'the destination must be X for D elements, W otherwise' : undefined),
}));
A.push(alias('MOV_umov', 'mov', 'UMOV', [gpr('Rd', (f) => f.Q === 1), elem('Rn', [2, 3])], { when: (f) => esize(f.imm5) >= 2 }));
F.push(form('SMOV', 'smov', '0 Q:1 0 01110000 imm5:5 0 0101 1 Rn:5 Rd:5', [gpr('Rd', (f) => f.Q === 1), elem('Rn', [0, 1, 2])], 'simd', {
  valid: (f) => imm5Valid(f) && (f.Q === 1 ? esize(f.imm5) < 3 : esize(f.imm5) < 2),
  // Q=1: B/H/S elements; Q=0: B/H only
  unalloc: [...imm5Unalloc, { mask: 0x400f0000, value: 0x40080000 }, { mask: 0x40070000, value: 0x00040000 }, { mask: 0x400f0000, value: 0x00080000 }],
  fill: (f) => void (f.Q ??= f._gx),
}));

export const SIMD_FORMS = F;
export const SIMD_ALIASES = A;
