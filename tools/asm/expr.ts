// GNU-as expression evaluation: numbers in every GNU form, character literals, the operators
// with GNU/LLVM precedence, `.`, symbols, numeric local label references (1b, 1f), and a
// leading relocation modifier (`:lo12:sym+4`). A result is a constant or `symbol + addend`;
// differences of two symbols located in the same section fold to a constant.
import { UserError } from '../common/diagnostics.ts';

/** A value: constant (`sym` undefined) or relocatable `sym + add`. */
/** `sub` marks `sym - <location in section sub.sec>`: a PC-relative value (PREL relocations). */
export interface Term { add: bigint; sym?: string; sub?: { sec: number; off: bigint } }
export interface EvalResult extends Term { mod?: string }

export interface SymbolResolver {
  /** Value of a named symbol: a constant for `.equ` symbols, else `{sym: name, add: 0}`. */
  lookup(name: string): Term;
  /** Section index and offset of a symbol defined in this file, if known. */
  locate(sym: string): { sec: number; off: bigint } | undefined;
  /** The current location `.` */
  dot(): Term;
  /** Internal symbol name for a numeric local label reference (`1b` -> previous `1:`). */
  numericLabel(n: string, dir: 'b' | 'f'): string;
  /** A constant was needed but a symbol is not known yet. Throws (final pass) or returns
   *  (an earlier pass, which will be repeated), in which case 0 stands in. */
  unresolved(what: string): void;
}

const enum T { Num, Ident, Op, LParen, RParen, End }
interface Tok { t: T; s: string; v?: bigint; pos: number }

const BIN_PREC: Record<string, number> = {
  '||': 1, '&&': 2,
  '==': 3, '!=': 3, '<>': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4,
  '|': 5, '&': 5, '^': 5, '!': 5,
  '*': 6, '/': 6, '%': 6, '<<': 6, '>>': 6,
};
const OPS2 = new Set(['||', '&&', '==', '!=', '<>', '<=', '>=', '<<', '>>']);
const OPS1 = new Set(['+', '-', '*', '/', '%', '|', '&', '^', '!', '~', '<', '>']);

const CHAR_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, "'": 39, '"': 34, '0': 0, e: 27 };

// Character classes by code (hot: every operand expression is tokenized).
const ID_START = new Uint8Array(128);
const ID_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ID_START[c] = /[A-Za-z_.$]/.test(ch) ? 1 : 0;
  ID_CHAR[c] = /[A-Za-z0-9_.$]/.test(ch) ? 1 : 0;
}
const isIdStart = (c: string) => { const k = c.charCodeAt(0); return k < 128 && ID_START[k] === 1; };
const isIdChar = (c: string) => { const k = c.charCodeAt(0); return k < 128 && ID_CHAR[k] === 1; };

export function parseNumber(text: string): bigint | undefined {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(text);
  if (!m) return undefined;
  let v: bigint;
  if (m[1] !== undefined) v = BigInt('0x' + m[1]);
  else if (m[2] !== undefined) v = BigInt('0b' + m[2]);
  else if (m[3] !== undefined) v = m[3].length > 1 ? BigInt('0o' + m[3].slice(1)) : 0n;
  else v = BigInt(m[4]);
  return BigInt.asIntN(64, v);
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    const start = i;
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && isIdChar(src[j])) j++;
      const word = src.slice(i, j);
      const local = /^([0-9]+)([bf])$/.exec(word);
      if (local && !/^0[bB][01]+$/.test(word)) toks.push({ t: T.Ident, s: word, pos: start });
      else {
        const v = parseNumber(word);
        if (v === undefined) throw new UserError(`invalid number '${word}'`);
        toks.push({ t: T.Num, s: word, v, pos: start });
      }
      i = j;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(src[j])) j++;
      toks.push({ t: T.Ident, s: src.slice(i, j), pos: start });
      i = j;
      continue;
    }
    if (c === '"') {
      // Quoted symbol names ("sym with space") are rare; GNU allows them.
      const j = src.indexOf('"', i + 1);
      if (j < 0) throw new UserError('unterminated quoted symbol name');
      toks.push({ t: T.Ident, s: src.slice(i + 1, j), pos: start });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let code: number;
      if (src[j] === '\\') {
        const e = src[j + 1];
        if (e === undefined) throw new UserError('unterminated character literal');
        if (e === 'x') {
          const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(j + 2));
          if (!m) throw new UserError('bad \\x escape in character literal');
          code = parseInt(m[0], 16);
          j += 2 + m[0].length;
        } else if (/[0-7]/.test(e)) {
          const m = /^[0-7]{1,3}/.exec(src.slice(j + 1))!;
          code = parseInt(m[0], 8) & 0xff;
          j += 1 + m[0].length;
        } else {
          code = CHAR_ESCAPES[e] ?? e.charCodeAt(0);
          j += 2;
        }
      } else {
        if (j >= n) throw new UserError('unterminated character literal');
        code = src.charCodeAt(j);
        j++;
      }
      if (src[j] === "'") j++;
      toks.push({ t: T.Num, s: src.slice(i, j), v: BigInt(code), pos: start });
      i = j;
      continue;
    }
    if (c === '(') { toks.push({ t: T.LParen, s: c, pos: start }); i++; continue; }
    if (c === ')') { toks.push({ t: T.RParen, s: c, pos: start }); i++; continue; }
    const two = src.slice(i, i + 2);
    if (OPS2.has(two)) { toks.push({ t: T.Op, s: two, pos: start }); i += 2; continue; }
    if (OPS1.has(c)) { toks.push({ t: T.Op, s: c, pos: start }); i++; continue; }
    throw new UserError(`unexpected character '${c}' in expression`);
  }
  toks.push({ t: T.End, s: '', pos: n });
  return toks;
}

