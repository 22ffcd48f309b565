// A minimal operand-expression evaluator for using the encoder without the assembler
// (tests, benchmarks, the backend's text path): integers (decimal, 0x, 0b, 0o, leading-0 octal, char 'c'),
// unary -/~, + - * / << >> & | ^ with parentheses; a bare symbol (plus/minus a constant) and
// `:modifier:symbol` give symbol values. The real assembler supplies its own evaluator.
import { UserError } from '../common/diagnostics.ts';
import type { ExprValue, OperandContext } from './api.ts';

const TOKEN = /\s*(0x[0-9a-f]+|0b[01]+|0o[0-7]+|\d+|[A-Za-z_.$][\w.$]*|<<|>>|'.'|[-+*/()~&|^])/iy;

const PLAIN = /^(-?)(0x[0-9a-f]+|[1-9]\d*|0)$/i;

export function simpleEvalExpr(text: string): ExprValue {
  let t = text.trim();
  const plain = PLAIN.exec(t); // the common case: a plain number
  if (plain) return { kind: 'const', value: plain[1] ? -BigInt(plain[2]) : BigInt(plain[2]) };
  let modifier: string | undefined;
  const mm = /^:([a-z0-9_]+):/i.exec(t);
  if (mm) {
    modifier = mm[1].toLowerCase();
    t = t.slice(mm[0].length);
  }
  const toks: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < t.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(t);
    if (!m) throw new UserError(`bad expression '${text}'`);
    toks.push(m[1]);
    pos = TOKEN.lastIndex;
    while (pos < t.length && t[pos] === ' ') pos++;
  }
  let i = 0;
  let symbol: string | undefined;
  const num = (s: string): bigint => {
    if (/^'.'$/.test(s)) return BigInt(s.charCodeAt(1));
    if (/^0[0-7]+$/.test(s)) return BigInt('0o' + s.slice(1)); // GNU as: a leading 0 is octal
    if (/^\d/.test(s)) return BigInt(s.toLowerCase().startsWith('0o') ? '0o' + s.slice(2) : s);
    if (symbol !== undefined || !/^[A-Za-z_.$]/.test(s)) throw new UserError(`bad expression '${text}'`);
    symbol = s;
    return 0n;
  };
  const prim = (): bigint => {
    const tk = toks[i++];
    if (tk === undefined) throw new UserError(`bad expression '${text}'`);
    if (tk === '(') {
      const v = bin(0);
      if (toks[i++] !== ')') throw new UserError(`missing ')' in '${text}'`);
      return v;
    }
    if (tk === '-') return -prim();
    if (tk === '+') return prim();
    if (tk === '~') return ~prim();
    return num(tk);
  };
  const PREC: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6 };
  const bin = (minPrec: number): bigint => {
    let l = prim();
    for (;;) {
      const op = toks[i];
      const p = PREC[op];
      if (p === undefined || p <= minPrec - 1 || p < minPrec) return l;
      i++;
      const r = bin(p + 1);
      switch (op) {
        case '+': l += r; break;
        case '-': l -= r; break;
        case '*': l *= r; break;
        case '/': if (r === 0n) throw new UserError('division by zero'); l /= r; break;
        case '<<': l <<= r; break;
        case '>>': l >>= r; break;
        case '&': l &= r; break;
        case '|': l |= r; break;
        case '^': l ^= r; break;
      }
    }
  };
  const v = bin(0);
  if (i !== toks.length) throw new UserError(`bad expression '${text}'`);
  if (symbol !== undefined) return { kind: 'symbol', symbol, addend: v, modifier };
  return { kind: 'const', value: v };
}

export function simpleContext(pc = 0): OperandContext {
  return { evalExpr: simpleEvalExpr, pc };
}
