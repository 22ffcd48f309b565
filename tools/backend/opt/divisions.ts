// Integer divisions by a register (lower.ts divRem): each tests its divisor for zero
// (`cbz {u1}, {T0}`), and `x % y` computes its own quotient. Here, after GVN:
//  - a divisor known non-zero loses its test: a non-zero constant, `v | c` (c a non-zero
//    constant), or a value tested before: the same register, defined once, tested earlier in
//    the block or in a block that dominates this one, its definition dominating that test (so
//    the test saw the value this division divides by);
//  - `x % y` after `x / y` of the same operands in one block (neither redefined between) is one
//    `msub` from that quotient, and `x / y` after `x % y` reuses the quotient the remainder
//    computed (a signed one keeps its INT_MIN / -1 test).
import type { MBlock, MFunc, MInst } from '../ir/mir.ts';
import { dominators } from './licm.ts';

const DIV_S = 'cbz {u1}, {T0}\ncmn {u1}, #1\nccmp {u0}, #1, #0, eq\nb.vs {T1}\nsdiv {d0}, {u0}, {u1}';
const DIV_U = 'cbz {u1}, {T0}\nudiv {d0}, {u0}, {u1}';
const REM = /^cbz \{u1\}, \{T0\}\n([su]div) \{d1\}, \{u0\}, \{u1\}\nmsub \{d0\}, \{d1\}, \{u1\}, \{u0\}$/;
const OVERFLOW = 'cmn {u1}, #1\nccmp {u0}, #1, #0, eq\nb.vs {T0}';
const OVERFLOW_KIND = 2;

type Kind = { op: 'sdiv' | 'udiv'; rem: boolean };
function kindOf(i: MInst): Kind | null {
  if (i.t === DIV_S) return { op: 'sdiv', rem: false };
  if (i.t === DIV_U) return { op: 'udiv', rem: false };
  const m = REM.exec(i.t);
  return m ? { op: m[1] as 'sdiv' | 'udiv', rem: true } : null;
}

const isNonZeroConst = (i: MInst) => i.uses.length === 0 && i.defs.length === 1 && !i.call && /^(movz|movn|orr \{d0\}, [wx]zr, #)/.test(i.t);

export function simplifyDivisions(f: MFunc): void {
  const defs = new Map<number, { inst: MInst; block: number; pos: number }>();
  const defCount = new Map<number, number>();
  for (const b of f.blocks) b.insts.forEach((i, pos) => i.defs.forEach((d) => (defCount.set(d, (defCount.get(d) ?? 0) + 1), defs.set(d, { inst: i, block: b.id, pos }))));
  const single = (v: number) => defCount.get(v) === 1;
  const nonZero = (v: number): boolean => {
    if (!single(v)) return false;
    const i = defs.get(v)!.inst;
    if (isNonZeroConst(i)) return true;
    if (/^orr \{d0\}, \{u0\}, #/.test(i.t)) return true;
    if (i.t === 'orr {d0}, {u0}, {u1}') return i.uses.some((u) => u !== v && single(u) && isNonZeroConst(defs.get(u)!.inst));
    return false;
  };
  if (![...f.blocks].some((b) => b.insts.some(kindOf))) return;
  const idom = dominators(f);
  const dominates = (a: number, b: number) => {
    for (let x = b; ; x = idom.get(x)!) {
      if (x === a) return true;
      if (x === idom.get(x) || !idom.has(x)) return false;
    }
  };
  // Divisor tests, by register: (block, position) of each (single-definition registers only).
  const tests = new Map<number, { block: number; pos: number }[]>();
  for (const b of f.blocks) {
    b.insts.forEach((i, pos) => {
      const k = kindOf(i);
      if (!k || !single(i.uses[1])) return;
      const d = defs.get(i.uses[1])!;
      if (!(d.block === b.id ? d.pos < pos : dominates(d.block, b.id))) return; // the test must see this value
      if (!tests.has(i.uses[1])) tests.set(i.uses[1], []);
      tests.get(i.uses[1])!.push({ block: b.id, pos });
    });
  }
  const testedBefore = (v: number, block: number, pos: number) => (tests.get(v) ?? []).some((t) => (t.block === block ? t.pos < pos : t.block !== block && dominates(t.block, block)));
  for (const b of f.blocks) simplifyBlock(b, (v, pos) => nonZero(v) || testedBefore(v, b.id, pos));
}

function simplifyBlock(b: MBlock, known: (v: number, pos: number) => boolean) {
  // Quotients available in this block: key (op, width, dividend, divisor) -> quotient register.
  const quotients = new Map<string, number>();
  const key = (k: Kind, i: MInst) => `${k.op} ${i.w ?? 'w'} ${i.uses[0]} ${i.uses[1]}`;
  b.insts.forEach((i, pos) => {
    const k = kindOf(i);
    const kk = k ? key(k, i) : '';
    if (k) {
      const [a, d] = i.uses;
      const q = quotients.get(kk);
      if (k.rem && q !== undefined) {
        // a - q * d, q = a / d computed above (which tested d for zero and trapped on overflow).
        Object.assign(i, { t: 'msub {d0}, {u2}, {u1}, {u0}', uses: [a, d, q], defs: [i.defs[0]], stubs: undefined, ec: undefined, pure: true });
      } else if (!k.rem && q !== undefined) {
        if (k.op === 'sdiv') Object.assign(i, { t: `${OVERFLOW}\nmov {d0}, {u2}`, uses: [a, d, q], stubs: [{ kind: OVERFLOW_KIND }] });
        else Object.assign(i, { t: 'mov {d0}, {u0}', uses: [q], stubs: undefined, pure: true, move: true });
      } else if (known(d, pos)) {
        if (k.rem) Object.assign(i, { t: `${k.op} {d1}, {u0}, {u1}\nmsub {d0}, {d1}, {u1}, {u0}`, stubs: undefined, pure: true });
        else if (k.op === 'sdiv') Object.assign(i, { t: `${OVERFLOW}\nsdiv {d0}, {u0}, {u1}`, stubs: [{ kind: OVERFLOW_KIND }] });
        else Object.assign(i, { t: 'udiv {d0}, {u0}, {u1}', stubs: undefined, pure: true });
      }
    }
    // What this instruction defines ends the quotients that read or hold it.
    for (const dv of i.defs) for (const [other, q] of quotients) if (q === dv || other.split(' ').slice(2).includes(String(dv))) quotients.delete(other);
    if (k && (k.rem ? i.defs.length === 2 : true)) {
      const q = k.rem ? i.defs[1] : i.defs[0];
      const [, , a, d] = kk.split(' ').map(Number);
      if (q !== a && q !== d && !i.defs.includes(a) && !i.defs.includes(d)) quotients.set(kk, q);
    }
  });
}