const C = (v: bigint): Term => ({ add: BigInt.asIntN(64, v) });
const TRUE = -1n; // GNU as: comparisons give all ones for true

class Parser {
  private i = 0;
  constructor(private toks: Tok[], private r: SymbolResolver, private text: string) {}

  parse(): Term {
    const v = this.binary(1);
    const t = this.toks[this.i];
    if (t.t !== T.End) throw new UserError(`unexpected '${t.s}' in expression '${this.text}'`);
    return v;
  }

  private constOf(v: Term, op: string): bigint {
    if (v.sym !== undefined && !this.r.locate(v.sym) && !/^\x01/.test(v.sym)) {
      this.r.unresolved(`'${v.sym}' is not defined (operator '${op}' needs a constant)`);
      return 0n;
    }
    if (v.sym !== undefined) throw new UserError(`operator '${op}' needs constant operands, '${v.sym}' is a relocatable symbol`);
    return v.add;
  }

  private binary(minPrec: number): Term {
    let left = this.unary();
    for (;;) {
      const t = this.toks[this.i];
      if (t.t !== T.Op) break;
      const p = BIN_PREC[t.s];
      if (p === undefined || p < minPrec) break;
      this.i++;
      const right = this.binary(p + 1);
      left = this.apply(t.s, left, right);
    }
    return left;
  }

  private apply(op: string, a: Term, b: Term): Term {
    if (op === '+') {
      if (a.sym !== undefined && b.sym !== undefined) throw new UserError(`cannot add two symbols ('${a.sym}' + '${b.sym}')`);
      const r: Term = { add: BigInt.asIntN(64, a.add + b.add), sym: a.sym ?? b.sym };
      const sub = a.sub ?? b.sub;
      if (sub) r.sub = sub;
      return r;
    }
    if (op === '-') {
      if (b.sym === undefined) {
        const r: Term = { add: BigInt.asIntN(64, a.add - b.add), sym: a.sym };
        if (a.sub) r.sub = a.sub;
        return r;
      }
      if (a.sym === undefined || b.sub) throw new UserError(`cannot negate relocatable symbol '${b.sym}'`);
      if (a.sub) throw new UserError(`expression too complex: '${a.sym}' minus two locations`);
      const la = this.r.locate(a.sym), lb = this.r.locate(b.sym);
      // `ext - .` or `sym_in_other_section - label`: a PC-relative value for a PREL relocation.
      if (lb && (!la || la.sec !== lb.sec)) return { add: BigInt.asIntN(64, a.add - b.add), sym: a.sym, sub: { sec: lb.sec, off: lb.off } };
      if (!la || !lb) {
        this.r.unresolved(`'${!la ? a.sym : b.sym}' is not defined (the difference of two symbols needs both defined in this file)`);
        return C(0n);
      }
      if (la.sec !== lb.sec) throw new UserError(`cannot subtract symbols in different sections ('${a.sym}' - '${b.sym}')`);
      return C(la.off + a.add - lb.off - b.add);
    }
    const x = this.constOf(a, op), y = this.constOf(b, op);
    switch (op) {
      case '*': return C(x * y);
      case '/': case '%': {
        if (y === 0n) throw new UserError('division by zero in expression');
        return C(op === '/' ? x / y : x % y);
      }
      case '<<': return C(y >= 64n || y < 0n ? 0n : x << y);
      case '>>': return C(y >= 64n || y < 0n ? 0n : BigInt.asUintN(64, x) >> y);
      case '|': return C(x | y);
      case '&': return C(x & y);
      case '^': return C(x ^ y);
      case '!': return C(x | ~y);
      case '==': return C(x === y ? TRUE : 0n);
      case '!=': case '<>': return C(x !== y ? TRUE : 0n);
      case '<': return C(x < y ? TRUE : 0n);
      case '<=': return C(x <= y ? TRUE : 0n);
      case '>': return C(x > y ? TRUE : 0n);
      case '>=': return C(x >= y ? TRUE : 0n);
      case '&&': return C(x !== 0n && y !== 0n ? 1n : 0n);
      case '||': return C(x !== 0n || y !== 0n ? 1n : 0n);
    }
    throw new UserError(`unknown operator '${op}'`);
  }

