// Advanced SIMD: the few vector forms compiled code and context switches use so far — CNT and
// ADDV (popcount), bitwise ops and register moves, integer ADD/SUB, DUP/INS/UMOV/SMOV.
import { R, V, fail } from '../operands.ts';
import { FP_IMMS, fpImmValue } from './fp.ts';
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
// DUP <V>d, Vn.<T>[i] (scalar): one element into a B/H/S/D register; llvm prints MOV
const dupScalarDst: Op = {
  syntax: '<Bd|Hd|Sd|Dd>',
  parse(p, f) {
    const m = /^([bhsd])(\d+)$/i.exec(p.trim());
    if (!m || Number(m[2]) > 31) return false;
    f._esize = ET.indexOf(m[1].toLowerCase());
    f.Rd = Number(m[2]);
    return true;
  },
  print: (f) => `${ET[esize(f.imm5)]}${f.Rd}`,
};
F.push(form('DUP_scalar', 'dup', '01 0 11110000 imm5:5 0 0000 1 Rn:5 Rd:5', [dupScalarDst, elem('Rn', [0, 1, 2, 3])], 'simd', { valid: imm5Valid, unalloc: imm5Unalloc }));
A.push(alias('MOV_dup_scalar', 'mov', 'DUP_scalar', [dupScalarDst, elem('Rn', [0, 1, 2, 3])]));
A.push(alias('MOV_umov', 'mov', 'UMOV', [gpr('Rd', (f) => f.Q === 1), elem('Rn', [2, 3])], { when: (f) => esize(f.imm5) >= 2 }));
F.push(form('SMOV', 'smov', '0 Q:1 0 01110000 imm5:5 0 0101 1 Rn:5 Rd:5', [gpr('Rd', (f) => f.Q === 1), elem('Rn', [0, 1, 2])], 'simd', {
  valid: (f) => imm5Valid(f) && (f.Q === 1 ? esize(f.imm5) < 3 : esize(f.imm5) < 2),
  // Q=1: B/H/S elements; Q=0: B/H only
  unalloc: [...imm5Unalloc, { mask: 0x400f0000, value: 0x40080000 }, { mask: 0x40070000, value: 0x00040000 }, { mask: 0x400f0000, value: 0x00080000 }],
  fill: (f) => void (f.Q ??= f._gx),
}));

