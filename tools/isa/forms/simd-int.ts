// Advanced SIMD integer vector instructions, as data: three same, three different, two-register
// miscellaneous, across lanes, shift by immediate, permute and EXT (ARM ARM C4.1.6 encoding
// tables). Each row names U, opcode, mnemonic and the element sizes the architecture allows; the
// reserved size/Q combinations are `unalloc` patterns, from which `valid` is derived, so the
// decoders' data-only rule and the disassembler agree.
import { fail } from '../operands.ts';
import { form, alias, type Alias, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const A: Alias[] = [];

const ARR = [['8b', '16b'], ['4h', '8h'], ['2s', '4s'], ['1d', '2d']];

const U_SIZE3 = { mask: 0x00c00000, value: 0x00c00000 };
const U_SIZE3_Q0 = { mask: 0x40c00000, value: 0x00c00000 };
const U_SIZE0 = { mask: 0x00c00000, value: 0x00000000 };
const U_SIZE1 = { mask: 0x00c00000, value: 0x00400000 };
const U_SIZE2 = { mask: 0x00c00000, value: 0x00800000 };
const U_SIZE2_Q0 = { mask: 0x40c00000, value: 0x00800000 };

/** A form whose `valid` is "no unalloc pattern matches" (the word rebuilt from its fields);
 *  shared by the SIMD form files. */
export function unallocForm(id: string, mnem: string, pattern: string, ops: Op[], unalloc: Array<{ mask: number; value: number }> = [], extra: { manyToOne?: boolean } = {}): Form {
  const fm = form(id, mnem, pattern, ops, 'simd', { unalloc, ...extra });
  fm.extra.valid = (f) => {
    let w = fm.value;
    for (const x of fm.fields) w |= ((f[x.name] ?? 0) & ((1 << x.width) - 1)) << x.lsb;
    w >>>= 0;
    return !unalloc.some((u) => ((w & u.mask) >>> 0) === u.value);
  };
  return fm;
}

function sform(id: string, mnem: string, pattern: string, ops: Op[], unalloc: Array<{ mask: number; value: number }> = [], extra: { manyToOne?: boolean } = {}): Form {
  const fm = unallocForm(id, mnem, pattern, ops, unalloc, extra);
  F.push(fm);
  return fm;
}

/** A vector register whose arrangement is a function of the fields; parsing tries the candidate
 *  field values in `vars` (consistent with those already set by earlier operands). */
export function vop(field: string, arr: (f: Fields) => string | null, vars: Fields[]): Op {
  return {
    syntax: 'V<n>.<T>',
    parse(p, f) {
      const m = /^v(\d+)\.(\d+[bhsd])$/i.exec(p.trim());
      if (!m || Number(m[1]) > 31) return false;
      const t = m[2].toLowerCase();
      for (const c of vars) {
        if (Object.keys(c).some((k) => f[k] !== undefined && f[k] !== c[k])) continue;
        if (arr({ ...f, ...c }) === t) { Object.assign(f, c); f[field] = Number(m[1]); return true; }
      }
      return false;
    },
    print: (f) => { const t = arr(f); return t === null ? null : `v${f[field]}.${t}`; },
  };
}
const SQ: Fields[] = [];
for (let size = 0; size < 4; size++) for (let Q = 0; Q < 2; Q++) SQ.push({ size, Q });
const same = (field: string): Op => vop(field, (f) => ARR[f.size][f.Q], SQ);
const wide = (field: string): Op => vop(field, (f) => (f.size < 3 ? ARR[f.size + 1][1] : null), SQ);
/** The scalar destination of an across-lanes reduction: B/H/S/D = element size + `widen`. */
const scalarOf = (field: string, widen: number): Op => ({
  syntax: '<V><d>',
  parse(p, f) {
    const m = /^([bhsd])(\d+)$/i.exec(p.trim());
    if (!m || Number(m[2]) > 31) return false;
    const size = 'bhsd'.indexOf(m[1].toLowerCase()) - widen;
    if (size < 0) return false;
    f.size = size;
    f[field] = Number(m[2]);
    return true;
  },
  print: (f) => `${'bhsd'[f.size + widen]}${f[field]}`,
});
const zero: Op = {
  syntax: '#0',
  parse: (p) => /^#?\s*0$/.test(p.trim()),
  print: () => '#0',
};

// ---------------------------------------------------------------- three same
type Sizes = 'all' | 'n3' | 'hs' | 'b';
const sizeUnalloc = (s: Sizes): Array<{ mask: number; value: number }> =>
  s === 'all' ? [U_SIZE3_Q0] : s === 'n3' ? [U_SIZE3] : s === 'hs' ? [U_SIZE0, U_SIZE3] : [U_SIZE1, U_SIZE2, U_SIZE3];
const THREE_SAME: Array<[number, number, string, Sizes]> = [
  [0, 0b00000, 'shadd', 'n3'], [1, 0b00000, 'uhadd', 'n3'], [0, 0b00001, 'sqadd', 'all'], [1, 0b00001, 'uqadd', 'all'],
  [0, 0b00010, 'srhadd', 'n3'], [1, 0b00010, 'urhadd', 'n3'], [0, 0b00100, 'shsub', 'n3'], [1, 0b00100, 'uhsub', 'n3'],
  [0, 0b00101, 'sqsub', 'all'], [1, 0b00101, 'uqsub', 'all'], [0, 0b00110, 'cmgt', 'all'], [1, 0b00110, 'cmhi', 'all'],
  [0, 0b00111, 'cmge', 'all'], [1, 0b00111, 'cmhs', 'all'], [0, 0b01000, 'sshl', 'all'], [1, 0b01000, 'ushl', 'all'],
  [0, 0b01001, 'sqshl', 'all'], [1, 0b01001, 'uqshl', 'all'], [0, 0b01010, 'srshl', 'all'], [1, 0b01010, 'urshl', 'all'],
  [0, 0b01011, 'sqrshl', 'all'], [1, 0b01011, 'uqrshl', 'all'], [0, 0b01100, 'smax', 'n3'], [1, 0b01100, 'umax', 'n3'],
  [0, 0b01101, 'smin', 'n3'], [1, 0b01101, 'umin', 'n3'], [0, 0b01110, 'sabd', 'n3'], [1, 0b01110, 'uabd', 'n3'],
  [0, 0b01111, 'saba', 'n3'], [1, 0b01111, 'uaba', 'n3'], [0, 0b10001, 'cmtst', 'all'], [1, 0b10001, 'cmeq', 'all'],
  [0, 0b10010, 'mla', 'n3'], [1, 0b10010, 'mls', 'n3'], [0, 0b10011, 'mul', 'n3'], [1, 0b10011, 'pmul', 'b'],
  [0, 0b10100, 'smaxp', 'n3'], [1, 0b10100, 'umaxp', 'n3'], [0, 0b10101, 'sminp', 'n3'], [1, 0b10101, 'uminp', 'n3'],
  [0, 0b10110, 'sqdmulh', 'hs'], [1, 0b10110, 'sqrdmulh', 'hs'], [0, 0b10111, 'addp', 'all'],
];
const bin5 = (v: number): string => v.toString(2).padStart(5, '0');
for (const [U, opc, m, sz] of THREE_SAME) {
  sform(`V3S_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01110 size:2 1 Rm:5 ${bin5(opc)} 1 Rn:5 Rd:5`, [same('Rd'), same('Rn'), same('Rm')], sizeUnalloc(sz));
}

// ---------------------------------------------------------------- three different
// kind: L = long (Ta <- Tb, Tb), W = wide (Ta <- Ta, Tb), N = narrow high half (Tb <- Ta, Ta)
const THREE_DIFF: Array<[number, number, string, 'L' | 'W' | 'N', boolean]> = [
  [0, 0b0000, 'saddl', 'L', false], [1, 0b0000, 'uaddl', 'L', false], [0, 0b0001, 'saddw', 'W', false], [1, 0b0001, 'uaddw', 'W', false],
  [0, 0b0010, 'ssubl', 'L', false], [1, 0b0010, 'usubl', 'L', false], [0, 0b0011, 'ssubw', 'W', false], [1, 0b0011, 'usubw', 'W', false],
  [0, 0b0100, 'addhn', 'N', false], [1, 0b0100, 'raddhn', 'N', false], [0, 0b0101, 'sabal', 'L', false], [1, 0b0101, 'uabal', 'L', false],
  [0, 0b0110, 'subhn', 'N', false], [1, 0b0110, 'rsubhn', 'N', false], [0, 0b0111, 'sabdl', 'L', false], [1, 0b0111, 'uabdl', 'L', false],
  [0, 0b1000, 'smlal', 'L', false], [1, 0b1000, 'umlal', 'L', false], [0, 0b1001, 'sqdmlal', 'L', true], [0, 0b1010, 'smlsl', 'L', false],
  [1, 0b1010, 'umlsl', 'L', false], [0, 0b1011, 'sqdmlsl', 'L', true], [0, 0b1100, 'smull', 'L', false], [1, 0b1100, 'umull', 'L', false],
  [0, 0b1101, 'sqdmull', 'L', true],
];
const half = (field: string, Q: number): Op => vop(field, (f) => ARR[f.size][Q], [0, 1, 2, 3].map((size) => ({ size })));
const dbl = (field: string): Op => vop(field, (f) => (f.size < 3 ? ARR[f.size + 1][1] : null), [0, 1, 2, 3].map((size) => ({ size })));
THREE_DIFF.push([0, 0b1110, 'pmull', 'L', false]); // 8B -> 8H only (1D -> 1Q needs the Crypto extension)
for (const [U, opc, m, kind, hsOnly] of THREE_DIFF) {
  for (const Q of [0, 1]) {
    const mn = Q ? `${m}2` : m;
    const ops = kind === 'L' ? [dbl('Rd'), half('Rn', Q), half('Rm', Q)] : kind === 'W' ? [dbl('Rd'), dbl('Rn'), half('Rm', Q)] : [half('Rd', Q), dbl('Rn'), dbl('Rm')];
    const un = m === 'pmull' ? [U_SIZE1, U_SIZE2, U_SIZE3] : hsOnly ? [U_SIZE0, U_SIZE3] : [U_SIZE3];
    sform(`V3D_${mn.toUpperCase()}`, mn, `0 ${Q} ${U} 01110 size:2 1 Rm:5 ${opc.toString(2).padStart(4, '0')} 00 Rn:5 Rd:5`, ops, un);
  }
}

// ---------------------------------------------------------------- two-register miscellaneous
// [U, opcode, mnemonic, sizes, shape]: S = same arrangement, Z = compare with #0, P = pairwise
// long (Ta <- Tb of Q), N = narrow (Tb <- Ta, "2" when Q = 1)
const TWO_MISC: Array<[number, number, string, Array<{ mask: number; value: number }>, 'S' | 'Z' | 'P' | 'N']> = [
  [0, 0b00000, 'rev64', [U_SIZE3], 'S'], [1, 0b00000, 'rev32', [U_SIZE2, U_SIZE3], 'S'], [0, 0b00001, 'rev16', [U_SIZE1, U_SIZE2, U_SIZE3], 'S'],
  [0, 0b00010, 'saddlp', [U_SIZE3], 'P'], [1, 0b00010, 'uaddlp', [U_SIZE3], 'P'], [0, 0b00011, 'suqadd', [U_SIZE3_Q0], 'S'], [1, 0b00011, 'usqadd', [U_SIZE3_Q0], 'S'],
  [0, 0b00100, 'cls', [U_SIZE3], 'S'], [1, 0b00100, 'clz', [U_SIZE3], 'S'],
  [0, 0b00110, 'sadalp', [U_SIZE3], 'P'], [1, 0b00110, 'uadalp', [U_SIZE3], 'P'], [0, 0b00111, 'sqabs', [U_SIZE3_Q0], 'S'], [1, 0b00111, 'sqneg', [U_SIZE3_Q0], 'S'],
  [0, 0b01000, 'cmgt', [U_SIZE3_Q0], 'Z'], [1, 0b01000, 'cmge', [U_SIZE3_Q0], 'Z'], [0, 0b01001, 'cmeq', [U_SIZE3_Q0], 'Z'], [1, 0b01001, 'cmle', [U_SIZE3_Q0], 'Z'],
  [0, 0b01010, 'cmlt', [U_SIZE3_Q0], 'Z'], [0, 0b01011, 'abs', [U_SIZE3_Q0], 'S'], [1, 0b01011, 'neg', [U_SIZE3_Q0], 'S'],
  [0, 0b10010, 'xtn', [U_SIZE3], 'N'], [1, 0b10010, 'sqxtun', [U_SIZE3], 'N'], [0, 0b10100, 'sqxtn', [U_SIZE3], 'N'], [1, 0b10100, 'uqxtn', [U_SIZE3], 'N'],
];
for (const [U, opc, m, un, shape] of TWO_MISC) {
  const pat = (Q: string) => `0 ${Q} ${U} 01110 size:2 10000 ${bin5(opc)} 10 Rn:5 Rd:5`;
  if (shape === 'N') {
    for (const Q of [0, 1]) {
      const mn = Q ? `${m}2` : m;
      sform(`V2M_${mn.toUpperCase()}`, mn, pat(String(Q)), [half('Rd', Q), dbl('Rn')], un);
    }
    continue;
  }
  const ops = shape === 'S' ? [same('Rd'), same('Rn')] : shape === 'Z' ? [same('Rd'), same('Rn'), zero]
    : [vop('Rd', (f) => (f.size < 3 ? ARR[f.size + 1][f.Q] : null), SQ), same('Rn')];
  sform(`V2M_${m.toUpperCase()}`, m, pat('Q:1'), ops, un);
}
// RBIT Vd.<8B|16B> (U = 1, size = 01, beside NOT)
sform('V2M_RBIT', 'rbit', '0 Q:1 1 01110 01 10000 00101 10 Rn:5 Rd:5', [vop('Rd', (f) => ARR[0][f.Q], [{ Q: 0 }, { Q: 1 }]), vop('Rn', (f) => ARR[0][f.Q], [{ Q: 0 }, { Q: 1 }])]);
// SHLL{2} Vd.Ta, Vn.Tb, #esize
for (const Q of [0, 1]) {
  const mn = Q ? 'shll2' : 'shll';
  const amt: Op = {
    syntax: '#<shift>',
    parse(p, f) { const m = /^#?\s*(\d+)$/.exec(p.trim()); return !!m && f.size !== undefined && Number(m[1]) === 8 << f.size; },
    print: (f) => `#${8 << f.size}`,
  };
  sform(`V2M_${mn.toUpperCase()}`, mn, `0 ${Q} 1 01110 size:2 10000 10011 10 Rn:5 Rd:5`, [dbl('Rd'), half('Rn', Q), amt], [U_SIZE3]);
}

// ---------------------------------------------------------------- across lanes
const ACROSS: Array<[number, number, string, boolean]> = [
  [0, 0b00011, 'saddlv', true], [1, 0b00011, 'uaddlv', true], [0, 0b01010, 'smaxv', false], [1, 0b01010, 'umaxv', false],
  [0, 0b11010, 'sminv', false], [1, 0b11010, 'uminv', false],
];
for (const [U, opc, m, long] of ACROSS) {
  sform(`VAL_${m.toUpperCase()}`, m, `0 Q:1 ${U} 01110 size:2 11000 ${bin5(opc)} 10 Rn:5 Rd:5`,
    [scalarOf('Rd', long ? 1 : 0), same('Rn')], [U_SIZE3, U_SIZE2_Q0]);
}

// ---------------------------------------------------------------- permute, EXT
for (const [opc, m] of [[1, 'uzp1'], [2, 'trn1'], [3, 'zip1'], [5, 'uzp2'], [6, 'trn2'], [7, 'zip2']] as const) {
  sform(`VPERM_${m.toUpperCase()}`, m, `0 Q:1 0 01110 size:2 0 Rm:5 0 ${opc.toString(2).padStart(3, '0')} 10 Rn:5 Rd:5`, [same('Rd'), same('Rn'), same('Rm')], [U_SIZE3_Q0]);
}
const b8 = (field: string): Op => vop(field, (f) => ARR[0][f.Q], [{ Q: 0 }, { Q: 1 }]);
const extIdx: Op = {
  syntax: '#<index>',
  parse(p, f, cx) {
    const m = /^#?\s*(\d+)$/.exec(p.trim());
    if (!m) return false;
    const v = Number(m[1]);
    if (v > (f.Q ? 15 : 7)) fail(cx, `index ${v} out of range [0, ${f.Q ? 15 : 7}]`);
    f.imm4 = v;
    return true;
  },
  print: (f) => `#${f.imm4}`,
};
sform('VEXT', 'ext', '0 Q:1 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5', [b8('Rd'), b8('Rn'), b8('Rm'), extIdx], [{ mask: 0x40004000, value: 0x00004000 }]);

// ---------------------------------------------------------------- shift by immediate
// immh's highest set bit is the element size; immh:immb holds the shift (right: 2*esize - it,
// left: it - esize). Operands parse the size into _es, the shift operand builds immh:immb.
const esOf = (immh: number): number => (immh & 8 ? 3 : immh & 4 ? 2 : immh & 2 ? 1 : immh & 1 ? 0 : -1);
const ES: Fields[] = [];
for (let _es = 0; _es < 4; _es++) for (let Q = 0; Q < 2; Q++) ES.push({ _es, Q });
const esNow = (f: Fields): number => (f._es !== undefined ? f._es : esOf(f.immh));
const shSame = (field: string): Op => vop(field, (f) => (esNow(f) < 0 ? null : ARR[esNow(f)][f.Q]), ES);
const shWide = (field: string): Op => vop(field, (f) => (esNow(f) < 0 || esNow(f) > 2 ? null : ARR[esNow(f) + 1][1]), [0, 1, 2, 3].map((_es) => ({ _es })));
const shHalf = (field: string, Q: number): Op => vop(field, (f) => (esNow(f) < 0 ? null : ARR[esNow(f)][Q]), [0, 1, 2, 3].map((_es) => ({ _es })));
function shiftImm(right: boolean): Op {
  return {
    syntax: '#<shift>',
    parse(p, f, cx) {
      const m = /^#?\s*(\d+)$/.exec(p.trim());
      if (!m || f._es === undefined) return false;
      const es = 8 << f._es, v = Number(m[1]);
      const lo = right ? 1 : 0, hi = right ? es : es - 1;
      if (v < lo || v > hi) fail(cx, `shift ${v} out of range [${lo}, ${hi}]`);
      const ib = right ? 2 * es - v : es + v;
      f.immh = ib >> 3; f.immb = ib & 7;
      return true;
    },
    print(f) {
      const s = esOf(f.immh);
      if (s < 0) return null;
      const ib = (f.immh << 3) | f.immb;
      return `#${right ? 2 * (8 << s) - ib : ib - (8 << s)}`;
    },
  };
}
const SH_SAME: Array<[number, number, string, boolean]> = [
  [0, 0b00000, 'sshr', true], [1, 0b00000, 'ushr', true], [0, 0b00010, 'ssra', true], [1, 0b00010, 'usra', true],
  [0, 0b00100, 'srshr', true], [1, 0b00100, 'urshr', true], [0, 0b00110, 'srsra', true], [1, 0b00110, 'ursra', true],
  [1, 0b01000, 'sri', true], [0, 0b01010, 'shl', false], [1, 0b01010, 'sli', false], [1, 0b01100, 'sqshlu', false],
  [0, 0b01110, 'sqshl', false], [1, 0b01110, 'uqshl', false],
];
const IMMH0 = { mask: 0x00780000, value: 0 };
const IMMH_D_Q0 = { mask: 0x40400000, value: 0x00400000 };
const IMMH_D = { mask: 0x00400000, value: 0x00400000 };
const IMMH_BH = { mask: 0x00600000, value: 0 }; // immh 00xx: B/H lanes (FP conversions: FP16, not in ARMv8.0)
for (const [U, opc, m, right] of SH_SAME) {
  sform(`VSHI_${m.toUpperCase()}`, m, `0 Q:1 ${U} 011110 immh:4 immb:3 ${bin5(opc)} 1 Rn:5 Rd:5`, [shSame('Rd'), shSame('Rn'), shiftImm(right)], [IMMH0, IMMH_D_Q0]);
}
// fixed-point <-> FP conversions by immediate (#fbits = the right-shift amount): S and D lanes
const FIXED: Array<[number, number, string]> = [[0, 0b11100, 'scvtf'], [1, 0b11100, 'ucvtf'], [0, 0b11111, 'fcvtzs'], [1, 0b11111, 'fcvtzu']];
for (const [U, opc, m] of FIXED) {
  sform(`VSHI_${m.toUpperCase()}`, m, `0 Q:1 ${U} 011110 immh:4 immb:3 ${bin5(opc)} 1 Rn:5 Rd:5`, [shSame('Rd'), shSame('Rn'), shiftImm(true)], [IMMH_BH, IMMH_D_Q0]);
}
const SH_NARROW: Array<[number, number, string]> = [
  [0, 0b10000, 'shrn'], [1, 0b10000, 'sqshrun'], [0, 0b10001, 'rshrn'], [1, 0b10001, 'sqrshrun'],
  [0, 0b10010, 'sqshrn'], [1, 0b10010, 'uqshrn'], [0, 0b10011, 'sqrshrn'], [1, 0b10011, 'uqrshrn'],
];
for (const [U, opc, m] of SH_NARROW) {
  for (const Q of [0, 1]) {
    const mn = Q ? `${m}2` : m;
    sform(`VSHI_${mn.toUpperCase()}`, mn, `0 ${Q} ${U} 011110 immh:4 immb:3 ${bin5(opc)} 1 Rn:5 Rd:5`, [shHalf('Rd', Q), shWide('Rn'), shiftImm(true)], [IMMH0, IMMH_D]);
  }
}
for (const [U, m, x] of [[0, 'sshll', 'sxtl'], [1, 'ushll', 'uxtl']] as const) {
  for (const Q of [0, 1]) {
    const mn = Q ? `${m}2` : m;
    const id = `VSHI_${mn.toUpperCase()}`;
    sform(id, mn, `0 ${Q} ${U} 011110 immh:4 immb:3 10100 1 Rn:5 Rd:5`, [shWide('Rd'), shHalf('Rn', Q), shiftImm(false)], [IMMH0, IMMH_D]);
    // SXTL/UXTL: shift 0 (immb = 0 and only the size bit of immh set); llvm-objdump 14 prints
    // SSHLL/USHLL #0, so both are accepted by the assembler only
    A.push(alias(`${id}_xtl`, Q ? `${x}2` : x, id, [shWide('Rd'), shHalf('Rn', Q)], {
      when: (f) => f.immb === 0 && (f.immh & (f.immh - 1)) === 0,
      derive: (f) => { f.immh = 1 << f._es; f.immb = 0; },
      asmOnly: true,
    }));
  }
}


// ---------------------------------------------------------------- scalar forms (01 U 11110 ...)
// The same operations on one element of a B/H/S/D register. [U, opcode, mnemonic, sizes]
const sreg = (field: string, sizeOf: (f: Fields) => number, set: (f: Fields, s: number) => boolean): Op => ({
  syntax: '<V><n>',
  parse(p, f) {
    const m = /^([bhsd])(\d+)$/i.exec(p.trim());
    if (!m || Number(m[2]) > 31) return false;
    if (!set(f, 'bhsd'.indexOf(m[1].toLowerCase()))) return false;
    f[field] = Number(m[2]);
    return true;
  },
  print: (f) => { const s = sizeOf(f); return s < 0 || s > 3 ? null : `${'bhsd'[s]}${f[field]}`; },
});
const bySize = (field: string, delta = 0): Op => sreg(field, (f) => f.size + delta, (f, s) => {
  const v = s - delta;
  if (v < 0 || (f.size !== undefined && f.size !== v)) return false;
  f.size = v;
  return true;
});
const SC3: Array<[number, number, string, 'd' | 'any' | 'hs']> = [
  [0, 0b00001, 'sqadd', 'any'], [1, 0b00001, 'uqadd', 'any'], [0, 0b00101, 'sqsub', 'any'], [1, 0b00101, 'uqsub', 'any'],
  [0, 0b00110, 'cmgt', 'd'], [1, 0b00110, 'cmhi', 'd'], [0, 0b00111, 'cmge', 'd'], [1, 0b00111, 'cmhs', 'd'],
  [0, 0b01000, 'sshl', 'd'], [1, 0b01000, 'ushl', 'd'], [0, 0b01001, 'sqshl', 'any'], [1, 0b01001, 'uqshl', 'any'],
  [0, 0b01010, 'srshl', 'd'], [1, 0b01010, 'urshl', 'd'], [0, 0b01011, 'sqrshl', 'any'], [1, 0b01011, 'uqrshl', 'any'],
  [0, 0b10000, 'add', 'd'], [1, 0b10000, 'sub', 'd'], [0, 0b10001, 'cmtst', 'd'], [1, 0b10001, 'cmeq', 'd'],
  [0, 0b10110, 'sqdmulh', 'hs'], [1, 0b10110, 'sqrdmulh', 'hs'],
];
const scalarSizes = (k: 'd' | 'any' | 'hs') => (k === 'd' ? [U_SIZE0, U_SIZE1, U_SIZE2] : k === 'hs' ? [U_SIZE0, U_SIZE3] : []);
for (const [U, opc, m, k] of SC3) {
  sform(`VS3S_${m.toUpperCase()}`, m, `01 ${U} 11110 size:2 1 Rm:5 ${bin5(opc)} 1 Rn:5 Rd:5`, [bySize('Rd'), bySize('Rn'), bySize('Rm')], scalarSizes(k));
}
const SC2: Array<[number, number, string, 'd' | 'any', 'S' | 'Z' | 'N']> = [
  [0, 0b00011, 'suqadd', 'any', 'S'], [1, 0b00011, 'usqadd', 'any', 'S'], [0, 0b00111, 'sqabs', 'any', 'S'], [1, 0b00111, 'sqneg', 'any', 'S'],
  [0, 0b01000, 'cmgt', 'd', 'Z'], [1, 0b01000, 'cmge', 'd', 'Z'], [0, 0b01001, 'cmeq', 'd', 'Z'], [1, 0b01001, 'cmle', 'd', 'Z'],
  [0, 0b01010, 'cmlt', 'd', 'Z'], [0, 0b01011, 'abs', 'd', 'S'], [1, 0b01011, 'neg', 'd', 'S'],
  [1, 0b10010, 'sqxtun', 'any', 'N'], [0, 0b10100, 'sqxtn', 'any', 'N'], [1, 0b10100, 'uqxtn', 'any', 'N'],
];
for (const [U, opc, m, k, shape] of SC2) {
  const ops = shape === 'N' ? [bySize('Rd'), bySize('Rn', 1)] : shape === 'Z' ? [bySize('Rd'), bySize('Rn'), zero] : [bySize('Rd'), bySize('Rn')];
  sform(`VS2M_${m.toUpperCase()}`, m, `01 ${U} 11110 size:2 10000 ${bin5(opc)} 10 Rn:5 Rd:5`, ops, shape === 'N' ? [U_SIZE3] : scalarSizes(k));
}
// scalar three different: SQDMLAL, SQDMLSL, SQDMULL (Sd <- Hn, Hm; Dd <- Sn, Sm)
for (const [opc, m] of [[0b1001, 'sqdmlal'], [0b1011, 'sqdmlsl'], [0b1101, 'sqdmull']] as const) {
  sform(`VS3D_${m.toUpperCase()}`, m, `01 0 11110 size:2 1 Rm:5 ${opc.toString(2)} 00 Rn:5 Rd:5`, [bySize('Rd', 1), bySize('Rn'), bySize('Rm')], [U_SIZE0, U_SIZE3]);
}
sform('VSP_ADDP', 'addp', '01 0 11110 size:2 11000 11011 10 Rn:5 Rd:5', [bySize('Rd'), vop('Rn', (f) => (f.size === 3 ? '2d' : null), [{ size: 3 }])], [U_SIZE0, U_SIZE1, U_SIZE2]);
// scalar shifts by immediate: the register letter comes from immh
const shReg = (field: string, delta = 0): Op => sreg(field, (f) => esNow(f) + delta, (f, s) => {
  const v = s - delta;
  if (v < 0 || (f._es !== undefined && f._es !== v)) return false;
  f._es = v;
  return true;
});
const SCSH: Array<[number, number, string, boolean, 'd' | 'any' | 'N']> = [
  [0, 0b00000, 'sshr', true, 'd'], [1, 0b00000, 'ushr', true, 'd'], [0, 0b00010, 'ssra', true, 'd'], [1, 0b00010, 'usra', true, 'd'],
  [0, 0b00100, 'srshr', true, 'd'], [1, 0b00100, 'urshr', true, 'd'], [0, 0b00110, 'srsra', true, 'd'], [1, 0b00110, 'ursra', true, 'd'],
  [1, 0b01000, 'sri', true, 'd'], [0, 0b01010, 'shl', false, 'd'], [1, 0b01010, 'sli', false, 'd'], [1, 0b01100, 'sqshlu', false, 'any'],
  [0, 0b01110, 'sqshl', false, 'any'], [1, 0b01110, 'uqshl', false, 'any'],
  [1, 0b10000, 'sqshrun', true, 'N'], [1, 0b10001, 'sqrshrun', true, 'N'], [0, 0b10010, 'sqshrn', true, 'N'], [1, 0b10010, 'uqshrn', true, 'N'],
  [0, 0b10011, 'sqrshrn', true, 'N'], [1, 0b10011, 'uqrshrn', true, 'N'],
];
const IMMH_NOT_D = { mask: 0x00400000, value: 0 };
for (const [U, opc, m] of FIXED) {
  sform(`VSSHI_${m.toUpperCase()}`, m, `01 ${U} 111110 immh:4 immb:3 ${bin5(opc)} 1 Rn:5 Rd:5`, [shReg('Rd'), shReg('Rn'), shiftImm(true)], [IMMH_BH]);
}
for (const [U, opc, m, right, k] of SCSH) {
  const ops = k === 'N' ? [shReg('Rd'), shReg('Rn', 1), shiftImm(true)] : [shReg('Rd'), shReg('Rn'), shiftImm(right)];
  sform(`VSSHI_${m.toUpperCase()}`, m, `01 ${U} 111110 immh:4 immb:3 ${bin5(opc)} 1 Rn:5 Rd:5`, ops, k === 'd' ? [IMMH0, IMMH_NOT_D] : k === 'N' ? [IMMH0, IMMH_D] : [IMMH0]);
}

export const SIMD_INT_FORMS = F;
export const SIMD_INT_ALIASES = A;
