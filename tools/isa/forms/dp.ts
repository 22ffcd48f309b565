// Integer data processing: immediate and register classes of the A64 encoding index.
import { decodeBitmask, encodeBitmask } from '../bitmask.ts';
import {
  R, addImm, addLsl12, bitmaskImm, cond, extRm, extend, imm, shift, target, fail,
} from '../operands.ts';
import { alias, form, type Alias, type Fields, type Form, type Op } from '../table.ts';

const F: Form[] = [];

/** Unallocated encodings inside forms' masks, as mask/value pairs (mirrors each `valid`). */
const U = {
  shift11: { mask: 0x00c00000, value: 0x00c00000 }, // shift type 11
  imm6hi: { mask: 0x80008000, value: 0x00008000 }, // sf=0 with imm6/imms >= 32
  immrhi: { mask: 0x80200000, value: 0x00200000 }, // sf=0 with immr >= 32
  w_N1: { mask: 0x80400000, value: 0x00400000 }, // sf=0 with bit 22 (N, hw<1>) set
  x_N0: { mask: 0x80400000, value: 0x80000000 }, // sf=1 with N clear
  imm3_101: { mask: 0x00001c00, value: 0x00001400 }, // extend amount 5
  imm3_11x: { mask: 0x00001800, value: 0x00001800 }, // extend amount 6, 7
};
const A: Alias[] = [];

const sf = 'sf';
const Rd = (sp = false): Op => R('Rd', sf, sp);
const Rn = (sp = false): Op => R('Rn', sf, sp);
const Rm = (): Op => R('Rm', sf);