// ---------------------------------------------------------------- modified immediates
// MOVI/MVNI/ORR/BIC/FMOV (vector, immediate): imm8 = abc:defgh, cmode picks the element size
// and shift, op the variant.
const imm8 = (f: Fields): number => (f.abc << 5) | f.defgh;
const setImm8 = (f: Fields, v: number): boolean => {
  f.abc = v >> 5;
  f.defgh = v & 31;
  return true;
};
const byteImm: Op = {
  syntax: '#<imm8>',
  parse(p, f, cx) {
    const t = p.trim().replace(/^#/, '').trim();
    if (t === '' || /^[a-z]/i.test(t)) return false;
    const v = cx.ctx.evalExpr(t);
    if (v.kind !== 'const') fail(cx, 'expected a constant');
    if (v.value < 0n || v.value > 255n) fail(cx, `immediate ${v.value} out of range [0, 255]`);
    return setImm8(f, Number(v.value));
  },
  print: (f) => '#' + imm8(f),
};
/** `lsl #n` (n = 8 * field) or `msl #8|#16`; optional (default 0) for lsl. */
function immShift(kind: 'lsl' | 'msl', field: string, max: number): Op {
  return {
    syntax: kind === 'lsl' ? `{, lsl #0..${max}}` : ', msl #8|#16',
    optional: kind === 'lsl',
    parse(p, f, cx) {
      const m = /^(lsl|msl)\s*#?\s*(\d+)$/i.exec(p.trim());
      if (!m || m[1].toLowerCase() !== kind) return false;
      const n = Number(m[2]);
      if (kind === 'msl') {
        if (n !== 8 && n !== 16) fail(cx, 'shift must be msl #8 or #16');
        f[field] = n === 16 ? 1 : 0;
      } else {
        if (n % 8 !== 0 || n > max) fail(cx, `shift must be lsl #0${max >= 8 ? ', #8' : ''}${max >= 16 ? ', #16, #24' : ''}`);
        f[field] = n / 8;
      }
      return true;
    },
    dflt: (f) => void (f[field] ??= 0),
    print: (f) => (kind === 'msl' ? `msl #${f[field] ? 16 : 8}` : f[field] ? `lsl #${f[field] * 8}` : ''),
  };
}
/** The 64-bit MOVI immediate: every byte 0x00 or 0xff, one imm8 bit per byte. llvm prints it
 *  with printf("%#016llx"), so zero is sixteen 0s and others are 0x + 14 digits. */
const byteMask: Op = {
  syntax: '#<bytemask>',
  parse(p, f, cx) {
    const t = p.trim().replace(/^#/, '').trim();
    if (t === '' || /^[a-z]/i.test(t)) return false;
    const v = cx.ctx.evalExpr(t);
    if (v.kind !== 'const') fail(cx, 'expected a constant');
    const u = BigInt.asUintN(64, v.value);
    let e = 0;
    for (let i = 0; i < 8; i++) {
      const byte = Number((u >> BigInt(8 * i)) & 0xffn);
      if (byte !== 0 && byte !== 0xff) fail(cx, `immediate 0x${u.toString(16)}: every byte must be 0x00 or 0xff`);
      if (byte) e |= 1 << i;
    }
    if (v.value < 0n && v.value < -0x8000000000000000n) fail(cx, 'immediate does not fit in 64 bits');
    return setImm8(f, e);
  },
  print(f) {
    const e = imm8(f);
    let v = 0n;
    for (let i = 0; i < 8; i++) if (e & (1 << i)) v |= 0xffn << BigInt(8 * i);
    return '#' + (v === 0n ? '0'.repeat(16) : '0x' + v.toString(16).padStart(14, '0'));
  },
};
const vecFpImm: Op = {
  syntax: '#<fpimm>',
  parse(p, f, cx) {
    const t = p.trim().replace(/^#/, '').trim();
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return false;
    const e = FP_IMMS.get(Number(t));
    if (e === undefined) fail(cx, `${t} is not encodable as an 8-bit FP immediate`);
    return setImm8(f, e);
  },
  print: (f) => '#' + fpImmValue(imm8(f)).toFixed(8),
};
const MI = (op: number, cmode: string): string => `0 Q:1 ${op} 0111100000 abc:3 ${cmode} 0 1 defgh:5 Rd:5`;
const v32 = (): Op => vec('Rd', [2], '', 2);
const v16 = (): Op => vec('Rd', [1], '', 1);
for (const [op, m32, m16, mmsl] of [[0, 'movi', 'movi', 'movi'], [1, 'mvni', 'mvni', 'mvni']] as const) {
  const key = m32.toUpperCase();
  F.push(form(`${key}_32`, m32, MI(op, '0 sh:2 0'), [v32(), byteImm, immShift('lsl', 'sh', 24)], 'simd'));
  F.push(form(`${key}_16`, m16, MI(op, '10 sh:1 0'), [v16(), byteImm, immShift('lsl', 'sh', 8)], 'simd'));
  F.push(form(`${key}_msl`, mmsl, MI(op, '110 sh:1'), [v32(), byteImm, immShift('msl', 'sh', 16)], 'simd'));
}
for (const [op, m] of [[0, 'orr'], [1, 'bic']] as const) {
  F.push(form(`${m.toUpperCase()}_v_imm32`, m, MI(op, '0 sh:2 1'), [v32(), byteImm, immShift('lsl', 'sh', 24)], 'simd'));
  F.push(form(`${m.toUpperCase()}_v_imm16`, m, MI(op, '10 sh:1 1'), [v16(), byteImm, immShift('lsl', 'sh', 8)], 'simd'));
}
// (the architecture allows `, lsl #0` here; llvm-mc refuses it, so do we)
F.push(form('MOVI_8', 'movi', MI(0, '1110'), [vec('Rd', [0], '', 0), byteImm], 'simd'));
F.push(form('MOVI_64', 'movi', '0 0 1 0111100000 abc:3 1110 0 1 defgh:5 Rd:5', [V('Rd', 'd'), byteMask], 'simd'));
// (Q=0 is MOVI Dd above, which has more fixed bits)
const q1 = { valid: (f: Fields): boolean => f.Q === 1, unalloc: [{ mask: 0x40000000, value: 0 }] };
F.push(form('MOVI_2d', 'movi', '0 Q:1 1 0111100000 abc:3 1110 0 1 defgh:5 Rd:5', [vec('Rd', [3], '', 3), byteMask], 'simd', q1));
F.push(form('FMOV_v_s', 'fmov', MI(0, '1111'), [v32(), vecFpImm], 'simd'));
F.push(form('FMOV_v_d', 'fmov', '0 Q:1 1 0111100000 abc:3 1111 0 1 defgh:5 Rd:5', [vec('Rd', [3], '', 3), vecFpImm], 'simd', q1));

export const SIMD_FORMS = F;
export const SIMD_ALIASES = A;
