// Operand kinds of the encoding table. Each builder returns an Op that parses one
// comma-separated operand into field values and prints it back as llvm-objdump does.
// Names of fields that start with `_` are scratch values shared between the operands of one
// instruction (e.g. a register's width), never encoded.

import { UserError } from '../common/diagnostics.ts';
import type { ExprValue, RelocType } from './api.ts';
import { decodeBitmask, encodeBitmask } from './bitmask.ts';
import type { DecCx, EncCx, Fields, Op } from './table.ts';

// ---------------------------------------------------------------- registers

export interface RegInfo {
  cls: 'x' | 'w' | 'b' | 'h' | 's' | 'd' | 'q' | 'v';
  n: number;
  sp?: boolean; // sp / wsp
  zr?: boolean; // xzr / wzr
}

const REGS = new Map<string, RegInfo>();
for (let i = 0; i <= 30; i++) {
  REGS.set('x' + i, { cls: 'x', n: i });
  REGS.set('w' + i, { cls: 'w', n: i });
}
for (let i = 0; i <= 31; i++) for (const c of ['b', 'h', 's', 'd', 'q', 'v'] as const) REGS.set(c + i, { cls: c, n: i });
REGS.set('xzr', { cls: 'x', n: 31, zr: true });
REGS.set('wzr', { cls: 'w', n: 31, zr: true });
REGS.set('sp', { cls: 'x', n: 31, sp: true });
REGS.set('wsp', { cls: 'w', n: 31, sp: true });
REGS.set('fp', { cls: 'x', n: 29 });
REGS.set('lr', { cls: 'x', n: 30 });

export function lookupReg(text: string): RegInfo | undefined {
  return REGS.get(text.trim().toLowerCase());
}

export function isRegName(text: string): boolean {
  return REGS.has(text.trim().toLowerCase());
}

export function gprName(n: number, x: boolean, sp: boolean): string {
  if (n === 31) return sp ? (x ? 'sp' : 'wsp') : x ? 'xzr' : 'wzr';
  return (x ? 'x' : 'w') + n;
}

// ---------------------------------------------------------------- helpers

export function fail(cx: EncCx, msg: string): never {
  throw new UserError(`operand ${cx.opIndex + 1} of '${cx.mnem}': ${msg}`);
}

/** Set a field, or report a conflict with a value set earlier (wrong shape). */
function put(f: Fields, name: string, v: number): boolean {
  const old = f[name];
  if (old !== undefined && old !== v) return false;
  f[name] = v;
  return true;
}

/** The expression text of an immediate operand (`#` optional, as in GNU as), or null when the
 *  operand is a register or memory reference. */
function immText(piece: string): string | null {
  const t = piece.trim();
  if (t === '' || t[0] === '[' || t[0] === '=') return null;
  if (t[0] === '#') return t.slice(1).trim();
  if (REGS.has(t.toLowerCase())) return null;
  return t;
}

function evalOrFail(cx: EncCx, text: string): ExprValue {
  if (text === '') fail(cx, 'expected an expression');
  return cx.ctx.evalExpr(text);
}

function constOrFail(cx: EncCx, v: ExprValue): bigint {
  if (v.kind !== 'const') fail(cx, `expected a constant expression, got a reference to '${v.symbol}'`);
  return v.value;
}

function rangeCheck(cx: EncCx, v: bigint, lo: bigint, hi: bigint, what = 'immediate'): void {
  if (v < lo || v > hi) fail(cx, `${what} ${v} out of range [${lo}, ${hi}]`);
}

// llvm prints hex immediates as 0x.., but zero as plain 0
const hex = (v: bigint | number): string => (v < 0 ? '-0x' + (-BigInt(v)).toString(16) : v == 0 ? '0' : '0x' + v.toString(16));