// ---------------------------------------------------------------- add/sub immediate
for (const [op, S, m] of [[0, 0, 'add'], [0, 1, 'adds'], [1, 0, 'sub'], [1, 1, 'subs']] as const) {
  const id = m.toUpperCase() + '_imm';
  F.push(form(id, m, `sf:1 ${op}${S} 100010 sh:1 imm12:12 Rn:5 Rd:5`, [Rd(!S), Rn(true), addImm('imm12', 'sh'), addLsl12('sh')], 'dp-imm'));
}
A.push(alias('MOV_sp', 'mov', 'ADD_imm', [Rd(true), Rn(true)], {
  fixed: { imm12: 0, sh: 0 },
  when: (f) => f.Rd === 31 || f.Rn === 31,
}));
// A negative immediate flips ADD and SUB (llvm-mc and GNU as do this): `add x0, x1, #-8`.
function negAddImm(): Op {
  const base = addImm('imm12', 'sh');
  return {
    syntax: '#<-imm>',
    parse(p, f, cx) {
      const t = p.trim().replace(/^#/, '').trim();
      if (t === '' || !/^[-(0-9]/.test(t)) return false;
      const v = cx.ctx.evalExpr(t);
      if (v.kind !== 'const' || v.value >= 0n) return false;
      return base.parse('#' + (-v.value).toString(), f, cx);
    },
    print: () => null,
  };
}
for (const [m, other] of [['add', 'SUB_imm'], ['sub', 'ADD_imm'], ['adds', 'SUBS_imm'], ['subs', 'ADDS_imm']] as const) {
  A.push(alias(`${m.toUpperCase()}_negimm`, m, other, [Rd(m === 'add' || m === 'sub'), Rn(true), negAddImm(), addLsl12('sh')], { asmOnly: true }));
}
for (const [m, other] of [['cmp', 'ADDS_imm'], ['cmn', 'SUBS_imm']] as const) {
  A.push(alias(`${m.toUpperCase()}_negimm`, m, other, [Rn(true), negAddImm(), addLsl12('sh')], { fixed: { Rd: 31 }, asmOnly: true }));
}
A.push(alias('CMP_imm', 'cmp', 'SUBS_imm', [Rn(true), addImm('imm12', 'sh'), addLsl12('sh')], { fixed: { Rd: 31 } }));
A.push(alias('CMN_imm', 'cmn', 'ADDS_imm', [Rn(true), addImm('imm12', 'sh'), addLsl12('sh')], { fixed: { Rd: 31 } }));

// ---------------------------------------------------------------- add/sub shifted register
const shiftedValid = (f: Fields): boolean => f.shift !== 3 && (f.sf === 1 || f.imm6 < 32);
for (const [op, S, m] of [[0, 0, 'add'], [0, 1, 'adds'], [1, 0, 'sub'], [1, 1, 'subs']] as const) {
  F.push(form(m.toUpperCase() + '_sreg', m, `sf:1 ${op}${S} 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5`,
    [Rd(), Rn(), Rm(), shift('shift', 'imm6', sf, false)], 'dp-reg', { valid: shiftedValid, unalloc: [U.shift11, U.imm6hi] }));
}
const sh = (): Op => shift('shift', 'imm6', sf, false);
A.push(alias('CMP_sreg', 'cmp', 'SUBS_sreg', [Rn(), Rm(), sh()], { fixed: { Rd: 31 } }));
A.push(alias('CMN_sreg', 'cmn', 'ADDS_sreg', [Rn(), Rm(), sh()], { fixed: { Rd: 31 } }));
A.push(alias('NEG', 'neg', 'SUB_sreg', [Rd(), Rm(), sh()], { fixed: { Rn: 31 } }));
A.push(alias('NEGS', 'negs', 'SUBS_sreg', [Rd(), Rm(), sh()], { fixed: { Rn: 31 } }));

// ---------------------------------------------------------------- add/sub extended register
for (const [op, S, m] of [[0, 0, 'add'], [0, 1, 'adds'], [1, 0, 'sub'], [1, 1, 'subs']] as const) {
  F.push(form(m.toUpperCase() + '_ext', m, `sf:1 ${op}${S} 01011 001 Rm:5 option:3 imm3:3 Rn:5 Rd:5`,
    [Rd(!S), Rn(true), extRm('Rm', 'option'), extend('option', 'imm3', sf, S ? '' : 'Rd', 'Rn')], 'dp-reg', {
      valid: (f) => f.imm3 <= 4,
      unalloc: [U.imm3_101, U.imm3_11x],
      reject: (f) => (f._noExt && f.sf && !f._rmx ? 'a W register operand needs an extend (uxtw, sxtw, ...)' : undefined),
    }));
}
A.push(alias('CMP_ext', 'cmp', 'SUBS_ext', [Rn(true), extRm('Rm', 'option'), extend('option', 'imm3', sf, '', 'Rn')], { fixed: { Rd: 31 } }));
A.push(alias('CMN_ext', 'cmn', 'ADDS_ext', [Rn(true), extRm('Rm', 'option'), extend('option', 'imm3', sf, '', 'Rn')], { fixed: { Rd: 31 } }));

// ---------------------------------------------------------------- add/sub with carry
for (const [op, S, m] of [[0, 0, 'adc'], [0, 1, 'adcs'], [1, 0, 'sbc'], [1, 1, 'sbcs']] as const) {
  F.push(form(m.toUpperCase(), m, `sf:1 ${op}${S} 11010000 Rm:5 000000 Rn:5 Rd:5`, [Rd(), Rn(), Rm()], 'dp-reg'));
}
A.push(alias('NGC', 'ngc', 'SBC', [Rd(), Rm()], { fixed: { Rn: 31 } }));
A.push(alias('NGCS', 'ngcs', 'SBCS', [Rd(), Rm()], { fixed: { Rn: 31 } }));

// ---------------------------------------------------------------- logical immediate
const bimmValid = (f: Fields): boolean => (f.sf === 1 || f.N === 0) && decodeBitmask(f.N, f.immr, f.imms, f.sf ? 64 : 32) !== null;
for (const [opc, m] of [[0, 'and'], [1, 'orr'], [2, 'eor'], [3, 'ands']] as const) {
  F.push(form(m.toUpperCase() + '_imm', m, `sf:1 ${opc >> 1}${opc & 1} 100100 N:1 immr:6 imms:6 Rn:5 Rd:5`,
    [Rd(opc !== 3), Rn(), bitmaskImm(sf)], 'dp-imm', { valid: bimmValid, unalloc: [U.w_N1], check: 'bitmask', manyToOne: true }));
}
A.push(alias('TST_imm', 'tst', 'ANDS_imm', [Rn(), bitmaskImm(sf)], { fixed: { Rd: 31 } }));
// bic/bics/orn/eon with an immediate: the inverted value with and/ands/orr/eor (llvm-mc, GNU as)
function invBitmask(): Op {
  const base = bitmaskImm(sf);
  return {
    syntax: '#<bimm>',
    parse(p, f, cx) {
      const t = p.trim().replace(/^#/, '').trim();
      if (t === '' || t[0] === '[' || /^([wx]([0-9]|[12][0-9]|30|zr)|w?sp)$/i.test(t)) return false;
      const v = cx.ctx.evalExpr(t);
      if (v.kind !== 'const') return false;
      const mask = f.sf ? 0xffffffffffffffffn : 0xffffffffn;
      return base.parse('#' + (~v.value & mask).toString(), f, cx);
    },
    print: () => null,
  };
}
for (const [m, base, sp] of [['bic', 'AND_imm', true], ['bics', 'ANDS_imm', false], ['orn', 'ORR_imm', true], ['eon', 'EOR_imm', true]] as const) {
  A.push(alias(`${m.toUpperCase()}_imm`, m, base, [Rd(sp), Rn(), invBitmask()], { asmOnly: true }));
}

/** Is `v` (register width `x`) a MOVZ or MOVN immediate? Those print as `mov` from MOVZ/MOVN. */
function movWideable(v: bigint, x: boolean): boolean {
  const bits = x ? 64 : 32;
  const m = (1n << BigInt(bits)) - 1n;
  for (const c of [v & m, ~v & m]) {
    for (let s = 0; s < bits; s += 16) if ((c & ~(0xffffn << BigInt(s)) & m) === 0n) return true;
  }
  return false;
}
A.push(alias('MOV_bimm', 'mov', 'ORR_imm', [Rd(true), movImmOp('orr')], {
  fixed: { Rn: 31 },
  when: (f) => !movWideable(decodeBitmask(f.N, f.immr, f.imms, f.sf ? 64 : 32) ?? 0n, f.sf === 1),
  accept: (f) => f.Rd === 31 || !movWideable(decodeBitmask(f.N, f.immr, f.imms, f.sf ? 64 : 32) ?? 0n, f.sf === 1),
}));

// ---------------------------------------------------------------- logical shifted register
const LOG = [['and', 'bic'], ['orr', 'orn'], ['eor', 'eon'], ['ands', 'bics']] as const;
for (let opc = 0; opc < 4; opc++) {
  for (let N = 0; N < 2; N++) {
    const m = LOG[opc][N];
    F.push(form(m.toUpperCase() + '_sreg', m, `sf:1 ${opc >> 1}${opc & 1} 01010 shift:2 ${N} Rm:5 imm6:6 Rn:5 Rd:5`,
      [Rd(), Rn(), Rm(), shift('shift', 'imm6', sf, true)], 'dp-reg', { valid: (f) => f.sf === 1 || f.imm6 < 32, unalloc: [U.imm6hi] }));
  }
}
const lsh = (): Op => shift('shift', 'imm6', sf, true);
A.push(alias('MOV_reg', 'mov', 'ORR_sreg', [Rd(), Rm()], { fixed: { Rn: 31, shift: 0, imm6: 0 } }));
A.push(alias('MVN', 'mvn', 'ORN_sreg', [Rd(), Rm(), lsh()], { fixed: { Rn: 31 } }));
A.push(alias('TST_sreg', 'tst', 'ANDS_sreg', [Rn(), Rm(), lsh()], { fixed: { Rd: 31 } }));

// ---------------------------------------------------------------- move wide
const RELOC_G: Record<string, [string, number]> = {
  abs_g0: ['R_AARCH64_MOVW_UABS_G0', 0], abs_g0_nc: ['R_AARCH64_MOVW_UABS_G0_NC', 0],
  abs_g1: ['R_AARCH64_MOVW_UABS_G1', 1], abs_g1_nc: ['R_AARCH64_MOVW_UABS_G1_NC', 1],
  abs_g2: ['R_AARCH64_MOVW_UABS_G2', 2], abs_g2_nc: ['R_AARCH64_MOVW_UABS_G2_NC', 2],
  abs_g3: ['R_AARCH64_MOVW_UABS_G3', 3],
  abs_g0_s: ['R_AARCH64_MOVW_SABS_G0', 0], abs_g1_s: ['R_AARCH64_MOVW_SABS_G1', 1], abs_g2_s: ['R_AARCH64_MOVW_SABS_G2', 2],
  prel_g0: ['R_AARCH64_MOVW_PREL_G0', 0], prel_g0_nc: ['R_AARCH64_MOVW_PREL_G0_NC', 0],
  prel_g1: ['R_AARCH64_MOVW_PREL_G1', 1], prel_g1_nc: ['R_AARCH64_MOVW_PREL_G1_NC', 1],
  prel_g2: ['R_AARCH64_MOVW_PREL_G2', 2], prel_g2_nc: ['R_AARCH64_MOVW_PREL_G2_NC', 2],
  prel_g3: ['R_AARCH64_MOVW_PREL_G3', 3],
};

/** The 16-bit immediate of MOVZ/MOVN/MOVK, or `#:abs_gN:sym` (which also fixes hw). */
const imm16: Op = {
  syntax: '#<imm16>',
  parse(p, f, cx) {
    const t = p.trim();
    if (t === '' || t[0] === '[' || /^[wx]([0-9]|[12][0-9]|30|zr)$|^w?sp$/i.test(t)) return false;
    const v = cx.ctx.evalExpr(t[0] === '#' ? t.slice(1).trim() : t);
    if (v.kind === 'symbol') {
      const r = v.modifier ? RELOC_G[v.modifier] : undefined;
      if (!r) fail(cx, `expected a 16-bit immediate or ':abs_gN:sym'`);
      cx.fixup = { type: r[0] as never, symbol: v.symbol, addend: v.addend };
      f.imm16 = 0;
      f.hw = r[1];
      f._relHw = 1;
      return true;
    }
    if (v.value < 0n || v.value > 0xffffn) fail(cx, `immediate ${v.value} out of range [0, 65535]`);
    f.imm16 = Number(v.value);
    return true;
  },
  print: (f) => '#' + f.imm16,
};
const hwShift: Op = {
  syntax: '{, lsl #<0|16|32|48>}',
  optional: true,
  parse(p, f, cx) {
    const m = /^lsl\s*#?\s*(.+)$/i.exec(p.trim());
    if (!m) return false;
    if (f._relHw) fail(cx, 'no shift allowed with a relocation modifier');
    const v = cx.ctx.evalExpr(m[1]);
    const n = v.kind === 'const' ? Number(v.value) : -1;
    if (![0, 16, 32, 48].includes(n) || (n > 16 && f.sf === 0)) fail(cx, `shift must be lsl #0 or #16${f.sf === 0 ? '' : ', #32, #48'}`);
    f.hw = n / 16;
    return true;
  },
  dflt: (f) => void (f.hw ??= 0),
  print: (f) => (f.hw ? `lsl #${f.hw * 16}` : ''),
};
for (const [opc, m] of [[0, 'movn'], [2, 'movz'], [3, 'movk']] as const) {
  F.push(form(m.toUpperCase(), m, `sf:1 ${opc >> 1}${opc & 1} 100101 hw:2 imm16:16 Rd:5`, [Rd(), imm16, hwShift], 'dp-imm',
    { valid: (f) => f.sf === 1 || f.hw < 2, unalloc: [U.w_N1] }));
}

/** `mov Rd, #imm` as MOVZ, MOVN or ORR (bitmask): the value decides, as in llvm-mc. */
function movImmOp(kind: 'movz' | 'movn' | 'orr'): Op {
  return {
    syntax: '#<imm>',
    parse(p, f, cx) {
      const t = p.trim();
      if (t === '' || t[0] === '[' || /^([wx]([0-9]|[12][0-9]|30|zr)|w?sp)$/i.test(t)) return false;
      const v = cx.ctx.evalExpr(t[0] === '#' ? t.slice(1).trim() : t);
      if (v.kind !== 'const') return kind === 'movz' && imm16.parse(p, f, cx); // mov x0, #:abs_g0:sym
      const x = f.sf === 1;
      const bits = x ? 64 : 32;
      let n = v.value;
      if (!x) {
        if (n > 0xffffffffn || n < -0x80000000n) fail(cx, `immediate ${n} does not fit in 32 bits`);
      } else if (n > 0xffffffffffffffffn || n < -0x8000000000000000n) fail(cx, `immediate ${n} does not fit in 64 bits`);
      const m = (1n << BigInt(bits)) - 1n;
      n &= m;
      if (kind === 'orr') {
        const e = encodeBitmask(n, x ? 64 : 32);
        if (!e) fail(cx, `immediate 0x${n.toString(16)} cannot be loaded by one mov (not a 16-bit chunk, its inverse, or a bitmask immediate)`);
        f.N = e.N; f.immr = e.immr; f.imms = e.imms;
        return true;
      }
      const c = kind === 'movz' ? n : ~n & m;
      for (let s = 0; s < bits; s += 16) {
        if ((c & ~(0xffffn << BigInt(s)) & m) === 0n) {
          // llvm prefers the lowest shift, and `mov x, #0` is movz #0.
          f.imm16 = Number((c >> BigInt(s)) & 0xffffn);
          f.hw = s / 16;
          return !(kind === 'movn' && !x && f.imm16 === 0xffff);
        }
      }
      return false;
    },
    print(f) {
      const x = f.sf === 1;
      if (kind === 'orr') {
        const v = decodeBitmask(f.N, f.immr, f.imms, x ? 64 : 32);
        if (v === null) return null;
        return '#' + (x ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v));
      }
      let v = BigInt(f.imm16) << BigInt(16 * f.hw);
      if (kind === 'movn') v = ~v;
      v = x ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
      return '#' + v;
    },
  };
}
A.push(alias('MOV_movz', 'mov', 'MOVZ', [Rd(), movImmOp('movz')], { when: (f) => !(f.imm16 === 0 && f.hw !== 0) }));
A.push(alias('MOV_movn', 'mov', 'MOVN', [Rd(), movImmOp('movn')], {
  when: (f) => !(f.imm16 === 0 && f.hw !== 0) && !(f.sf === 0 && f.imm16 === 0xffff),
}));
// Keep MOV_bimm after the wide forms for the assembler: llvm-mc tries movz, movn, then orr.
A.push(A.splice(A.findIndex((a) => a.id === 'MOV_bimm'), 1)[0]);

// ---------------------------------------------------------------- PC-relative addressing
F.push(form('ADR', 'adr', '0 immlo:2 10000 immhi:19 Rd:5', [R('Rd', 'x'), target({
  fields: [['immhi', 19], ['immlo', 2]], scale: 1, print: 'rel',
  reloc: (m) => (m === undefined ? 'R_AARCH64_ADR_PREL_LO21' : undefined),
})], 'dp-imm'));
F.push(form('ADRP', 'adrp', '1 immlo:2 10000 immhi:19 Rd:5', [R('Rd', 'x'), target({
  fields: [['immhi', 19], ['immlo', 2]], scale: 4096, print: 'page',
  reloc: (m) => (m === undefined || m === 'pg_hi21' ? 'R_AARCH64_ADR_PREL_PG_HI21' : m === 'pg_hi21_nc' ? 'R_AARCH64_ADR_PREL_PG_HI21_NC' : undefined),
})], 'dp-imm'));

// ---------------------------------------------------------------- bitfield
const bfValid = (f: Fields): boolean => f.N === f.sf && (f.sf === 1 || (f.immr < 32 && f.imms < 32));
for (const [opc, m] of [[0, 'sbfm'], [1, 'bfm'], [2, 'ubfm']] as const) {
  F.push(form(m.toUpperCase(), m, `sf:1 ${opc >> 1}${opc & 1} 100110 N:1 immr:6 imms:6 Rn:5 Rd:5`,
    [Rd(), Rn(), imm('immr', { bits: 6 }), imm('imms', { bits: 6 })], 'dp-imm', { valid: bfValid, fill: (f) => void (f.N ??= f.sf), unalloc: [U.w_N1, U.x_N0, U.immrhi, U.imm6hi] }));
}
const size = (f: Fields): number => (f.sf ? 64 : 32);
const always = (): boolean => true;
/** #imm operand of a bitfield alias held in a scratch field, range-checked against the size. */
function bfImm(name: string, lo: number, hi: (f: Fields) => number): Op {
  return {
    syntax: `#<${name.slice(1)}>`,
    parse(p, f, cx) {
      const t = p.trim();
      if (t === '' || t[0] === '[' || /^([wx]([0-9]|[12][0-9]|30|zr)|w?sp)$/i.test(t)) return false;
      const v = cx.ctx.evalExpr(t[0] === '#' ? t.slice(1).trim() : t);
      if (v.kind !== 'const') fail(cx, 'expected a constant');
      const h = hi(f);
      if (v.value < BigInt(lo) || v.value > BigInt(h)) fail(cx, `immediate ${v.value} out of range [${lo}, ${h}]`);
      f[name] = Number(v.value);
      return true;
    },
    print: (f) => '#' + f[name],
  };
}
const setNimm = (f: Fields, immr: number, imms: number): boolean => {
  f.N = f.sf;
  f.immr = immr;
  f.imms = imms;
  return true;
};
function bfxPreferred(f: Fields, uns: boolean): boolean {
  const ds = size(f) - 1;
  if (f.imms < f.immr || f.imms === ds) return false;
  if (f.immr === 0) {
    if (f.sf === 0 && (f.imms === 7 || f.imms === 15)) return false;
    if (f.sf === 1 && !uns && (f.imms === 7 || f.imms === 15 || f.imms === 31)) return false;
  }
  return true;
}
// shifts
A.push(alias('ASR_imm', 'asr', 'SBFM', [Rd(), Rn(), bfImm('_sh', 0, (f) => size(f) - 1)], {
  accept: always, when: (f) => f.imms === size(f) - 1,
  derive: (f) => setNimm(f, f._sh, size(f) - 1),
  recover: (f) => void (f._sh = f.immr),
}));
A.push(alias('LSR_imm', 'lsr', 'UBFM', [Rd(), Rn(), bfImm('_sh', 0, (f) => size(f) - 1)], {
  accept: always, when: (f) => f.imms === size(f) - 1,
  derive: (f) => setNimm(f, f._sh, size(f) - 1),
  recover: (f) => void (f._sh = f.immr),
}));
A.push(alias('LSL_imm', 'lsl', 'UBFM', [Rd(), Rn(), bfImm('_sh', 0, (f) => size(f) - 1)], {
  accept: always, when: (f) => f.imms !== size(f) - 1 && f.imms + 1 === f.immr,
  derive: (f) => setNimm(f, (size(f) - f._sh) % size(f), size(f) - 1 - f._sh),
  recover: (f) => void (f._sh = size(f) - 1 - f.imms),
}));
// inserts and extracts: (lsb, width)
const lsbOp = (): Op => bfImm('_lsb', 0, (f) => size(f) - 1);
const widthOp = (): Op => bfImm('_w', 1, (f) => size(f) - (f._lsb ?? 0));
const ins = (f: Fields): boolean => setNimm(f, (size(f) - f._lsb) % size(f), f._w - 1);
const ext = (f: Fields): boolean => setNimm(f, f._lsb, f._lsb + f._w - 1);
const insBack = (f: Fields): void => { f._lsb = (size(f) - f.immr) % size(f); f._w = f.imms + 1; };
const extBack = (f: Fields): void => { f._lsb = f.immr; f._w = f.imms - f.immr + 1; };
A.push(alias('SBFIZ', 'sbfiz', 'SBFM', [Rd(), Rn(), lsbOp(), widthOp()], { accept: always, when: (f) => f.imms < f.immr, derive: ins, recover: insBack }));
A.push(alias('SBFX', 'sbfx', 'SBFM', [Rd(), Rn(), lsbOp(), widthOp()], { accept: always, when: (f) => bfxPreferred(f, false), derive: ext, recover: extBack }));
A.push(alias('UBFIZ', 'ubfiz', 'UBFM', [Rd(), Rn(), lsbOp(), widthOp()], { accept: always, when: (f) => f.imms < f.immr, derive: ins, recover: insBack }));
A.push(alias('UBFX', 'ubfx', 'UBFM', [Rd(), Rn(), lsbOp(), widthOp()], { accept: always, when: (f) => bfxPreferred(f, true), derive: ext, recover: extBack }));
A.push(alias('BFI', 'bfi', 'BFM', [Rd(), Rn(), lsbOp(), widthOp()], { accept: always, when: (f) => f.imms < f.immr, derive: ins, recover: insBack }));
A.push(alias('BFXIL', 'bfxil', 'BFM', [Rd(), Rn(), lsbOp(), widthOp()], { accept: always, when: (f) => f.imms >= f.immr, derive: ext, recover: extBack }));
// sign/zero extension: the source is always a W register
for (const [id, m, base, imms, x] of [
  ['SXTB', 'sxtb', 'SBFM', 7, null], ['SXTH', 'sxth', 'SBFM', 15, null], ['SXTW', 'sxtw', 'SBFM', 31, 1],
  ['UXTB', 'uxtb', 'UBFM', 7, 0], ['UXTH', 'uxth', 'UBFM', 15, 0],
] as const) {
  A.push(alias(id, m, base, [Rd(), R('Rn', 'w')], {
    fixed: { immr: 0, imms },
    when: (f) => x === null || f.sf === x,
    derive: (f) => { f.N = f.sf; return true; },
  }));
}

// llvm-mc also takes an X source register (sxtb x0, x1) and an X destination for the zero
// extensions, which are the 32-bit forms (writing Wd zeroes the upper half).
for (const [id, m, imms] of [['SXTB', 'sxtb', 7], ['SXTH', 'sxth', 15], ['SXTW', 'sxtw', 31]] as const) {
  A.push(alias(id + '_xsrc', m, 'SBFM', [R('Rd', 'x'), R('Rn', 'x')], { fixed: { immr: 0, imms, sf: 1, N: 1 }, asmOnly: true }));
}
for (const [id, m, imms] of [['UXTB', 'uxtb', 7], ['UXTH', 'uxth', 15]] as const) {
  A.push(alias(id + '_xdst', m, 'UBFM', [R('Rd', 'x'), R('Rn', 'w')], { fixed: { immr: 0, imms }, asmOnly: true, derive: (f) => { f.sf = 0; f.N = 0; return true; } }));
}

// ---------------------------------------------------------------- extract
F.push(form('EXTR', 'extr', 'sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5', [Rd(), Rn(), Rm(), imm('imms', { bits: 6 })], 'dp-imm',
  { valid: (f) => f.N === f.sf && (f.sf === 1 || f.imms < 32), fill: (f) => void (f.N ??= f.sf), unalloc: [U.w_N1, U.x_N0, U.imm6hi] }));
A.push(alias('ROR_imm', 'ror', 'EXTR', [Rd(), Rn(), bfImm('_sh', 0, (f) => size(f) - 1)], {
  accept: always, when: (f) => f.Rn === f.Rm,
  derive: (f) => { f.Rm = f.Rn; f.imms = f._sh; f.N = f.sf; return true; },
  recover: (f) => void (f._sh = f.imms),
}));

// ---------------------------------------------------------------- data processing (2 source)
for (const [op, m] of [[0b001000, 'lslv'], [0b001001, 'lsrv'], [0b001010, 'asrv'], [0b001011, 'rorv'], [0b000010, 'udiv'], [0b000011, 'sdiv']] as const) {
  F.push(form(m.toUpperCase(), m, `sf:1 0 0 11010110 Rm:5 ${op.toString(2).padStart(6, '0')} Rn:5 Rd:5`, [Rd(), Rn(), Rm()], 'dp-reg'));
}
for (const [m, v] of [['lsl', 'LSLV'], ['lsr', 'LSRV'], ['asr', 'ASRV'], ['ror', 'RORV']] as const) {
  A.push(alias(v.slice(0, 3) + '_reg', m, v, [Rd(), Rn(), Rm()]));
}
for (let C = 0; C < 2; C++) {
  for (let sz = 0; sz < 4; sz++) {
    const m = `crc32${C ? 'c' : ''}${'bhwx'[sz]}`;
    F.push(form(m.toUpperCase(), m, `${sz === 3 ? 1 : 0} 0 0 11010110 Rm:5 010 ${C} ${sz >> 1}${sz & 1} Rn:5 Rd:5`,
      [R('Rd', 'w'), R('Rn', 'w'), R('Rm', sz === 3 ? 'x' : 'w')], 'dp-reg'));
  }
}

// ---------------------------------------------------------------- data processing (1 source)
for (const [opc, m, w] of [
  [0, 'rbit', null], [1, 'rev16', null], [2, 'rev', 0], [2, 'rev32', 1], [3, 'rev', 1],
] as const) {
  const pat = `${w === null ? 'sf:1' : w} 1 0 11010110 00000 0000 ${opc >> 1}${opc & 1} Rn:5 Rd:5`;
  const width = w === null ? sf : w ? 'x' : 'w';
  const id = m === 'rev' ? (w ? 'REV_x' : 'REV_w') : m.toUpperCase();
  F.push(form(id, m, pat, [R('Rd', width), R('Rn', width)], 'dp-reg'));
}
F.push(form('CLZ', 'clz', 'sf:1 1 0 11010110 00000 00010 0 Rn:5 Rd:5', [Rd(), Rn()], 'dp-reg'));
F.push(form('CLS', 'cls', 'sf:1 1 0 11010110 00000 00010 1 Rn:5 Rd:5', [Rd(), Rn()], 'dp-reg'));
A.push(alias('REV64', 'rev64', 'REV_x', [R('Rd', 'x'), R('Rn', 'x')], { asmOnly: true }));

// ---------------------------------------------------------------- conditional select / compare
for (const [op, o2, m] of [[0, 0, 'csel'], [0, 1, 'csinc'], [1, 0, 'csinv'], [1, 1, 'csneg']] as const) {
  F.push(form(m.toUpperCase(), m, `sf:1 ${op} 0 11010100 Rm:5 cond:4 0 ${o2} Rn:5 Rd:5`, [Rd(), Rn(), Rm(), cond('cond')], 'dp-reg'));
}
const notAlNv = (f: Fields): boolean => f.cond < 14;
const same = (f: Fields): boolean => { f.Rm = f.Rn; return true; };
A.push(alias('CSET', 'cset', 'CSINC', [Rd(), cond('cond', true)], { fixed: { Rn: 31, Rm: 31 }, when: notAlNv }));
A.push(alias('CINC', 'cinc', 'CSINC', [Rd(), Rn(), cond('cond', true)], { when: (f) => f.Rn === f.Rm && notAlNv(f), derive: same }));
A.push(alias('CSETM', 'csetm', 'CSINV', [Rd(), cond('cond', true)], { fixed: { Rn: 31, Rm: 31 }, when: notAlNv }));
A.push(alias('CINV', 'cinv', 'CSINV', [Rd(), Rn(), cond('cond', true)], { when: (f) => f.Rn === f.Rm && notAlNv(f), derive: same }));
A.push(alias('CNEG', 'cneg', 'CSNEG', [Rd(), Rn(), cond('cond', true)], { when: (f) => f.Rn === f.Rm && notAlNv(f), derive: same }));

for (const [op, m] of [[0, 'ccmn'], [1, 'ccmp']] as const) {
  F.push(form(m.toUpperCase() + '_reg', m, `sf:1 ${op} 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4`,
    [Rn(), Rm(), imm('nzcv', { bits: 4 }), cond('cond')], 'dp-reg'));
  F.push(form(m.toUpperCase() + '_imm', m, `sf:1 ${op} 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4`,
    [Rn(), imm('imm5', { bits: 5 }), imm('nzcv', { bits: 4 }), cond('cond')], 'dp-imm'));
}

// ---------------------------------------------------------------- data processing (3 source)
for (const [op31, o0, m, long] of [
  [0, 0, 'madd', false], [0, 1, 'msub', false],
  [1, 0, 'smaddl', true], [1, 1, 'smsubl', true], [5, 0, 'umaddl', true], [5, 1, 'umsubl', true],
] as const) {
  const pat = `${long ? 1 : 'sf:1'} 00 11011 ${op31.toString(2).padStart(3, '0')} Rm:5 ${o0} Ra:5 Rn:5 Rd:5`;
  const srcW = long ? 'w' : sf;
  const dstW = long ? 'x' : sf;
  F.push(form(m.toUpperCase(), m, pat, [R('Rd', dstW), R('Rn', srcW), R('Rm', srcW), R('Ra', dstW)], 'dp-reg'));
}
for (const [base, m] of [['MADD', 'mul'], ['MSUB', 'mneg'], ['SMADDL', 'smull'], ['SMSUBL', 'smnegl'], ['UMADDL', 'umull'], ['UMSUBL', 'umnegl']] as const) {
  const long = base !== 'MADD' && base !== 'MSUB';
  A.push(alias(m.toUpperCase(), m, base, [R('Rd', long ? 'x' : sf), R('Rn', long ? 'w' : sf), R('Rm', long ? 'w' : sf)], { fixed: { Ra: 31 } }));
}
// Ra is should-be-one: written as 11111, ignored when decoding (as llvm does)
const raOnes = { fill: (f: Fields): void => void (f.Ra ??= 31), ignored: ['Ra'] };
F.push(form('SMULH', 'smulh', '1 00 11011 010 Rm:5 0 Ra:5 Rn:5 Rd:5', [R('Rd', 'x'), R('Rn', 'x'), R('Rm', 'x')], 'dp-reg', raOnes));
F.push(form('UMULH', 'umulh', '1 00 11011 110 Rm:5 0 Ra:5 Rn:5 Rd:5', [R('Rd', 'x'), R('Rn', 'x'), R('Rm', 'x')], 'dp-reg', raOnes));

export const DP_FORMS = F;
export const DP_ALIASES = A;
