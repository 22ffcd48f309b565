// Loads that leave a loop under a runtime alias test (loop versioning for memory). An array's
// length word, an object's field, the buffer pointer inside an object: loaded on every
// iteration because the loop stores somewhere, though the stores never reach them. For an
// innermost loop whose every memory write has a byte range fixed before the loop —
//  - a store at an invariant address A: [A, A + width);
//  - a checked element store `P + (idx << sh)` under `idx <u V >> sh` (V any value): within
//    [P, P + V), with P and V invariant (or loads hoisted here);
// and whose calls write no memory, a guard before the loop loads the candidates once (only
// where inside memory, so that the speculative load cannot fault) and tests in 64 bits that no
// store range overlaps any hoisted load's bytes. If all holds, a copy of the loop with those
// loads replaced by the guard's values runs: no store of it changes a hoisted word (by
// induction: the ranges are computed from the hoisted values, which stay right), so the values
// stay right. Otherwise the original loop runs. Pairs decided statically need no test: a store
// off the same invariant base at other bytes, or a checked element store (sh >= 2) and its own
// array's length word at P - 4 (the offsets from P it can write are below 2^32 - 2^sh, modulo
// 2^32). GVN and loop versioning for bounds checks (opt/version.ts) then see invariant lengths.
import { naturalLoop, successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { branchOf, clobbersMemory, isGlobalLoad, region } from './gvn.ts';
import { READS_FLAGS } from './licm.ts';
import { accessOf, sameBaseDisjoint, type Access } from './alias.ts';
import { liveIns } from '../ir/liveness.ts';

export interface GuardedLoadOptions { memorySize: number; globalsApart?: boolean }

/** At most this many hoisted values used in the loop (each holds a register through it), and
 *  this many instructions moved in all. */
const MAX_LIVE = 10;
const MAX_HOISTED = 48;
/** At most this many runtime overlap tests per loop. */
const MAX_TESTS = 16;
const SETS_FLAGS = /\b(adds|subs|ands|bics|negs|adcs|sbcs|cmp|cmn|tst|ccmp|ccmn|fcmpe?)\b/;

/** An element's address: P + idx, P + (idx << sh). */
const ELEM_ADDR = /^add \{d0\}, \{u0\}, \{u1\}(?:, lsl #([0-3]))?$/;

type Loop = NonNullable<MFunc['loops']>[number];

/** Where a store may write: nowhere a candidate load reads (`none`), a fixed range, or a
 *  checked element range [P, P + V). */
type Range = { kind: 'fixed'; acc: Access } | { kind: 'elem'; p: number; v: number; sh: number };

export function hoistGuardedLoads(f: MFunc, opts: GuardedLoadOptions): boolean {
  let changed = false;
  for (const l of [...(f.loops ?? [])]) if (versionLoop(f, l, opts)) changed = true;
  return changed;
}

function versionLoop(f: MFunc, l: Loop, opts: GuardedLoadOptions): boolean {
  const apart = !!opts.globalsApart;
  const live = new Set(f.blocks.map((b) => b.id));
  if (!live.has(l.head) || !live.has(l.pre)) return false;
  const body = naturalLoop(f, l, live);
  const all = new Set(body);
  if (!all.has(l.head)) return false;
  // Blocks the copy leaves for the original loop (at their start): inner loops, and blocks
  // writing memory where no range is known (a call that writes memory: interp's `print`).
  // A store's range can be known only at an address set before the loop or of the shape of
  // an element's (P + idx << sh).
  const defIn = new Set<number>();
  for (const id of all) for (const i of f.byId[id].insts) for (const d of i.defs) defIn.add(d);
  const defCount = new Uint32Array(f.vregClass.length);
  const defOf = new Map<number, MInst>();
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) (defCount[d]++, defOf.set(d, i));
  const single = (v: number) => (defCount[v] === 1 ? defOf.get(v)! : null);
  const ranged = (i: MInst) => {
    const a = i.store ? accessOf(i) : null;
    return !!a && (!defIn.has(a.base) || ELEM_ADDR.test(single(a.base)?.t ?? ''));
  };
  const bad = new Set<number>();
  for (const o of f.loops ?? []) if (o !== l && all.has(o.head)) for (let id = o.first; id <= o.last; id++) if (all.has(id)) bad.add(id);
  for (const id of all) {
    for (const i of f.byId[id].insts) {
      if (!clobbersMemory(i)) continue;
      const harmless = i.call ? apart && !!i.call.writes && !i.call.writes.mem : ranged(i) || (apart && ![null, 'mem'].includes(region(i, apart)));
      if (!harmless) bad.add(id);
    }
  }
  if (bad.has(l.head)) return false;
  // The copy's blocks: those reached from the header without entering a bad one.
  const inLoop = new Set<number>();
  const work = [l.head];
  while (work.length) {
    const id = work.pop()!;
    if (inLoop.has(id)) continue;
    inLoop.add(id);
    for (const s of successors(f.byId[id])) if (all.has(s) && !bad.has(s) && s !== l.head) work.push(s);
  }
  const ids = body.filter((id) => inLoop.has(id));
  // Some iterations must avoid the bad blocks (else each would pay for a test).
  if (!ids.some((id) => successors(f.byId[id]).includes(l.head))) return false;
  const pre = f.byId[l.pre];
  const preJump = pre.insts[pre.insts.length - 1];
  if (preJump?.t !== 'b {B0}' || preJump.targets![0] !== l.head) return false;

  const definedIn = new Map<number, number>(); // register -> its definitions in the loop
  const where = new Map<MInst, { b: number; p: number }>();
  for (const id of all) f.byId[id].insts.forEach((i, p) => { where.set(i, { b: id, p }); for (const d of i.defs) definedIn.set(d, (definedIn.get(d) ?? 0) + 1); });

  // Iteration dominators (the loop without its back edges), for the checks before stores and
  // for the uses a hoisted definition reaches.
  const { idom, preds } = iterationDominators(f, l.head, inLoop);
  const dominates = (a: number, b: number) => {
    for (let x: number | undefined = b; x !== undefined; x = idom.get(x)) if (x === a) return true;
    return false;
  };
  /** Whether (db, dp) runs before (ub, up) on every path of an iteration to the latter. */
  const before = (d: { b: number; p: number }, u: { b: number; p: number }) => (d.b === u.b ? d.p < u.p : dominates(d.b, u.b));

  // The copy's memory writes: stores (its calls write only globals).
  const stores: { i: MInst; b: number; p: number; acc: Access }[] = [];
  for (const id of ids) {
    f.byId[id].insts.forEach((i, p) => {
      const acc = i.store ? accessOf(i) : null;
      if (acc) stores.push({ i, b: id, p, acc });
    });
  }
  if (!stores.length) return false; // (LICM's business)

  // Candidates: loads with an invariant base, and pure instructions computing from them. A
  // register is known at a point if the loop does not define it, or its one definition in
  // the loop is a candidate that runs before that point (a local assigned the load, too).
  const hoist: MInst[] = [];
  const hoisted = new Set<MInst>();
  const known = (v: number, at: { b: number; p: number }): boolean => {
    if (!definedIn.has(v)) return true;
    const d = definedIn.get(v) === 1 ? [...hoisted].find((h) => h.defs[0] === v) : undefined;
    return !!d && (defCount[v] === 1 || before(where.get(d)!, at));
  };
  // Wasm globals the copy writes (apart from memory, a global's load never faults, and only
  // these writes can change it).
  const globalsWritten = new Set<string | null>();
  for (const id of ids) {
    for (const i of f.byId[id].insts) {
      if (!clobbersMemory(i)) continue;
      if (i.call) for (const g of i.call.writes?.globals ?? [null]) globalsWritten.add(g);
      else if (!i.store) globalsWritten.add(region(i, apart));
    }
  }
  const globalLoad = (i: MInst) => apart && isGlobalLoad(i) && !globalsWritten.has(null) && !globalsWritten.has(region(i, apart));
  const eligible = (i: MInst) => i.defs.length === 1 && definedIn.get(i.defs[0]) === 1 && !i.targets && !i.call && !i.stubs && !i.entry && !i.ret && !i.jt;
  const excluded = new Set<MInst>();
  const collect = () => {
    hoist.length = 0;
    hoisted.clear();
    for (let grew = true; grew; ) {
      grew = false;
      for (const id of ids) {
        for (const i of f.byId[id].insts) {
          if (hoisted.has(i) || excluded.has(i) || !eligible(i)) continue;
          const at = where.get(i)!;
          const acc = i.load ? accessOf(i) : null;
          const ok = acc ? f.vregClass[acc.base] === 'w' && known(acc.base, at) && acc.off + acc.size <= opts.memorySize
            : globalLoad(i) ? i.uses.every((u) => known(u, at))
            : i.pure && /^adrp \{d0\}, __wasm_global_\d+$/.test(i.t) ? true
            : i.pure && !i.move && !READS_FLAGS.test(i.t) && !SETS_FLAGS.test(i.t) && i.uses.length > 0 && i.uses.every((u) => known(u, at)) && i.uses.some((u) => definedIn.has(u));
          if (!ok) continue;
          hoist.push(i);
          hoisted.add(i);
          grew = true;
        }
      }
    }
  };

  /** Blocks on some path from `from` to `to` within one iteration. */
  const between = (from: number, to: number): Set<number> => {
    const fwd = new Set<number>();
    const work = [from];
    while (work.length) {
      const id = work.pop()!;
      if (fwd.has(id)) continue;
      fwd.add(id);
      if (id !== to) for (const s of successors(f.byId[id])) if (inLoop.has(s) && s !== l.head) work.push(s);
    }
    const out = new Set<number>();
    const back2 = [to];
    while (back2.length) {
      const id = back2.pop()!;
      if (out.has(id) || !fwd.has(id)) continue;
      out.add(id);
      if (id !== from) for (const p of preds.get(id) ?? []) back2.push(p);
    }
    return out;
  };
  /** The element store's bound: its address `P + (idx << sh)` with `idx <u V >> sh` checked on
   *  every path to it, idx unchanged since; where P and V are read (for `known`). */
  type Elem = { p: number; v: number; sh: number; pAt: { b: number; p: number }; vAt: { b: number; p: number } };
  const elemOf = (s: (typeof stores)[number]): Elem | null => {
    if (s.acc.off !== 0) return null;
    const ad = single(s.acc.base);
    const m = ad && ELEM_ADDR.exec(ad.t);
    if (!ad || !m || ad.w !== 'w' || !ad.pure) return null;
    const sh = Number(m[1] ?? 0);
    if (s.acc.size > 1 << sh) return null;
    // (P, idx): with no shift, either operand may be the index.
    const forms = sh ? [ad.uses] : [ad.uses, [ad.uses[1], ad.uses[0]]];
    const pAt = where.get(ad) ?? s;
    for (let x = s.b; x !== l.head; ) {
      const c = idom.get(x);
      if (c === undefined) return null;
      const br = branchOf(f.byId[c]);
      const cmp = br && f.byId[c].insts[br.start];
      const cm = cmp && /^cmp \{u0\}, \{u1\}(?:, lsr #([1-3]))?$/.exec(cmp.t);
      const form = br && forms.find((fm) => fm[1] === br.uses[0]);
      if (br && cmp && cm && form && cmp.w === 'w' && Number(cm[1] ?? 0) === sh && (br.cond === 'lo' || br.cond === 'hs')) {
        const [p, idx] = form;
        const into = br.cond === 'lo' ? br.taken : br.fall;
        if (inLoop.has(into) && (preds.get(into) ?? []).length === 1 && dominates(into, s.b)) {
          // idx is not redefined from the check to the store, and the address is computed
          // after the check (or from a single-definition idx).
          const span = between(into, s.b);
          let addrAfter = false;
          let clobbered = false;
          for (const id of span) {
            const insts = f.byId[id].insts;
            const end = id === s.b ? s.p : insts.length;
            for (let k = 0; k < end; k++) {
              if (insts[k].defs.includes(idx)) clobbered = true;
              if (insts[k] === ad) addrAfter = true;
            }
          }
          if (!clobbered && (addrAfter || defCount[idx] === 1)) return { p, v: br.uses[1], sh, pAt, vAt: { b: c, p: br.start } };
        }
      }
      x = c;
    }
    return null;
  };
  const elems = new Map(stores.map((s) => [s, elemOf(s)]));

  /** Whether store `s` provably misses load `ld`, provably hits it, or needs a test. */
  const relation = (s: (typeof stores)[number], ld: MInst): 'miss' | 'hit' | 'test' => {
    const la = accessOf(ld)!;
    if (known(s.acc.base, s) && s.acc.base === la.base) return sameBaseDisjoint(s.acc, la) ? 'miss' : 'hit';
    const e = elems.get(s);
    if (e && e.sh >= 2 && la.off === 16 && la.size === 4) {
      const h = single(la.base); // the length word: [P - 20 + 16]
      if (h && h.t === 'sub {d0}, {u0}, #20' && h.w === 'w' && h.uses[0] === e.p && known(e.p, e.pAt)) return 'miss';
    }
    return 'test';
  };
  const rangeOf = (s: (typeof stores)[number]): Range | null => {
    if (known(s.acc.base, s) && f.vregClass[s.acc.base] === 'w') return { kind: 'fixed', acc: s.acc };
    const e = elems.get(s);
    return e && known(e.p, e.pAt) && known(e.v, e.vAt) ? { kind: 'elem', p: e.p, v: e.v, sh: e.sh } : null;
  };

  // Drop candidates a store provably hits or that cannot be tested, until stable.
  let tests: { s: (typeof stores)[number]; r: Range; ld: MInst }[] = [];
  for (let round = 0; ; round++) {
    if (round > 8) return false;
    collect();
    let dropped = false;
    tests = [];
    for (const ld of hoist) {
      if (!ld.load || !accessOf(ld)) continue; // (a global's load: no store reaches it)
      for (const s of stores) {
        const rel = relation(s, ld);
        if (rel === 'miss') continue;
        const r = rel === 'test' ? rangeOf(s) : null;
        if (!r) {
          excluded.add(ld);
          dropped = true;
          break;
        }
        tests.push({ s, r, ld });
      }
    }
    if (!dropped) break;
  }
  // Worth it, and within bounds: registers held through the loop, the guard's length.
  // Hoisted instructions computing the same (the same global's load in every case of a
  // switch) become one: `canon` maps each result to the first.
  const canon = new Map<number, number>();
  const c = (v: number) => canon.get(v) ?? v;
  const firstOf = new Map<string, number>();
  for (const h of hoist) {
    const key = `${h.t}|${h.w}|${h.uses.map(c).join(',')}`;
    const first = firstOf.get(key);
    if (first !== undefined) canon.set(h.defs[0], first);
    else firstOf.set(key, h.defs[0]);
  }
  const usedIn = new Set<number>();
  for (const id of ids) for (const i of f.byId[id].insts) if (!hoisted.has(i)) for (const u of i.uses) usedIn.add(u);
  const liveThrough = new Set(hoist.filter((i) => usedIn.has(i.defs[0])).map((i) => c(i.defs[0]))).size;
  const pairs = new Set(tests.map((t) => `${rangeKey(t.r, c)}|${c(accessOf(t.ld)!.base)}`));
  if (!hoist.some((i) => i.load && accessOf(i)) || liveThrough > MAX_LIVE || firstOf.size > MAX_HOISTED || pairs.size > MAX_TESTS) return false;
  // In the copy, a hoisted definition is dropped and its uses read the guard's register; one
  // assigning a local (or read after the loop) becomes a copy from it, and only the uses it
  // reaches read the guard's register.
  const outside = new Set<number>();
  for (const b of f.blocks) if (!all.has(b.id)) for (const i of b.insts) for (const u of i.uses) outside.add(u);
  const keep = new Set(hoist.filter((h) => defCount[h.defs[0]] !== 1 || outside.has(h.defs[0])));
  const reaches = (h: MInst, i: MInst) => !keep.has(h) || before(where.get(h)!, where.get(i)!);
  buildVersion(f, l, ids, inLoop, all, hoist, c, keep, reaches, tests, opts);
  return true;
}

/** A store range's identity, with hoisted results identified by `c`. */
function rangeKey(r: Range, c: (v: number) => number): string {
  return r.kind === 'fixed' ? `f|${c(r.acc.base)}|${r.acc.off}|${r.acc.size}` : `e|${c(r.p)}|${c(r.v)}`;
}

/** Immediate dominators of the loop's blocks over one iteration (edges back to the header
 *  left out), and each block's predecessors there. */
function iterationDominators(f: MFunc, head: number, inLoop: Set<number>): { idom: Map<number, number>; preds: Map<number, number[]> } {
  const order: number[] = [];
  const seen = new Set<number>();
  const dfs = (id: number) => {
    seen.add(id);
    for (const s of successors(f.byId[id])) if (inLoop.has(s) && s !== head && !seen.has(s)) dfs(s);
    order.push(id);
  };
  dfs(head);
  const rpo = order.reverse();
  const index = new Map(rpo.map((id, k) => [id, k]));
  const preds = new Map<number, number[]>(rpo.map((id) => [id, []]));
  for (const id of rpo) for (const s of successors(f.byId[id])) if (s !== head && preds.has(s)) preds.get(s)!.push(id);
  const idom = new Map<number, number>();
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (index.get(a)! > index.get(b)!) a = a === head ? head : idom.get(a)!;
      while (index.get(b)! > index.get(a)!) b = b === head ? head : idom.get(b)!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of rpo.slice(1)) {
      const ps = preds.get(id)!.filter((p) => p === head || idom.has(p));
      if (!ps.length) continue;
      let d = ps[0];
      for (const p of ps.slice(1)) d = intersect(p, d);
      if (idom.get(id) !== d) (idom.set(id, d), (changed = true));
    }
  }
  return { idom, preds };
}