  private unary(): Term {
    const t = this.toks[this.i];
    if (t.t === T.Op && (t.s === '-' || t.s === '~' || t.s === '!' || t.s === '+')) {
      this.i++;
      const v = this.unary();
      if (t.s === '+') return v;
      const x = this.constOf(v, t.s);
      return C(t.s === '-' ? -x : t.s === '~' ? ~x : x === 0n ? 1n : 0n);
    }
    return this.primary();
  }

  private primary(): Term {
    const t = this.toks[this.i++];
    switch (t.t) {
      case T.Num: return { add: t.v! };
      case T.LParen: {
        const v = this.binary(1);
        const c = this.toks[this.i++];
        if (c.t !== T.RParen) throw new UserError(`missing ')' in expression '${this.text}'`);
        return v;
      }
      case T.Ident: {
        if (t.s === '.') return this.r.dot();
        const local = /^([0-9]+)([bf])$/.exec(t.s);
        if (local) return { add: 0n, sym: this.r.numericLabel(local[1], local[2] as 'b' | 'f') };
        return this.r.lookup(t.s);
      }
      case T.End: throw new UserError(this.text.trim() === '' ? 'missing expression' : `expression '${this.text}' ends unexpectedly`);
      default: throw new UserError(`unexpected '${t.s}' in expression '${this.text}'`);
    }
  }
}

const SIMPLE = /^(?:((?:0[xX][0-9a-fA-F]+|[1-9][0-9]*|0))|([A-Za-z_.$][A-Za-z0-9_.$]*))$/;

/** Evaluate `text`, which may begin with a `:modifier:`. */
export function evaluate(text: string, r: SymbolResolver): EvalResult {
  let s = text.trim();
  if (s.startsWith('#')) s = s.slice(1).trim();
  let mod: string | undefined;
  const m = /^:([A-Za-z0-9_]+):/.exec(s);
  if (m) {
    mod = m[1].toLowerCase();
    s = s.slice(m[0].length);
  }
  let v: Term;
  const simple = SIMPLE.exec(s);
  if (simple) {
    // A lone decimal/hex number or symbol: skip the tokenizer.
    if (simple[1] !== undefined) v = { add: BigInt.asIntN(64, BigInt(simple[1])) };
    else if (simple[2] === '.') v = r.dot();
    else v = r.lookup(simple[2]);
  } else v = new Parser(tokenize(s), r, s).parse();
  return mod ? { ...v, mod } : v;
}

/** Evaluate to a constant, or throw. */
export function evaluateConst(text: string, r: SymbolResolver, what = 'expression'): bigint {
  const v = evaluate(text, r);
  if (v.mod) throw new UserError(`${what} cannot use a relocation modifier (:${v.mod}:)`);
  if (v.sym !== undefined) {
    r.unresolved(`${what} must be a constant, but '${text.trim()}' depends on symbol '${v.sym}'`);
    return 0n;
  }
  return v.add;
}
