// Loop versioning for array bounds checks (see docs/backend-redundancy.md). For an innermost
// loop, the range of every checked index is derived symbolically, as 64-bit linear forms of
// values known before the loop:
//  - counters (stepped by +1 or by -1, at most once per iteration, without wrapping) tested
//    against loop-invariant bounds at the head (`i < n`, `i <= n`, `j >= 0`, `i < mid && j < hi`,
//    `i < a.length`) lie between their start and that bound;
//  - other counters lie within start + (0 .. trip count), where the trip count is at most the sum
//    of the tested counters' distances to their bounds when every iteration steps one of them;
//  - sums, differences and constant shifts of those and of loop invariants (`i + j`, `2 * t + 1`);
//  - masks and narrow loads have constant ranges (`(c ^ b) & 0xff`, `x >>> 24`, a loaded byte).
//  - a word loaded from an invariant address (`a.limbs`, `a.n`) is invariant when no store of
//    the loop reaches it: the guard loads it (inside memory) and tests that.
// A guard before the loop computes the lowest and highest index of each check and compares them
// with the array's length word (loaded only where inside memory: a null array cannot fault), and
// tests that the loop's stores, which go only to checked elements [P, P + length), reach no
// checked array's length word and do not wrap past 2^32. If all holds, a copy of the loop without
// those checks runs; otherwise the original, checked loop runs and aborts exactly where it would
// have. Loops with calls that may write memory, or other stores, are left alone.
import { naturalLoop, successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { branchOf, clobbersMemory, region } from './gvn.ts';

const INV: Record<string, string> = { lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo', eq: 'ne', ne: 'eq', hi: 'ls', ls: 'hi' };
const SWAP: Record<string, string> = { lt: 'gt', gt: 'lt', le: 'ge', ge: 'le' };
/** A condition on the NZCV immediate of a `ccmp` (N 8, Z 4, C 2, V 1). */
const HOLDS: Record<string, (f: number) => boolean> = {
  eq: (f) => !!(f & 4), ne: (f) => !(f & 4), hs: (f) => !!(f & 2), lo: (f) => !(f & 2),
  hi: (f) => !!(f & 2) && !(f & 4), ls: (f) => !(f & 2) || !!(f & 4),
  ge: (f) => !(f & 8) === !(f & 1), lt: (f) => !(f & 8) !== !(f & 1),
  gt: (f) => !(f & 4) && !(f & 8) === !(f & 1), le: (f) => !!(f & 4) || !(f & 8) !== !(f & 1),
};
/** A wasm store to base + zext(E), or to E where memory is at address 0: group 6 is E's use. */
const STORE = /^(str|strb|strh) (\{u(\d):([wxsd])\}|wzr|xzr), \[(\{u\d:x\}, )?\{u(\d):[wx]\}(, uxtw)?\]$/;
const INT32_MAX = (1n << 31n) - 1n;

export interface VersionOptions { memorySize: number; globalsApart?: boolean }

export function versionLoops(f: MFunc, opts: VersionOptions) {
  for (const l of [...(f.loops ?? [])]) {
    try {
      versionLoop(f, l, opts);
    } catch (e) {
      if (e !== SKIP) throw e;
    }
  }
}

const SKIP = new Error('skip');
function need(c: unknown): asserts c {
  if (!c) throw SKIP;
}

/** A 64-bit linear form: constant + sum of coefficient * symbol. Symbols: `s:<expr>` the
 *  sign-extended value of a loop-invariant expression, `u<k>:<expr>` its zext >> k. */
interface Lin { c: bigint; t: Map<string, bigint> }
const lin = (c: bigint, s?: string): Lin => ({ c, t: s ? new Map([[s, 1n]]) : new Map() });
function linAdd(a: Lin, b: Lin, k = 1n): Lin {
  const t = new Map(a.t);
  for (const [s, x] of b.t) {
    const y = (t.get(s) ?? 0n) + k * x;
    if (y) t.set(s, y);
    else t.delete(s);
  }
  return { c: a.c + k * b.c, t };
}
const linScale = (a: Lin, k: bigint): Lin => linAdd(lin(0n), a, k);
const linKey = (a: Lin) => `${a.c}${[...a.t].sort().map(([s, x]) => `+${x}*${s}`).join('')}`;
/** An index lies in [lo, hi] (as exact integers). */
interface Range { lo: Lin; hi: Lin }
/** A loop-invariant value, as a tree of pure instructions over vregs defined before the loop. */
type Expr = { v: number } | { i: MInst; args: Expr[] };
const exprKey = (e: Expr): string => ('v' in e ? `v${e.v}` : `(${e.i.t}|${e.i.w}|${e.args.map(exprKey).join(',')})`);
/** A load of a word the loop never stores to (the guard tests that): an invariant. Memory at
 *  address 0 (the address is a w vreg). */
const FIELD = /^ldr \{d0(:[wx])?\}, \[\{u0(:x)?\}(, #(\d+))?\]$/;
/** Instructions a guard may recompute from invariant operands. */
const CLONABLE = /^(add|sub|and|orr|eor|lsl|lsr|asr) \{d0\}, \{u0(:[wx])?\}(, (\{u1(:[wx])?\}|#\d+)(, (lsl|lsr|asr|uxtw) #\d+|, uxtw)?)?$/;

/** A checked array: its length word at A + 16, A = base + zext(H) (or H), H = P - 20. P is
 *  null when H's operand may have changed since H was computed: stores then test P - 20 == H. */
interface Arr { key: string; P: Expr | null; A: Expr; H: Expr; sh: number; stored: Expr[] | null; need: Range[] }
interface Test { v: number; dir: 1 | -1; bound: Lin; span: Lin; wrapGuard?: { cond: string; limit: bigint } }
type Loop = NonNullable<MFunc['loops']>[number];

function versionLoop(f: MFunc, l: Loop, opts: VersionOptions) {
  const live = new Set(f.blocks.map((b) => b.id));
  const ids = naturalLoop(f, l, live);
  const inLoop = new Set(ids);
  need(inLoop.has(l.head) && live.has(l.pre));
  // Innermost only: no other loop's header inside.
  need(!(f.loops ?? []).some((o) => o !== l && inLoop.has(o.head)));
  // No jump table inside: the copy would repeat the table's label (guarded-loads.ts gives its
  // copies tables of their own; this pass does not yet).
  need(!ids.some((id) => f.byId[id].insts.some((i) => i.jt)));
  const pre = f.byId[l.pre];
  const preJump = pre.insts[pre.insts.length - 1];
  need(preJump?.t === 'b {B0}' && preJump.targets![0] === l.head);

  // Vregs defined once in the whole function hold one value wherever used.
  const defCount = new Uint32Array(f.vregClass.length);
  const defOf = new Map<number, MInst>();
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) (defCount[d]++, defOf.set(d, i));
  /** e's top instruction: its own, or an invariant vreg's one def over operands defined once. */
  const top = (e: Expr): { i: MInst; args: Expr[] } | null => {
    if (!('v' in e)) return e;
    const d = defCount[e.v] === 1 ? defOf.get(e.v)! : null;
    if (!d || !d.pure || d.defs.length !== 1 || !CLONABLE.test(d.t) || !d.uses.every((u) => defCount[u] === 1)) return null;
    return { i: d, args: d.uses.map((u) => ({ v: u })) };
  };
  // Defs inside the loop: where.
  const inDefs = new Map<number, { b: number; p: number; i: MInst }[]>();
  for (const id of ids) f.byId[id].insts.forEach((i, p) => { for (const d of i.defs) { if (!inDefs.has(d)) inDefs.set(d, []); inDefs.get(d)!.push({ b: id, p, i }); } });
  // Predecessors within one iteration (no back edges).
  const preds = new Map<number, number[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const s of successors(f.byId[id])) if (inLoop.has(s) && s !== l.head) preds.get(s)!.push(id);

  // Within one iteration (paths from the header not back to it): reachability.
  const reach = (from: number, without: Set<number> = new Set()): Set<number> => {
    const seen = new Set<number>();
    const work = [from];
    while (work.length) {
      const id = work.pop()!;
      if (seen.has(id) || without.has(id)) continue;
      seen.add(id);
      for (const s of successors(f.byId[id])) if (inLoop.has(s) && s !== l.head) work.push(s);
    }
    return seen;
  };
  const maybeBefore = (db: number, dp: number, ub: number, up: number) => (db === ub ? dp < up : reach(db).has(ub));

  /** The defs of x that may reach (b, p) within the iteration; 'inv' when x is not defined in
   *  the loop; null when a value from an earlier iteration may reach it. */
  type Def = { b: number; p: number; i: MInst };
  const reaching = (x: number, b: number, p: number, memo = new Map<number, Def[] | null>()): Def[] | 'inv' | null => {
    if (!inDefs.has(x)) return 'inv';
    const insts = f.byId[b].insts;
    for (let q = Math.min(p, insts.length) - 1; q >= 0; q--) if (insts[q].defs.includes(x)) return [{ b, p: q, i: insts[q] }];
    if (b === l.head) return null; // (not defined on that path: from the last iteration)
    const out: Def[] = [];
    for (const pb of preds.get(b)!) {
      if (!memo.has(pb)) memo.set(pb, reaching(x, pb, Infinity, memo) as Def[] | null);
      const r = memo.get(pb)!;
      if (r === null) return null;
      for (const d of r) if (!out.some((o) => o.b === d.b && o.p === d.p)) out.push(d);
    }
    return out.length ? out : null;
  };
  const only = (x: number, b: number, p: number): Def | 'inv' | null => {
    const r = reaching(x, b, p);
    return r === 'inv' || r === null ? r : r.length === 1 ? r[0] : null;
  };

  /** x at (b, p) as a loop-invariant expression. */
  const invariant = (x: number, b: number, p: number, depth = 0): Expr | null => {
    const d = only(x, b, p);
    if (d === 'inv') return { v: x };
    if (!d || depth > 6) return null;
    if (d.i.move && d.i.uses.length === 1) return invariant(d.i.uses[0], d.b, d.p, depth + 1);
    if (d.i.load && FIELD.test(d.i.t) && (d.i.w === 'w' || d.i.w === 'x') && f.vregClass[d.i.uses[0]] === 'w') {
      const a = invariant(d.i.uses[0], d.b, d.p, depth + 1);
      return a && { i: d.i, args: [a] };
    }
    if (!d.i.pure || d.i.defs.length !== 1 || d.i.targets || !CLONABLE.test(d.i.t)) return null;
    const args = d.i.uses.map((u) => invariant(u, d.b, d.p, depth + 1));
    return args.every((a) => a) ? { i: d.i, args: args as Expr[] } : null;
  };

  /** Symbols of invariant expressions (see Lin). */
  const symbols = new Map<string, { e: Expr; shift: number | null }>();
  const symOf = (e: Expr, shift: number | null = null): string => {
    const name = `${shift === null ? 's' : `u${shift}`}:${exprKey(e)}`;
    symbols.set(name, { e, shift });
    return name;
  };
  // Counters: vregs whose one def in the loop is `add x, x, #1` (or `sub`), perhaps through a
  // copy `mov t, x; add x, t, #1`. The def runs at most once per iteration (no inner cycles).
  const counters = new Map<number, { b: number; p: number; dir: 1 | -1 }>();
  for (const [x, ds] of inDefs) {
    if (ds.length !== 1) continue;
    const { b, p, i } = ds[0];
    const m = /^(add|sub) \{d0\}, \{u0\}, #1$/.exec(i.t);
    if (!m || i.w !== 'w') continue;
    const src = i.uses[0];
    const sd = src === x ? null : only(src, b, p);
    if (src === x || (sd && sd !== 'inv' && sd.i.move && sd.i.uses[0] === x && only(x, sd.b, sd.p) === null)) counters.set(x, { b, p, dir: m[1] === 'add' ? 1 : -1 });
  }

  // Exit tests at the head of the loop, in a chain of pure blocks each leaving the loop on one
  // side: `v rel B` with v a counter and B invariant (a vreg, a constant, or a length >> k).
  const tests: Test[] = [];
  const firstRuns: MInst[][] = []; // (re-run in the guard: the first iteration runs at all)
  const bound = (x: number, shift: number | null, hb: number, hp: number): Lin | null => {
    const e = invariant(x, hb, hp);
    return e && lin(0n, symOf(e, shift));
  };
  const chain = new Set<number>();
  for (let id = l.head; ; ) {
    const b = f.byId[id];
    const br = branchOf(b) ?? ccmpBranch(b);
    const isCc = !!br && /^ccmp /.test(b.insts[br.start].t);
    if (!br || !b.insts.slice(0, br.start - (isCc ? 1 : 0)).every((i) => (i.pure || i.load) && !i.targets)) break;
    if (inLoop.has(br.taken) === inLoop.has(br.fall)) break;
    const [out, stayId] = inLoop.has(br.taken) ? [br.fall, br.taken] : [br.taken, br.fall];
    // (branchOf takes the flag setter just before the branch; a `ccmp` before it is its first half)
    const cmpI = b.insts[br.start];
    const cc = br.start > 0 ? /^ccmp \{u0\}, (\{u1\}|#\d+), #(\d+), (\w+)$/.exec(cmpI.t) : null;
    const parts: { i: MInst; cond: string }[] = [];
    const exitCond = (c: string) => (out === br.taken ? INV[c] : c); // stay condition
    if (cc) {
      const first = b.insts[br.start - 1];
      need(/^cmp /.test(first.t) && !first.defs.length);
      // Conjunctive: when the first compare fails, the NZCV immediate must make the loop exit.
      const nzcv = Number(cc[2]);
      need(out === br.taken ? HOLDS[br.cond]?.(nzcv) : HOLDS[br.cond] && !HOLDS[br.cond](nzcv));
      parts.push({ i: first, cond: cc[3] }, { i: { ...cmpI, t: `cmp {u0}, ${cc[1]}` }, cond: exitCond(br.cond) });
    } else parts.push({ i: cmpI, cond: exitCond(br.cond) });
    const ts = parts.map(({ i, cond }) => parseTest(i, cond, id, br.start));
    if (!ts.every((t) => t)) break; // (an unsigned compare here is a bounds check)
    tests.push(...(ts as Test[]));
    const run = cc ? [b.insts[br.start - 1], cmpI, b.insts[br.start + 1]] : [cmpI, b.insts[br.start + 1]];
    // (re-run before the loop: its operands must hold their values from before the loop there)
    // (re-run before the loop when its operands hold their values from before the loop there)
    if (run.every((i) => i.uses.every((u) => reaching(u, id, br.start) === null || reaching(u, id, br.start) === 'inv'))) firstRuns.push(run);
    chain.add(id);
    if (preds.get(stayId)?.length !== 1 || stayId === l.head) break;
    id = stayId;
  }
  function parseTest(i: MInst, stay: string, hb: number, hp: number): Test | null {
    if (i.w !== 'w' || !['lt', 'le', 'gt', 'ge'].includes(stay)) return null;
    let m: RegExpExecArray | null;
    let v: number;
    let B: Lin | null;
    if ((m = /^cmp \{u0\}, #(\d+)(, lsl #12)?$/.exec(i.t))) (v = i.uses[0]), (B = lin(BigInt(m[1]) << (m[2] ? 12n : 0n)));
    else if ((m = /^cmp \{u0\}, \{u1\}, lsr #(\d+)$/.exec(i.t))) (v = i.uses[0]), (B = bound(i.uses[1], Number(m[1]), hb, hp));
    else if (i.t === 'cmp {u0}, {u1}') {
      if (counters.has(i.uses[0])) (v = i.uses[0]), (B = bound(i.uses[1], null, hb, hp));
      else (v = i.uses[1]), (B = bound(i.uses[0], null, hb, hp)), (stay = SWAP[stay]);
    } else return null;
    const c = counters.get(v);
    // (the test sees the counter's value from the start of the iteration)
    if (!B || !c || reaching(v, hb, hp) !== null) return null;
    const v0 = lin(0n, symOf({ v }));
    if (c.dir === 1 && (stay === 'lt' || stay === 'le')) {
      const top = stay === 'lt' ? linAdd(B, lin(-1n)) : B; // highest value at the test
      return { v, dir: 1, bound: top, span: linAdd(linAdd(top, v0, -1n), lin(1n)), wrapGuard: stay === 'le' ? { cond: 'ge', limit: INT32_MAX } : undefined };
    }
    if (c.dir === -1 && (stay === 'gt' || stay === 'ge')) {
      const bot = stay === 'gt' ? linAdd(B, lin(1n)) : B; // lowest value at the test
      return { v, dir: -1, bound: bot, span: linAdd(linAdd(v0, bot, -1n), lin(1n)), wrapGuard: stay === 'ge' ? { cond: 'le', limit: -INT32_MAX - 1n } : undefined };
    }
    return null;
  }
  need(tests.length);
  const tested = new Map(tests.map((t) => [t.v, t]));
  // Trip count bound: every iteration steps a tested counter (no path to a latch avoids them all).
  const latches = ids.filter((id) => successors(f.byId[id]).includes(l.head));
  const stepBlocks = new Set(tests.map((t) => counters.get(t.v)!.b));
  const trips: Lin | null = latches.length && latches.every((lt) => !reach(l.head, stepBlocks).has(lt)) ? tests.reduce((s, t) => linAdd(s, t.span), lin(0n)) : null;

  /** The ranges x may hold at (b, p), one per reaching definition (exact integers whose value
   *  mod 2^32 is x's). */
  const ranges = (x: number, b: number, p: number, depth = 0): Range[] | null => {
    if (depth > 8) return null;
    const c = counters.get(x);
    if (c) {
      const e = BigInt(maybeBefore(c.b, c.p, b, p));
      const x0 = lin(0n, symOf({ v: x }));
      const t = tested.get(x);
      if (t) return [c.dir === 1 ? { lo: x0, hi: linAdd(t.bound, lin(e)) } : { lo: linAdd(t.bound, lin(-e)), hi: x0 }];
      if (!trips) return null;
      const far = linAdd(trips, lin(e - 1n)); // steps taken so far, at most
      return [c.dir === 1 ? { lo: x0, hi: linAdd(x0, far) } : { lo: linAdd(x0, far, -1n), hi: x0 }];
    }
    const inv = f.vregClass[x] === 'w' ? invariant(x, b, p) : null;
    if (inv && !('v' in inv)) return [{ lo: lin(0n, symOf(inv)), hi: lin(0n, symOf(inv)) }];
    const ds = reaching(x, b, p);
    if (ds === 'inv') return f.vregClass[x] === 'w' ? [{ lo: lin(0n, symOf({ v: x })), hi: lin(0n, symOf({ v: x })) }] : null;
    if (!ds || ds.length > 4) return null;
    const out: Range[] = [];
    for (const d of ds) {
      const r = defRange(d, depth);
      if (!r) return null;
      out.push(...r);
    }
    return out.length <= 8 ? out : null;
  };
  const defRange = ({ b, p, i }: Def, depth: number): Range[] | null => {
    const sub = (k: number) => ranges(i.uses[k], b, p, depth + 1);
    const konst = (lo: bigint, hi: bigint): Range[] => [{ lo: lin(lo), hi: lin(hi) }];
    if (i.move && i.uses.length === 1) return sub(0);
    if (i.load) {
      if (/^ldrb \{d0(:w)?\}/.test(i.t)) return konst(0n, 255n);
      if (/^ldrh \{d0(:w)?\}/.test(i.t)) return konst(0n, 65535n);
      return null;
    }
    if (!i.pure || i.w !== 'w' || i.defs.length !== 1) return null;
    let m: RegExpExecArray | null;
    if ((m = /^(add|sub) \{d0\}, \{u0\}, #(\d+)(, lsl #12)?$/.exec(i.t))) {
      const k = (BigInt(m[2]) << (m[3] ? 12n : 0n)) * (m[1] === 'add' ? 1n : -1n);
      return sub(0)?.map((r) => ({ lo: linAdd(r.lo, lin(k)), hi: linAdd(r.hi, lin(k)) })) ?? null;
    }
    if ((m = /^(add|sub) \{d0\}, \{u0\}, \{u1\}(, lsl #(\d+))?$/.exec(i.t))) {
      const a = sub(0);
      const bb = sub(1);
      if (!a || !bb || a.length * bb.length > 8) return null;
      const s = 1n << BigInt(m[3] ? Number(m[3]) : 0);
      const out: Range[] = [];
      for (const x of a) for (const y of bb) out.push(m[1] === 'add' ? { lo: linAdd(x.lo, y.lo, s), hi: linAdd(x.hi, y.hi, s) } : { lo: linAdd(x.lo, y.hi, -s), hi: linAdd(x.hi, y.lo, -s) });
      return out;
    }
    if ((m = /^lsl \{d0\}, \{u0\}, #(\d+)$/.exec(i.t)) && Number(m[1]) < 31) {
      const s = 1n << BigInt(m[1]);
      return sub(0)?.map((r) => ({ lo: linScale(r.lo, s), hi: linScale(r.hi, s) })) ?? null;
    }
    if ((m = /^and \{d0\}, \{u0\}, #(0x[0-9a-f]+|\d+)$/.exec(i.t)) && BigInt(m[1]) <= INT32_MAX) return konst(0n, BigInt(m[1]));
    if ((m = /^lsr \{d0\}, \{u0\}, #(\d+)$/.exec(i.t)) && Number(m[1]) >= 1 && Number(m[1]) < 32) return konst(0n, (1n << BigInt(32 - Number(m[1]))) - 1n);
    if (/^uxtb /.test(i.t)) return konst(0n, 255n);
    if (/^uxth /.test(i.t)) return konst(0n, 65535n);
    if (!i.uses.length) {
      const v = movConst(i.t);
      if (v !== null) return konst(v, v);
    }
    return null;
  };

  // Arrays: length word loaded from A = base + zext(H) (or A = H, memory at address 0), with
  // H = P - 20 and P invariant.
  const arrays = new Map<string, Arr>();
  const arrayAt = (len: number, b: number, p: number, sh: number): Arr | null => {
    // (loaded in the loop, or before it when nothing in the loop writes it)
    const l0 = only(len, b, p);
    const ld = l0 === 'inv' ? (defCount[len] === 1 ? { i: defOf.get(len)!, b: -1, p: -1 } : null) : l0;
    if (!ld || !ld.i.load || ld.i.t !== 'ldr {d0:w}, [{u0:x}, #16]') return null;
    const A = ld.b < 0 ? (defCount[ld.i.uses[0]] === 1 ? { v: ld.i.uses[0] } : null) : invariant(ld.i.uses[0], ld.b, ld.p);
    if (!A) return null;
    const a = top(A);
    const BASED = 'add {d0}, {u0}, {u1:w}, uxtw';
    if (!a && ('v' in A ? defOf.get(A.v)?.t === BASED : A.i.t === BASED)) return null;
    const H = a && a.i.t === BASED && a.i.w === 'x' ? a.args[1] : A;
    const h = top(H);
    const P = h && h.i.t === 'sub {d0}, {u0}, #20' && h.i.w === 'w' ? h.args[0] : null;
    const key = P ? exprKey(P) : `H${exprKey(H)}`;
    const old = arrays.get(key);
    if (old) return old.sh === sh ? old : null;
    const r: Arr = { key, P, A, H, sh, stored: null, need: [] };
    arrays.set(key, r);
    return r;
  };

  const checks: { b: number; start: number; to: number }[] = [];
  for (const id of ids) {
    if (chain.has(id)) continue;
    const b = f.byId[id];
    const cb = branchOf(b);
    if (!cb) continue;
    const cm = /^cmp \{u0\}, \{u1\}(, lsr #([123]))?$/.exec(b.insts[cb.start].t);
    if (!cm || (cb.cond !== 'lo' && cb.cond !== 'hs') || b.insts[cb.start].w !== 'w') continue;
    // (checks not understood stay in the copy)
    const arr = arrayAt(cb.uses[1], id, cb.start, cm[2] ? Number(cm[2]) : 0);
    const ix = arr && ranges(cb.uses[0], id, cb.start);
    if (!arr || !ix) continue;
    arr.need.push(...ix);
    checks.push({ b: id, start: cb.start, to: cb.cond === 'lo' ? cb.taken : cb.fall });
  }
  need(checks.length);
  // Every store goes to a checked element of one of those arrays, with its index in range.
  for (const id of ids) {
    f.byId[id].insts.forEach((i, p) => {
      if (!clobbersMemory(i)) return;
      need(!i.call); // (calls that write nothing do not clobber)
      const m = STORE.exec(i.t);
      if (!i.store || !m || !m[5] !== !m[7]) {
        const r = region(i, !!opts.globalsApart);
        need(r !== null && r !== 'mem');
        return;
      }
      const size = m[1] === 'strb' ? 0 : m[1] === 'strh' ? 1 : /x|d/.test(m[4] ?? m[2]) ? 3 : 2;
      const e = only(i.uses[Number(m[6])], id, p);
      need(e && e !== 'inv' && e.i.w === 'w' && e.i.defs.length === 1);
      const em = /^add \{d0\}, \{u0\}, \{u1\}(, lsl #([123]))?$/.exec(e.i.t);
      need(em && (em[2] ? Number(em[2]) : 0) === size);
      // P + (index << size), P invariant (either order when size is 0).
      // An array whose P is not known matches when it is the only one of that size, under a
      // test P - 20 == H before the loop.
      let arr: Arr | undefined;
      let ix = 1;
      let P: Expr | null = null;
      const unknown = [...arrays.values()].filter((a) => !a.P && a.sh === size);
      for (const k of size ? [0] : [0, 1]) {
        P = invariant(e.i.uses[k], e.b, e.p);
        arr = P ? [...arrays.values()].find((a) => a.key === exprKey(P!) && a.sh === size) ?? (unknown.length === 1 ? unknown[0] : undefined) : undefined;
        if (arr) {
          ix = 1 - k;
          break;
        }
      }
      need(arr && P);
      const r = ranges(e.i.uses[ix], e.b, e.p);
      need(r);
      arr.stored ??= [];
      if (!arr.P && !arr.stored.some((q) => exprKey(q) === exprKey(P!))) arr.stored.push(P);
      arr.need.push(...r);
    });
  }

  // Each array's distinct index ranges; constant bounds decided now.
  const needs = new Map<Arr, Range[]>();
  for (const arr of arrays.values()) {
    const seen = new Map<string, Range>();
    for (const q of arr.need) seen.set(`${linKey(q.lo)}|${linKey(q.hi)}`, q);
    const qs = [...seen.values()];
    need(qs.every((q) => (q.lo.t.size || q.lo.c >= 0n) && (q.hi.t.size || q.hi.c <= INT32_MAX)));
    needs.set(arr, qs);
  }

  // ---- Build: guard chain, then the unchecked copy.
  const newBlock = (depth: number): MBlock => {
    const b: MBlock = { id: f.byId.length, insts: [], loopDepth: depth };
    f.byId.push(b);
    return b;
  };
  const vreg = (c: 'w' | 'x') => f.vregClass.push(c) - 1;
  const I = (t: string, defs: number[], uses: number[], w: 'w' | 'x', extra: Partial<MInst> = {}): MInst => ({ t, defs, uses, w, pure: true, ...extra });
  const guards: MBlock[] = [];
  const block = () => {
    const b = newBlock(pre.loopDepth);
    guards.push(b);
    return b;
  };
  let cur = block();
  const jump = (to: number): MInst => ({ t: 'b {B0}', defs: [], uses: [], targets: [to] });
  /** `cmp`, then to `to` if `cond`, else on in a new block. */
  const test = (cmp: MInst, cond: string, to = l.head) => {
    const next = block();
    cur.insts.push(cmp, { t: `b.${cond} {B0}`, defs: [], uses: [], targets: [to] }, jump(next.id));
    cur = next;
  };
  const konst = (val: bigint): number => {
    const d = vreg('x');
    const parts: string[] = [];
    const u = BigInt.asUintN(64, val);
    for (let s = 0n; s < 64n; s += 16n) {
      const h = (u >> s) & 0xffffn;
      if (h) parts.push(`${parts.length ? 'movk' : 'movz'} {d0}, #0x${h.toString(16)}, lsl #${s}`);
    }
    cur.insts.push(I(parts.length ? parts.join('\n') : 'mov {d0}, xzr', [d], [], 'x'));
    return d;
  };
  const cmp = (t: string, uses: number[], w: 'w' | 'x'): MInst => ({ t, defs: [], uses, w });
  // The first iteration runs at all (else the original loop just exits).
  for (const run of firstRuns) {
    const br = run[run.length - 1];
    const exitTo = br.targets![0];
    const next = block();
    const exits = !inLoop.has(exitTo);
    cur.insts.push(...run.slice(0, -1).map((i) => ({ ...i, uses: [...i.uses] })), { ...br, targets: [exits ? l.head : next.id] });
    cur.insts.push(jump(exits ? next.id : l.head));
    cur = next;
  }
  // Values before the loop, 64-bit.
  const built = new Map<string, number>();
  const builtSym = new Map<string, number>();
  const builtLin = new Map<string, number>();
  const fields: { at: number; size: number }[] = []; // words loaded before the loop (64-bit addresses)
  const buildExpr = (e: Expr): number => {
    const key = exprKey(e);
    let r = built.get(key);
    if (r !== undefined) return r;
    if ('v' in e) r = e.v;
    else if (e.i.load) {
      // Inside memory (loading cannot fault), and no store of the loop may reach it (below).
      const m = FIELD.exec(e.i.t)!;
      const size = (m[1] ?? `:${e.i.w}`) === ':x' ? 8 : 4;
      const at = vreg('x');
      const addr = buildExpr(e.args[0]); // (before `cur.insts`: building may start a new block)
      cur.insts.push(I('ubfx {d0:x}, {u0:x}, #0, #32', [at], [addr], 'x'));
      const off = Number(m[4] ?? 0);
      const end = vreg('x');
      cur.insts.push(I('add {d0}, {u0}, #' + (off + size), [end], [at], 'x'));
      test(cmp('cmp {u0}, {u1}', [end, konst(BigInt(opts.memorySize))], 'x'), 'hi');
      const lo = vreg('x');
      cur.insts.push(I('add {d0}, {u0}, #' + off, [lo], [at], 'x'));
      fields.push({ at: lo, size });
      r = vreg(e.i.w as 'w' | 'x');
      cur.insts.push({ ...e.i, defs: [r], uses: [built.get(exprKey(e.args[0]))!] });
    } else {
      r = vreg(e.i.w as 'w' | 'x');
      const uses = e.args.map(buildExpr);
      cur.insts.push({ ...e.i, defs: [r], uses });
    }
    built.set(key, r);
    return r;
  };
  const sym = (s: string): number => {
    let r = builtSym.get(s);
    if (r !== undefined) return r;
    const { e, shift } = symbols.get(s)!;
    const v = buildExpr(e);
    r = vreg('x');
    if (shift === null) cur.insts.push(I('sxtw {d0:x}, {u0:w}', [r], [v], 'x'));
    else cur.insts.push(I(`ubfx {d0:x}, {u0:x}, #${shift}, #${32 - shift}`, [r], [v], 'x'));
    builtSym.set(s, r);
    return r;
  };
  const buildLin = (a: Lin): number => {
    const key = linKey(a);
    let r = builtLin.get(key);
    if (r !== undefined) return r;
    let acc: number | null = null;
    for (const [s, k] of [...a.t].sort((x, y) => Number(y[1] > 0n) - Number(x[1] > 0n))) {
      const v = sym(s);
      const d = vreg('x');
      if (acc === null && k === 1n) {
        acc = v;
        continue;
      }
      if (k === 1n || k === -1n) cur.insts.push(I(`${k === 1n ? 'add' : 'sub'} {d0}, {u0}, {u1}`, [d], [acc ?? konst(0n), v], 'x'));
      else cur.insts.push(I('madd {d0}, {u0}, {u1}, {u2}', [d], [v, konst(k), acc ?? konst(0n)], 'x'));
      acc = d;
    }
    if (acc === null) r = konst(a.c);
    else if (a.c === 0n) r = acc;
    else if (a.c > -4096n && a.c < 4096n) {
      r = vreg('x');
      cur.insts.push(I(`${a.c > 0n ? 'add' : 'sub'} {d0}, {u0}, #${a.c > 0n ? a.c : -a.c}`, [r], [acc], 'x'));
    } else {
      r = vreg('x');
      cur.insts.push(I('add {d0}, {u0}, {u1}', [r], [acc, konst(a.c)], 'x'));
    }
    builtLin.set(key, r);
    return r;
  };
  // `i <= n` steps i past n only when n is INT32_MAX (and `j >= n` when n is INT32_MIN).
  for (const t of tests) {
    if (!t.wrapGuard) continue;
    test(cmp('cmp {u0}, {u1}', [buildLin(t.bound), konst(t.wrapGuard.limit)], 'x'), t.wrapGuard.cond);
  }
  const len = new Map<string, number>(); // array -> its length word
  const lim = konst(BigInt(opts.memorySize - 20));
  for (const arr of arrays.values()) {
    // The length word lies inside memory (a null array's does not): loading it cannot fault.
    const h = buildExpr(arr.H);
    const a = buildExpr(arr.A);
    test(cmp('cmp {u0}, {u1:w}, uxtw', [lim, h], 'x'), 'lo');
    const V = vreg('w');
    cur.insts.push({ t: 'ldr {d0:w}, [{u0:x}, #16]', defs: [V], uses: [a], w: 'w', load: true });
    len.set(arr.key, V);
    const n = vreg('w');
    cur.insts.push(I(`lsr {d0}, {u0}, #${arr.sh}`, [n], [V], 'w'));
    for (const q of needs.get(arr)!) {
      // Lowest index >= 0, highest < length.
      if (q.lo.t.size) test(cmp('cmp {u0}, #0', [buildLin(q.lo)], 'x'), 'lt');
      test(cmp('cmp {u0}, {u1:w}, uxtw', [buildLin(q.hi), n], 'x'), 'ge');
    }
  }
  // No store reaches another array's length word: [P_a, P_a + V_a) misses [H_b + 16, H_b + 20),
  // with no wrap-around past 2^32.
  const top32 = konst(1n << 32n);
  const spans: [number, number][] = [];
  /** To `ok` when [p, e) lies below lo or from hi up, else to the original loop. */
  const apart = (p: number, e: number, lo: number, hi: number) => {
    const ok = newBlock(pre.loopDepth);
    test(cmp('cmp {u0}, {u1}', [e, lo], 'x'), 'ls', ok.id);
    test(cmp('cmp {u0}, {u1}', [hi, p], 'x'), 'hi');
    cur.insts.push(jump(ok.id));
    guards.push(ok);
    cur = ok;
  };
  for (const a of arrays.values()) {
    if (!a.stored) continue;
    const h = buildExpr(a.H);
    for (const P of a.stored) {
      const p20 = vreg('w');
      const pv = buildExpr(P);
      cur.insts.push(I('sub {d0}, {u0}, #20', [p20], [pv], 'w'));
      test(cmp('cmp {u0}, {u1}', [p20, h], 'w'), 'ne');
    }
    // P = H + 20 (H is at most the memory size - 20).
    const ha = vreg('x');
    const pa = vreg('x');
    const ea = vreg('x');
    cur.insts.push(I('ubfx {d0:x}, {u0:x}, #0, #32', [ha], [h], 'x'), I('add {d0}, {u0}, #20', [pa], [ha], 'x'));
    cur.insts.push(I('add {d0}, {u0}, {u1:w}, uxtw', [ea], [pa, len.get(a.key)!], 'x'));
    test(cmp('cmp {u0}, {u1}', [ea, top32], 'x'), 'hi');
    spans.push([pa, ea]);
    for (const b of arrays.values()) {
      if (b === a) continue;
      const hb = vreg('x');
      const bh = buildExpr(b.H);
      cur.insts.push(I('ubfx {d0:x}, {u0:x}, #0, #32', [hb], [bh], 'x'));
      const lb = vreg('x');
      const ub = vreg('x');
      cur.insts.push(I('add {d0}, {u0}, #16', [lb], [hb], 'x'), I('add {d0}, {u0}, #20', [ub], [hb], 'x'));
      apart(pa, ea, lb, ub);
    }
  }
  // Nor any word the guard loaded as an invariant (a field: `a.limbs`, `a.n`).
  for (const [pa, ea] of spans) {
    for (const { at, size } of fields) {
      const hi = vreg('x');
      cur.insts.push(I(`add {d0}, {u0}, #${size}`, [hi], [at], 'x'));
      apart(pa, ea, at, hi);
    }
  }

  // The copy: same registers (locals live on after the loop), checks replaced by jumps.
  const map = new Map<number, number>();
  const first = f.byId.length;
  for (const id of ids) map.set(id, newBlock(f.byId[id].loopDepth).id);
  for (const id of ids) {
    const c = f.byId[map.get(id)!];
    c.insts = f.byId[id].insts.map((i) => {
      const n: MInst = { ...i, defs: [...i.defs], uses: [...i.uses] };
      if (i.targets) n.targets = i.targets.map((t) => map.get(t) ?? t);
      if (i.call) n.call = { ...i.call, args: i.call.args === i.uses ? n.uses : [...i.call.args], rets: [...i.call.rets] };
      return n;
    });
  }
  for (const ch of checks) {
    const c = f.byId[map.get(ch.b)!];
    c.insts.splice(ch.start, c.insts.length - ch.start, { t: 'b {B0}', defs: [], uses: [], targets: [map.get(ch.to)!] });
  }
  cur.insts.push(jump(map.get(l.head)!));
  // Length loads the copy no longer uses (they cannot fault: the guard loaded them).
  const copyIds = ids.map((id) => map.get(id)!);
  const used = new Set<number>();
  for (const id of copyIds) for (const i of f.byId[id].insts) for (const u of i.uses) used.add(u);
  const lenLoad = (i: MInst, id: number, p: number) => {
    if (!i.load || i.t !== 'ldr {d0:w}, [{u0:x}, #16]' || used.has(i.defs[0])) return false;
    const A = invariant(i.uses[0], id, p);
    return !!A && [...arrays.values()].some((a) => exprKey(a.A) === exprKey(A));
  };
  // Words the guard loaded and proved unchanged by the loop: the copy takes the guard's value.
  const guarded = (i: MInst, id: number, p: number): number | undefined => {
    if (!i.load || !FIELD.test(i.t) || i.defs.length !== 1) return undefined;
    const e = invariant(i.defs[0], id, p + 1);
    return e && !('v' in e) && e.i === i ? built.get(exprKey(e)) : undefined;
  };
  for (const id of ids) {
    const c = f.byId[map.get(id)!];
    const orig = f.byId[id].insts;
    const same = (p: number) => p < orig.length && p < c.insts.length && c.insts[p].t === orig[p].t;
    const drop = new Set(orig.map((i, p) => (lenLoad(i, id, p) ? p : -1)).filter((p) => p >= 0 && same(p)));
    orig.forEach((i, p) => {
      const g = same(p) && !drop.has(p) ? guarded(i, id, p) : undefined;
      if (g !== undefined) c.insts[p] = { t: 'mov {d0}, {u0}', defs: [...i.defs], uses: [g], w: 'x', move: true, pure: true };
    });
    if (drop.size) c.insts = c.insts.filter((_, p) => !drop.has(p));
  }
  // Unreachable copies (the abort paths) are dropped.
  const reachable = new Set<number>();
  const work = [map.get(l.head)!];
  while (work.length) {
    const id = work.pop()!;
    if (reachable.has(id) || !copyIds.includes(id)) continue;
    reachable.add(id);
    for (const s of successors(f.byId[id])) work.push(s);
  }
  preJump.targets = [guards[0].id];
  const at = f.blocks.indexOf(pre) + 1;
  f.blocks.splice(at, 0, ...guards);
  const lastIdx = Math.max(...ids.map((id) => f.blocks.indexOf(f.byId[id])));
  const inOrder = f.blocks.filter((b) => inLoop.has(b.id)).map((b) => f.byId[map.get(b.id)!]);
  f.blocks.splice(lastIdx + 1, 0, ...inOrder.filter((b) => reachable.has(b.id)));
  f.loops!.push({ head: map.get(l.head)!, pre: cur.id, first, last: f.byId.length - 1, depth: l.depth });
}

/** The value of a `movz`/`movk` sequence (or `mov {d0}, wzr`), else null. */
function movConst(t: string): bigint | null {
  if (/^mov \{d0(:w)?\}, wzr$/.test(t)) return 0n;
  let v = 0n;
  for (const line of t.split('\n')) {
    const m = /^(movz|movk) \{d0(:w)?\}, #(0x[0-9a-f]+|\d+)(, lsl #(\d+))?$/.exec(line);
    if (!m) return null;
    v |= BigInt(m[3]) << BigInt(m[5] ?? 0);
  }
  return v <= INT32_MAX ? v : null;
}

/** A block ending `cmp; ccmp; b.cond; b` (branchOf takes only cmp, cmn and tst). */
function ccmpBranch(b: MBlock): { start: number; cond: string; taken: number; fall: number } | null {
  const n = b.insts.length;
  if (n < 4) return null;
  const [c, j] = [b.insts[n - 2], b.insts[n - 1]];
  const m = /^b\.(\w+) \{B0\}$/.exec(c.t);
  if (!m || !HOLDS[m[1]] || j.t !== 'b {B0}' || !c.targets || c.stubs || !/^ccmp /.test(b.insts[n - 3].t)) return null;
  return { start: n - 3, cond: m[1], taken: c.targets[0], fall: j.targets![0] };
}