function buildVersion(f: MFunc, l: Loop, ids: number[], inLoop: Set<number>, all: Set<number>, hoist: MInst[], c: (v: number) => number, keep: Set<MInst>, reaches: (h: MInst, i: MInst) => boolean, tests: { s: { i: MInst }; r: Range; ld: MInst }[], opts: GuardedLoadOptions) {
  const pre = f.byId[l.pre];
  const preJump = pre.insts[pre.insts.length - 1];
  const live = liveIns(f);
  const newBlock = (): MBlock => {
    const b: MBlock = { id: f.byId.length, insts: [], loopDepth: pre.loopDepth };
    f.byId.push(b);
    return b;
  };
  const vreg = (c: 'w' | 'x') => f.vregClass.push(c) - 1;
  const I = (t: string, defs: number[], uses: number[], w: 'w' | 'x'): MInst => ({ t, defs, uses, w, pure: true });
  const jump = (to: number): MInst => ({ t: 'b {B0}', defs: [], uses: [], targets: [to] });
  const guards: MBlock[] = [];
  // Where a failing test goes: a preheader of the original loop.
  const orig = newBlock();
  orig.insts.push(jump(l.head));
  let cur = newBlock();
  guards.push(cur);
  const test = (cmp: MInst, cond: string, to = orig.id) => {
    const next = newBlock();
    guards.push(next);
    cur.insts.push(cmp, { t: `b.${cond} {B0}`, defs: [], uses: [], targets: [to] }, jump(next.id));
    cur = next;
  };
  const konst = (val: bigint): number => {
    const d = vreg('x');
    const parts: string[] = [];
    for (let s = 0n; s < 64n; s += 16n) {
      const h = (val >> s) & 0xffffn;
      if (h) parts.push(`${parts.length ? 'movk' : 'movz'} {d0}, #0x${h.toString(16)}, lsl #${s}`);
    }
    cur.insts.push(I(parts.length ? parts.join('\n') : 'mov {d0}, xzr', [d], [], 'x'));
    return d;
  };
  const zexts = new Map<string, number>();
  /** zext(w) + add, in 64 bits (computed once each). */
  const zext = (w: number, add = 0): number => {
    const key = `${w}+${add}`;
    let d = zexts.get(key);
    if (d !== undefined) return d;
    d = vreg('x');
    if (add) cur.insts.push(I(`add {d0}, {u0}, #${add}`, [d], [zext(w)], 'x'));
    else cur.insts.push(I('ubfx {d0:x}, {u0:x}, #0, #32', [d], [w], 'x'));
    zexts.set(key, d);
    return d;
  };

  // The hoisted instructions, in order, on fresh registers; a load only inside memory.
  const map = new Map<number, number>();
  const m = (v: number) => map.get(v) ?? v;
  // Loads off one base: one test that the highest byte among them is inside memory, and one
  // byte range [lowest, highest) for the overlap tests.
  const extent = new Map<number, { lo: number; hi: number }>();
  for (const i of hoist) {
    const a = i.load ? accessOf(i) : null;
    if (!a) continue;
    const e = extent.get(c(a.base));
    extent.set(c(a.base), { lo: Math.min(e?.lo ?? a.off, a.off), hi: Math.max(e?.hi ?? 0, a.off + a.size) });
  }
  const inMemory = new Set<number>();
  for (const i of hoist) {
    if (c(i.defs[0]) !== i.defs[0]) {
      map.set(i.defs[0], m(c(i.defs[0])));
      continue;
    }
    const uses = i.uses.map(m);
    const a = i.load ? accessOf(i) : null;
    if (a && !inMemory.has(c(a.base))) {
      inMemory.add(c(a.base));
      const lim = konst(BigInt(opts.memorySize - extent.get(c(a.base))!.hi));
      test({ t: 'cmp {u0}, {u1:w}, uxtw', defs: [], uses: [lim, m(a.base)], w: 'x' }, 'lo');
    }
    const d = vreg(f.vregClass[i.defs[0]] as 'w' | 'x');
    cur.insts.push({ ...i, defs: [d], uses });
    map.set(i.defs[0], d);
  }
  // No store range overlaps a hoisted load's bytes (64-bit arithmetic: no wrap-around).
  const top32 = tests.some((t) => t.r.kind === 'elem') ? konst(1n << 32n) : -1;
  const ranges = new Map<string, [number, number]>();
  const tested = new Set<string>();
  for (const t of tests) {
    const la = accessOf(t.ld)!;
    const rk = rangeKey(t.r, c);
    if (tested.has(`${rk}|${c(la.base)}`)) continue;
    tested.add(`${rk}|${c(la.base)}`);
    let sr = ranges.get(rk);
    if (!sr) {
      if (t.r.kind === 'fixed') {
        const lo = zext(m(t.r.acc.base), t.r.acc.off);
        sr = [lo, zext(m(t.r.acc.base), t.r.acc.off + t.r.acc.size)];
      } else {
        const lo = zext(m(t.r.p));
        const hi = vreg('x');
        cur.insts.push(I('add {d0}, {u0}, {u1:w}, uxtw', [hi], [lo, m(t.r.v)], 'x'));
        test({ t: 'cmp {u0}, {u1}', defs: [], uses: [hi, top32], w: 'x' }, 'hi');
        sr = [lo, hi];
      }
      ranges.set(rk, sr);
    }
    const ext = extent.get(c(la.base))!;
    const llo = zext(m(la.base), ext.lo);
    const lhi = zext(m(la.base), ext.hi);
    const ok = newBlock();
    test({ t: 'cmp {u0}, {u1}', defs: [], uses: [sr[1], llo], w: 'x' }, 'ls', ok.id); // store range below
    test({ t: 'cmp {u0}, {u1}', defs: [], uses: [lhi, sr[0]], w: 'x' }, 'hi'); // or above
    cur.insts.push(jump(ok.id));
    guards.push(ok);
    cur = ok;
  }

  // The copy: same registers, hoisted instructions gone, their results renamed.
  const bmap = new Map<number, number>();
  const first = f.byId.length;
  for (const id of ids) {
    const b: MBlock = { id: f.byId.length, insts: [], loopDepth: f.byId[id].loopDepth };
    f.byId.push(b);
    bmap.set(id, b.id);
  }
  const byDef = new Map(hoist.map((h) => [h.defs[0], h]));
  const rename = (i: MInst) => (u: number) => {
    const h = byDef.get(u);
    return h && reaches(h, i) ? m(u) : u;
  };
  // Into a block the copy leaves for (the original loop's), with the hoisted values the
  // original would hold there: by the copy's invariant, those of the guard.
  const last = f.byId.length - 1;
  const transfers = new Map<number, number>();
  const transfer = (t: number): number => {
    let b = transfers.get(t);
    if (b !== undefined) return b;
    const x = newBlock();
    x.loopDepth = f.byId[t].loopDepth;
    for (const h of hoist) if (!keep.has(h) && live.get(t)?.has(h.defs[0])) x.insts.push({ t: 'mov {d0}, {u0}', defs: [h.defs[0]], uses: [m(h.defs[0])], w: 'x', move: true, pure: true });
    x.insts.push(jump(t));
    transfers.set(t, x.id);
    return x.id;
  };
  for (const id of ids) {
    const c = f.byId[bmap.get(id)!];
    c.insts = f.byId[id].insts.filter((i) => !hoist.includes(i) || keep.has(i)).map((i) => {
      if (keep.has(i)) return { t: 'mov {d0}, {u0}', defs: [...i.defs], uses: [m(i.defs[0])], w: 'x', move: true, pure: true };
      const n: MInst = { ...i, defs: [...i.defs], uses: i.uses.map(rename(i)) };
      if (i.targets) n.targets = i.targets.map((t) => bmap.get(t) ?? (all.has(t) ? transfer(t) : t));
      if (i.jt) {
        // A jump table of the copy's own (its targets are the copy's blocks), addressed from
        // the guard.
        n.jt = `${i.jt}_v${first}`;
        const tab = vreg('x');
        cur.insts.push(I(`adrp {d0}, ${n.jt}\nadd {d0}, {d0}, :lo12:${n.jt}`, [tab], [], 'x'));
        n.uses[1] = tab;
      }
      if (i.call) n.call = { ...i.call, args: i.call.args === i.uses ? n.uses : i.call.args.map(rename(i)), rets: [...i.call.rets] };
      return n;
    });
  }

  cur.insts.push(jump(bmap.get(l.head)!));
  preJump.targets = [guards[0].id];
  const at = f.blocks.indexOf(pre) + 1;
  f.blocks.splice(at, 0, ...guards, orig);
  const lastIdx = Math.max(...ids.map((id) => f.blocks.indexOf(f.byId[id])));
  const inOrder = f.blocks.filter((b) => inLoop.has(b.id)).map((b) => f.byId[bmap.get(b.id)!]);
  f.blocks.splice(lastIdx + 1, 0, ...inOrder, ...[...transfers.values()].map((id) => f.byId[id]));
  l.pre = orig.id;
  f.loops!.push({ head: bmap.get(l.head)!, pre: cur.id, first, last, depth: l.depth });
  // Once the original loop has run the rest of an iteration, the next one tests again.
  if (transfers.size) {
    for (const id of all) for (const i of f.byId[id].insts) if (i.targets) i.targets = i.targets.map((t) => (t === l.head ? guards[0].id : t));
  }
}