/** Split "a, [b, c], d" at top-level commas. */
export function splitOperands(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 40 /* ( */ || c === 123 /* { */) depth++;
    else if (c === 93 || c === 41 || c === 125) depth--;
    else if (c === 44 /* , */ && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    } else if ((c === 34 || c === 39) /* quotes */) {
      const q = c;
      for (i++; i < text.length && text.charCodeAt(i) !== q; i++) if (text[i] === '\\') i++;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

// ---------------------------------------------------------------- general registers

/** Register width: 'x' or 'w' fixed, or the name of a field that is 1 for X registers. */
export type Width = 'x' | 'w' | string;

function widthOf(f: Fields, w: Width): boolean {
  return w === 'x' ? true : w === 'w' ? false : f[w] === 1;
}

/**
 * A general register in `field`. `sp` selects SP/WSP as register 31 (else XZR/WZR). The width is
 * fixed or taken from a field (set by the first register operand, checked by the others).
 */
export function R(field: string, w: Width, sp = false): Op {
  const syn = w === 'x' ? 'X' : w === 'w' ? 'W' : 'W|X';
  return {
    syntax: `<${syn}${sp ? '|SP' : ''}>`,
    parse(p, f, cx) {
      const r = REGS.get(p.toLowerCase());
      if (!r || (r.cls !== 'x' && r.cls !== 'w')) return false;
      if (r.n === 31 && (sp ? r.zr : r.sp)) return false;
      const isX = r.cls === 'x';
      if (w === 'x' ? !isX : w === 'w' ? isX : !put(f, w, isX ? 1 : 0)) return false;
      return put(f, field, r.n);
    },
    print(f) {
      return gprName(f[field], widthOf(f, w), sp);
    },
  };
}

// ---------------------------------------------------------------- FP/SIMD registers

export type FpCls = 'b' | 'h' | 's' | 'd' | 'q';

export function V(field: string, cls: FpCls | ((f: Fields) => FpCls), setCls?: (f: Fields, c: FpCls) => boolean): Op {
  return {
    syntax: typeof cls === 'string' ? `<${cls.toUpperCase()}t>` : '<Bt|Ht|St|Dt|Qt>',
    parse(p, f) {
      const r = REGS.get(p.toLowerCase());
      if (!r || r.cls === 'x' || r.cls === 'w' || r.cls === 'v') return false;
      if (typeof cls === 'string') {
        if (r.cls !== cls) return false;
      } else if (!setCls!(f, r.cls as FpCls)) return false;
      return put(f, field, r.n);
    },
    print(f) {
      return (typeof cls === 'string' ? cls : cls(f)) + f[field];
    },
  };
}

// ---------------------------------------------------------------- immediates

export interface ImmOpts {
  bits: number;
  signed?: boolean;
  scale?: number; // value = field * scale
  hex?: boolean; // llvm prints it in hex
  optional?: boolean; // default 0 when omitted
  noHash?: boolean; // printed without '#'
  /** Relocation for a symbolic value (by modifier); undefined: symbols not allowed. */
  reloc?: (modifier: string | undefined) => RelocType | undefined;
  min?: bigint; // tighter value range than the field allows
  max?: bigint;
}

export function imm(field: string, o: ImmOpts): Op {
  const scale = BigInt(o.scale ?? 1);
  const lo = o.min ?? (o.signed ? -(1n << BigInt(o.bits - 1)) * scale : 0n);
  const hi = o.max ?? (o.signed ? ((1n << BigInt(o.bits - 1)) - 1n) * scale : ((1n << BigInt(o.bits)) - 1n) * scale);
  const fmask = (1 << o.bits) - 1;
  return {
    syntax: '#<imm>',
    optional: o.optional,
    parse(p, f, cx) {
      const t = immText(p);
      if (t === null) return false;
      const v = evalOrFail(cx, t);
      if (v.kind === 'symbol') {
        const r = o.reloc?.(v.modifier);
        if (!r) fail(cx, v.modifier ? `relocation modifier ':${v.modifier}:' not allowed here` : `expected a constant expression, got a reference to '${v.symbol}'`);
        cx.fixup = { type: r, symbol: v.symbol, addend: v.addend };
        return put(f, field, 0);
      }
      rangeCheck(cx, v.value, lo, hi);
      if (v.value % scale !== 0n) fail(cx, `immediate ${v.value} must be a multiple of ${scale}`);
      return put(f, field, Number(v.value / scale) & fmask);
    },
    dflt(f) {
      f[field] ??= 0;
    },
    print(f) {
      let v = f[field];
      if (o.signed && v & (1 << (o.bits - 1))) v -= 1 << o.bits;
      if (o.optional && v === 0) return '';
      const n = v * Number(scale);
      return (o.noHash ? '' : '#') + (o.hex ? hex(n) : String(n));
    },
  };
}

/** `lsl #0|#12` after an ADD/SUB immediate. */
export function lsl12(field: string): Op {
  return {
    syntax: '{, lsl #0|#12}',
    optional: true,
    parse(p, f, cx) {
      const m = /^lsl\s*#?\s*(.+)$/i.exec(p);
      if (!m) return false;
      const v = constOrFail(cx, evalOrFail(cx, m[1]));
      if (v !== 0n && v !== 12n) fail(cx, `shift must be 'lsl #0' or 'lsl #12'`);
      return put(f, field, v === 12n ? 1 : 0);
    },
    dflt(f) {
      f[field] ??= 0;
    },
    print(f) {
      return f[field] ? 'lsl #12' : '';
    },
  };
}

/** ADD/SUB immediate value: 0..4095, or a multiple of 4096 up to 4095<<12 (llvm and GNU as
 *  pick `lsl #12` themselves), or `:lo12:sym`. */
export function addImm(field: string, shField: string): Op {
  return {
    syntax: '#<imm>',
    parse(p, f, cx) {
      const t = immText(p);
      if (t === null) return false;
      const v = evalOrFail(cx, t);
      if (v.kind === 'symbol') {
        const m = v.modifier;
        if (m !== 'lo12') fail(cx, m ? `relocation modifier ':${m}:' not allowed here` : `expected a constant or ':lo12:' expression, got a reference to '${v.symbol}'`);
        cx.fixup = { type: 'R_AARCH64_ADD_ABS_LO12_NC', symbol: v.symbol, addend: v.addend };
        return put(f, field, 0);
      }
      const n = v.value;
      if (n >= 0n && n <= 4095n) return put(f, field, Number(n));
      if (n > 0 && (n & 0xfffn) === 0n && n >> 12n <= 4095n && f[shField] === undefined) {
        f[shField] = 1;
        f._autoSh = 1;
        return put(f, field, Number(n >> 12n));
      }
      fail(cx, `immediate ${n} out of range [0, 4095] (or a multiple of 4096 up to 0xfff000)`);
    },
    print(f, dx) {
      if (f[shField]) dx.comment = '=' + (f[field] << 12);
      return '#' + f[field];
    },
  };
}

/** `lsl #n` shift that goes with addImm (conflicts with an automatic shift are errors). */
export function addLsl12(field: string): Op {
  const base = lsl12(field);
  return {
    ...base,
    parse(p, f, cx) {
      if (f._autoSh) {
        // llvm-mc lets `lsl #0` stand after a value it shifted itself
        if (/^lsl\s*#?\s*0+$/i.test(p.trim())) return true;
        fail(cx, 'immediate is already shifted');
      }
      return base.parse(p, f, cx);
    },
  };
}

// ---------------------------------------------------------------- shifts and extends

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];

/** `{, LSL|LSR|ASR|ROR #amount}` of shifted-register forms. */
export function shift(shField: string, amtField: string, w: Width, allowRor: boolean): Op {
  return {
    syntax: allowRor ? '{, lsl|lsr|asr|ror #<amount>}' : '{, lsl|lsr|asr #<amount>}',
    optional: true,
    parse(p, f, cx) {
      const m = /^(lsl|lsr|asr|ror)\s*#?\s*(.+)$/i.exec(p);
      if (!m) return false;
      const k = SHIFTS.indexOf(m[1].toLowerCase());
      if (k === 3 && !allowRor) return false;
      const v = constOrFail(cx, evalOrFail(cx, m[2]));
      const max = widthOf(f, w) ? 63n : 31n;
      rangeCheck(cx, v, 0n, max, 'shift amount');
      return put(f, shField, k) && put(f, amtField, Number(v));
    },
    dflt(f) {
      f[shField] ??= 0;
      f[amtField] ??= 0;
    },
    print(f) {
      if (f[shField] === 0 && f[amtField] === 0) return '';
      return `${SHIFTS[f[shField]]} #${f[amtField]}`;
    },
  };
}

const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

/** Rm of add/sub (extended register): W for option != x11, X for x11. */
export function extRm(field: string, optField: string): Op {
  return {
    syntax: '<Wm|Xm>',
    parse(p, f) {
      const r = REGS.get(p.toLowerCase());
      if (!r || (r.cls !== 'x' && r.cls !== 'w') || r.sp) return false;
      if (r.cls === 'x' && f.sf === 0) return false;
      f._rmx = r.cls === 'x' ? 1 : 0;
      return put(f, field, r.n);
    },
    print(f) {
      return gprName(f[field], f.sf === 1 && (f[optField] & 3) === 3, false);
    },
  };
}

/** `{, extend {#amount}}` of add/sub (extended register); LSL is UXTX/UXTW when SP is used.
 *  `rd` is '' for the flag-setting forms, whose Rd 31 is XZR. */
export function extend(optField: string, amtField: string, sfField: string, rd: string, rn: string): Op {
  return {
    syntax: '{, uxtb|uxth|uxtw|uxtx|sxtb|sxth|sxtw|sxtx|lsl {#<amount>}}',
    optional: true,
    parse(p, f, cx) {
      const m = /^([a-z]+)\s*(?:#?\s*(.+))?$/i.exec(p);
      if (!m) return false;
      const name = m[1].toLowerCase();
      let opt = EXTENDS.indexOf(name);
      if (name === 'lsl') {
        if (!(rd && f[rd] === 31) && f[rn] !== 31) fail(cx, "'lsl' is only valid here when Rd or Rn is SP; use uxtx/uxtw");
        opt = f[sfField] ? 3 : 2;
      }
      if (opt < 0) return false;
      const rmx = f[sfField] === 1 && (opt & 3) === 3 ? 1 : 0;
      // llvm-mc takes a W register with uxtx/sxtx in the flag-setting forms (adds/subs/cmp/cmn,
      // whose `rd` is ''), never an X register with a W extend
      if (f._rmx && !rmx) fail(cx, `extend '${name}' needs a W register`);
      if (!f._rmx && rmx && rd !== '') fail(cx, `extend '${name}' needs an X register`);
      let amt = 0n;
      if (m[2] !== undefined) amt = constOrFail(cx, evalOrFail(cx, m[2]));
      rangeCheck(cx, amt, 0n, 4n, 'extend amount');
      return put(f, optField, opt) && put(f, amtField, Number(amt));
    },
    dflt(f) {
      f._noExt = 1;
      if (f[optField] === undefined) f[optField] = f._rmx && f[sfField] ? 3 : 2;
      f[amtField] ??= 0;
    },
    print(f) {
      const opt = f[optField];
      const amt = f[amtField];
      const spForm = (rd !== '' && f[rd] === 31) || f[rn] === 31;
      if (spForm && opt === (f[sfField] ? 3 : 2)) return amt ? `lsl #${amt}` : '';
      return amt ? `${EXTENDS[opt]} #${amt}` : EXTENDS[opt];
    },
  };
}

// ---------------------------------------------------------------- conditions

export const CONDS = ['eq', 'ne', 'hs', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];
const COND_IN = new Map<string, number>(CONDS.map((c, i) => [c, i]));
COND_IN.set('cs', 2);
COND_IN.set('cc', 3);

export function condCode(s: string): number | undefined {
  return COND_IN.get(s.trim().toLowerCase());
}

/** A condition. `invert`: the alias writes the inverse of the encoded condition (cset, cinc...)
 *  and AL/NV are not allowed. */
export function cond(field: string, invert = false): Op {
  return {
    syntax: '<cond>',
    parse(p, f, cx) {
      const c = COND_IN.get(p.toLowerCase());
      if (c === undefined) return false;
      if (invert) {
        if (c >= 14) fail(cx, `condition '${p}' not allowed here`);
        return put(f, field, c ^ 1);
      }
      return put(f, field, c);
    },
    print(f) {
      return CONDS[invert ? f[field] ^ 1 : f[field]];
    },
  };
}

// ---------------------------------------------------------------- logical immediates

export function bitmaskImm(sf: Width): Op {
  return {
    syntax: '#<bimm>',
    parse(p, f, cx) {
      const t = immText(p);
      if (t === null) return false;
      const v = constOrFail(cx, evalOrFail(cx, t));
      const x = widthOf(f, sf);
      if (!x && (v > 0xffffffffn || v < -0x80000000n)) fail(cx, `immediate ${hex(v)} does not fit in 32 bits`);
      const e = encodeBitmask(v, x ? 64 : 32);
      if (!e) fail(cx, `immediate ${hex(v)} is not a valid logical (bitmask) immediate`);
      return put(f, 'N', e.N) && put(f, 'immr', e.immr) && put(f, 'imms', e.imms);
    },
    print(f) {
      const v = decodeBitmask(f.N, f.immr, f.imms, widthOf(f, sf) ? 64 : 32);
      return v === null ? null : '#' + hex(v);
    },
  };
}

// ---------------------------------------------------------------- PC-relative targets

export interface TargetOpts {
  /** Fields holding the offset, low part last: e.g. ['immhi', 'immlo'] for ADR. */
  fields: Array<[string, number]>;
  scale: number; // 4 for branches, 1 for ADR, 4096 for ADRP
  reloc: (modifier: string | undefined) => RelocType | undefined;
  /** llvm-objdump prints ADR as a relative '#imm', the others as an absolute address. */
  print: 'abs' | 'rel' | 'page';
}

export function target(o: TargetOpts): Op {
  const bits = o.fields.reduce((s, [, w]) => s + w, 0);
  const lo = -(1n << BigInt(bits - 1)) * BigInt(o.scale);
  const hi = ((1n << BigInt(bits - 1)) - 1n) * BigInt(o.scale);
  return {
    syntax: '<label>',
    parse(p, f, cx) {
      const t = immText(p);
      if (t === null) return false;
      const v = evalOrFail(cx, t);
      if (v.kind === 'symbol') {
        const r = o.reloc(v.modifier);
        if (!r) fail(cx, `relocation modifier ':${v.modifier}:' not allowed here`);
        cx.fixup = { type: r, symbol: v.symbol, addend: v.addend };
        for (const [name] of o.fields) f[name] = 0;
        return true;
      }
      // A constant is a byte offset from this instruction (llvm-mc's reading of `b #8`),
      // modulo 2^64 so that the disassembler's absolute addresses at pc 0 read back.
      const off = BigInt.asIntN(64, v.value);
      rangeCheck(cx, off, lo, hi, 'offset');
      if (off % BigInt(o.scale) !== 0n) fail(cx, `offset ${off} must be a multiple of ${o.scale}`);
      let n = Number(off / BigInt(o.scale));
      for (let i = o.fields.length - 1; i >= 0; i--) {
        const [name, w] = o.fields[i];
        f[name] = n & ((1 << w) - 1);
        n = Math.floor(n / (1 << w));
      }
      return true;
    },
    print(f, dx) {
      let n = 0;
      for (const [name, w] of o.fields) n = n * (1 << w) + f[name];
      if (n >= 2 ** (bits - 1)) n -= 2 ** bits;
      const off = n * o.scale;
      if (o.print === 'rel') return '#' + off;
      const base = o.print === 'page' ? Math.floor(dx.pc / 4096) * 4096 : dx.pc;
      const t = BigInt.asUintN(64, BigInt(base) + BigInt(off));
      // llvm-objdump 14 symbolizes ADRP at pc + imm*4 (not the page it prints); we follow it.
      dx.target = o.print === 'page' ? BigInt.asUintN(64, BigInt(dx.pc) + BigInt(n) * 4n) : t;
      return '0x' + t.toString(16);
    },
  };
}

// ---------------------------------------------------------------- memory operands

function parseMem(p: string): { inner: string[]; wb: boolean } | null {
  const t = p.trim();
  if (t[0] !== '[') return null;
  let end = t.lastIndexOf(']');
  if (end < 0) return null;
  const rest = t.slice(end + 1).trim();
  if (rest !== '' && rest !== '!') return null;
  return { inner: splitOperands(t.slice(1, end)), wb: rest === '!' };
}

function baseReg(text: string, f: Fields, field: string): boolean {
  const r = REGS.get(text.toLowerCase());
  if (!r || r.cls !== 'x' || r.zr) return false;
  return put(f, field, r.n);
}

const xsp = (n: number): string => (n === 31 ? 'sp' : 'x' + n);

/** `[Xn|SP]` (exclusives, post-index base). Accepts `[Xn, #0]` like llvm-mc. */
export function memBase(rn: string): Op {
  return {
    syntax: '[<Xn|SP>]',
    parse(p, f, cx) {
      const m = parseMem(p);
      if (!m || m.wb || m.inner.length < 1 || m.inner.length > 2) return false;
      if (!baseReg(m.inner[0], f, rn)) return false;
      if (m.inner.length === 2) {
        const t = immText(m.inner[1]);
        if (t === null) return false;
        if (constOrFail(cx, evalOrFail(cx, t)) !== 0n) fail(cx, 'offset must be 0 here');
      }
      return true;
    },
    print(f) {
      return `[${xsp(f[rn])}]`;
    },
  };
}

export interface MemImmOpts {
  bits: number;
  signed: boolean;
  scale: number;
  pre?: boolean; // `[Xn, #imm]!`
  /** LDST*_ABS_LO12_NC for `[Xn, :lo12:sym]` */
  lo12?: RelocType;
}

/** `[Xn|SP{, #imm}]` or, pre-indexed, `[Xn|SP, #imm]!`. */
export function memImm(rn: string, field: string, o: MemImmOpts): Op {
  const scale = BigInt(o.scale);
  const lo = o.signed ? -(1n << BigInt(o.bits - 1)) * scale : 0n;
  const hi = o.signed ? ((1n << BigInt(o.bits - 1)) - 1n) * scale : ((1n << BigInt(o.bits)) - 1n) * scale;
  const fmask = (1 << o.bits) - 1;
  return {
    syntax: o.pre ? '[<Xn|SP>, #<simm>]!' : '[<Xn|SP>{, #<imm>}]',
    parse(p, f, cx) {
      const m = parseMem(p);
      if (!m || m.wb !== !!o.pre || m.inner.length < 1 || m.inner.length > 2) return false;
      if (!baseReg(m.inner[0], f, rn)) return false;
      if (m.inner.length === 1) {
        if (o.pre) return false;
        return put(f, field, 0);
      }
      const t = immText(m.inner[1]);
      if (t === null) return false;
      const v = evalOrFail(cx, t);
      if (v.kind === 'symbol') {
        if (v.modifier !== 'lo12' || !o.lo12) fail(cx, `expected a constant offset${o.lo12 ? " or ':lo12:sym'" : ''}`);
        cx.fixup = { type: o.lo12, symbol: v.symbol, addend: v.addend };
        return put(f, field, 0);
      }
      rangeCheck(cx, v.value, lo, hi, 'offset');
      if (v.value % scale !== 0n) fail(cx, `offset ${v.value} must be a multiple of ${scale}`);
      return put(f, field, Number(v.value / scale) & fmask);
    },
    print(f) {
      let v = f[field];
      if (o.signed && v & (1 << (o.bits - 1))) v -= 1 << o.bits;
      v *= o.scale;
      if (o.pre) return `[${xsp(f[rn])}, #${v}]!`;
      return v === 0 ? `[${xsp(f[rn])}]` : `[${xsp(f[rn])}, #${v}]`;
    },
  };
}

const REG_EXT = ['', '', 'uxtw', 'lsl', '', '', 'sxtw', 'sxtx'];

/** `[Xn|SP, (Wm|Xm){, extend {#amount}}]` with amount 0 or log2(access size). */
export function memReg(rn: string, rm: string, opt: string, s: string, sizeLog2: number): Op {
  return {
    syntax: `[<Xn|SP>, <Wm|Xm>{, uxtw|lsl|sxtw|sxtx {#0|#${sizeLog2}}}]`,
    parse(p, f, cx) {
      const m = parseMem(p);
      if (!m || m.wb || m.inner.length < 2 || m.inner.length > 3) return false;
      if (!baseReg(m.inner[0], f, rn)) return false;
      const r = REGS.get(m.inner[1].toLowerCase());
      if (!r || (r.cls !== 'x' && r.cls !== 'w') || r.sp) return false;
      const isX = r.cls === 'x';
      let option = isX ? 3 : 2;
      let S = 0;
      if (m.inner.length === 3) {
        const em = /^([a-z]+)\s*(?:#?\s*(.+))?$/i.exec(m.inner[2]);
        if (!em) fail(cx, 'expected an extend or shift');
        option = REG_EXT.indexOf(em[1].toLowerCase());
        if (option < 0 || em[1] === '') fail(cx, `expected uxtw, lsl, sxtw or sxtx, got '${em[1]}'`);
        if (((option & 1) === 1) !== isX) fail(cx, `'${em[1]}' needs a ${isX ? 'W' : 'X'} index register`);
        if (em[2] !== undefined) {
          const a = constOrFail(cx, evalOrFail(cx, em[2]));
          if (a !== 0n && a !== BigInt(sizeLog2)) fail(cx, `shift amount must be #0 or #${sizeLog2}`);
          S = sizeLog2 === 0 ? 1 : a === 0n ? 0 : 1;
        } else if (option === 3) {
          fail(cx, "'lsl' needs an amount");
        }
      } else if (!isX) {
        fail(cx, 'a W index register needs uxtw or sxtw');
      }
      return put(f, rm, r.n) && put(f, opt, option) && put(f, s, S);
    },
    print(f) {
      const option = f[opt];
      const isX = (option & 1) === 1;
      const idx = gprName(f[rm], isX, false);
      const base = `[${xsp(f[rn])}, ${idx}`;
      if (option === 3 && !f[s]) return base + ']';
      return `${base}, ${REG_EXT[option]}${f[s] ? ' #' + sizeLog2 : ''}]`;
    },
  };
}

/** `ldr <Rt>, =expr`: the assembler places the value in a literal pool. */
export function litPool(rtField: string, size: 4 | 8, isW: boolean): Op {
  return {
    syntax: '=<expr>',
    parse(p, f, cx) {
      const t = p.trim();
      if (t[0] !== '=') return false;
      const v = evalOrFail(cx, t.slice(1).trim());
      cx.literal = { size, value: v, rt: f[rtField], isW };
      return true;
    },
    print: () => null,
  };
}

// ---------------------------------------------------------------- named small operands

/** A keyword from a list, stored in a field (e.g. prefetch operations, barrier options). When a
 *  value has no name it prints as `#imm` (and `#imm` is accepted on input). */
export function named(field: string, names: ReadonlyMap<number, string>, syntax: string, bits: number, hexImm = false): Op {
  const byName = new Map<string, number>();
  for (const [v, n] of names) byName.set(n, v);
  return {
    syntax,
    parse(p, f, cx) {
      const t = p.trim().toLowerCase();
      const v = byName.get(t);
      if (v !== undefined) return put(f, field, v);
      const it = immText(p);
      if (it === null) return false; // a register or memory operand
      if (!t.startsWith('#') && /^[a-z_][a-z0-9_]*$/i.test(it)) fail(cx, `unknown ${syntax} '${p.trim()}'`);
      const n = constOrFail(cx, evalOrFail(cx, it));
      rangeCheck(cx, n, 0n, (1n << BigInt(bits)) - 1n);
      return put(f, field, Number(n));
    },
    print(f) {
      const n = names.get(f[field]);
      return n ?? '#' + (hexImm ? hex(f[field]) : f[field]);
    },
  };
}


export type { DecCx, EncCx, Fields, Op };
