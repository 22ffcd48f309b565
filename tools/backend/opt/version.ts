// Loop versioning for array bounds checks against a bound other than the array's own length
// (`for (let m = lo; m < hi; m++) a[m] = tmp[m]`). For an innermost loop whose header exits
// when a counter v (stepped by +1 exactly once per iteration) reaches an invariant bound B
// (signed `v < B`), and whose every bounds check indexes `w + c` for some counter w (stepped by
// +1 at most once per iteration), a guard before the loop computes, in 64 bits, the whole index
// range each check can see and tests it against the array's length word; it also tests that no
// store of the loop can reach any checked array's length word (stores go only to checked
// elements, so through [P, P + len)). If all holds, a copy of the loop without those checks
// runs; otherwise the original, checked loop runs and aborts exactly where it would have.
// The guard loads a length word only where the load cannot fault (inside the fixed memory).
import { successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { branchOf, clobbersMemory, region } from './gvn.ts';

const INV: Record<string, string> = { lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo' };
/** A wasm store to base + zext(E), or to E where memory is at address 0: group 5 is E's use. */
const STORE = /^str (\{u(\d):([wxsd])\}|wzr|xzr), \[(\{u\d:x\}, )?\{u(\d):[wx]\}(, uxtw)?\]$/;

interface Arr { a: number; h: number; p: number; sh: number; stored: boolean; need: { fam: number; k: number; hi: number }[] }
interface Aff { fam: number; k: number; e: number }

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

function versionLoop(f: MFunc, l: NonNullable<MFunc['loops']>[number], opts: VersionOptions) {
  const live = new Set(f.blocks.map((b) => b.id));
  // The natural loop: blocks of the range that lead back to the header (not the exits' empty
  // blocks, nor the abort paths, which the copy shares with the original).
  const range: number[] = [];
  for (let id = l.first; id <= l.last; id++) if (live.has(id)) range.push(id);
  const back = new Set<number>([l.head]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of range) if (!back.has(id) && successors(f.byId[id]).some((s) => back.has(s))) (back.add(id), (grew = true));
  }
  const ids = range.filter((id) => back.has(id));
  const inLoop = new Set(ids);
  need(inLoop.has(l.head) && live.has(l.pre));
  // Innermost only: no other loop's header inside.
  need(!(f.loops ?? []).some((o) => o !== l && inLoop.has(o.head)));
  const pre = f.byId[l.pre];
  const preJump = pre.insts[pre.insts.length - 1];
  need(preJump?.t === 'b {B0}' && preJump.targets![0] === l.head);

  const defCount = new Uint32Array(f.vregClass.length);
  const defOf = new Map<number, MInst>();
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) (defCount[d]++, defOf.set(d, i));
  const single = (v: number) => (defCount[v] === 1 ? defOf.get(v)! : null);
  // Defs inside the loop: where.
  const inDefs = new Map<number, { b: number; p: number; i: MInst }[]>();
  for (const id of ids) f.byId[id].insts.forEach((i, p) => { for (const d of i.defs) { if (!inDefs.has(d)) inDefs.set(d, []); inDefs.get(d)!.push({ b: id, p, i }); } });
  const invariant = (v: number) => !inDefs.has(v);

  // Within one iteration (paths from the header not back to it): reachability and dominance.
  const reach = (from: number, without = -1): Set<number> => {
    const seen = new Set<number>();
    const work = [from];
    while (work.length) {
      const id = work.pop()!;
      if (seen.has(id) || id === without) continue;
      seen.add(id);
      for (const s of successors(f.byId[id])) if (inLoop.has(s) && s !== l.head) work.push(s);
    }
    return seen;
  };
  const before = (db: number, dp: number, ub: number, up: number) => (db === ub ? dp < up : !reach(l.head, db).has(ub)); // def runs before use, every time
  const maybeBefore = (db: number, dp: number, ub: number, up: number) => (db === ub ? dp < up : reach(db).has(ub));

  // Header: pure instructions, `cmp v, B` (or `cmp B, v`), staying while v < B.
  const head = f.byId[l.head];
  const br = branchOf(head);
  need(br && head.insts.slice(0, br.start).every((i) => i.pure && !i.targets));
  const imm = /^cmp \{u0\}, #(\d+)$/.exec(head.insts[br.start].t); // `v < constant`
  need(br.t === 'cmp {u0}, {u1}' || (imm && head.insts[br.start].w === 'w'));
  const stay = inLoop.has(br.taken) && !inLoop.has(br.fall) ? br.cond : inLoop.has(br.fall) && !inLoop.has(br.taken) ? INV[br.cond] : null;
  need(stay === 'lt' || (stay === 'gt' && !imm));
  const [v, bound] = imm ? [br.uses[0], -1] : stay === 'lt' ? br.uses : [br.uses[1], br.uses[0]];
  need((imm || (invariant(bound) && f.vregClass[bound] === 'w')) && f.vregClass[v] === 'w');

  // Counters: one def in the loop, `add v, v, #1` or `mov t, v; add v, t, #1` (same block).
  const counters = new Map<number, { b: number; p: number }>();
  const copies = new Map<number, { v: number; b: number; p: number }>();
  for (const [x, ds] of inDefs) {
    if (ds.length !== 1) continue;
    const { b, p, i } = ds[0];
    if (i.t !== 'add {d0}, {u0}, #1' || i.w !== 'w') continue;
    const src = i.uses[0];
    if (src === x) counters.set(x, { b, p });
    else {
      const sd = inDefs.get(src);
      if (sd?.length === 1 && sd[0].b === b && sd[0].p < p && sd[0].i.move && sd[0].i.uses[0] === x) {
        counters.set(x, { b, p });
        copies.set(src, { v: x, b, p: sd[0].p });
      }
    }
  }
  const vc = counters.get(v);
  need(vc);
  // The tested counter steps on every iteration: its block is on every path back to the header.
  const latches = ids.filter((id) => successors(f.byId[id]).includes(l.head));
  need(latches.length && vc.b !== l.head && latches.every((lt) => !reach(l.head, vc.b).has(lt)));

  /** `x` at (ub, up) as w0 + k + (0..e) where w0 is counter w's value on entry and the
   *  counter was stepped at most n times (+e) in iteration n. */
  const aff = (x: number, ub: number, up: number, depth = 0): Aff | null => {
    if (depth > 4) return null;
    const c = counters.get(x);
    if (c) return { fam: x, k: 0, e: maybeBefore(c.b, c.p, ub, up) ? 1 : 0 };
    const cp = copies.get(x);
    if (cp) return before(cp.b, cp.p, ub, up) ? { fam: cp.v, k: 0, e: 0 } : null;
    const ds = inDefs.get(x);
    if (ds?.length !== 1) return null;
    const { b, p, i } = ds[0];
    if (!before(b, p, ub, up) || i.w !== 'w' || !i.pure) return null;
    const m = /^(add|sub) \{d0\}, \{u0\}, #(\d+)$/.exec(i.t);
    if (!m || Number(m[2]) > 4095) return null;
    const y = aff(i.uses[0], b, p, depth + 1);
    return y && { ...y, k: y.k + (m[1] === 'add' ? 1 : -1) * Number(m[2]) };
  };

  // Arrays: length word loaded from A = base + zext(P - 20) + 16.
  const arrays = new Map<number, Arr>();
  const arrayOf = (a: number, sh: number): Arr | null => {
    if (!invariant(a)) return null;
    // A = base + zext(H) (memory mapped at `base`), or A = H (memory at address 0).
    const ad = single(a);
    if (!ad) return null;
    const h = ad.t === 'add {d0}, {u0}, {u1:w}, uxtw' && ad.w === 'x' ? ad.uses[1] : a;
    const hd = single(h);
    if (!hd || hd.t !== 'sub {d0}, {u0}, #20' || hd.w !== 'w' || !invariant(hd.uses[0])) return null;
    const old = arrays.get(a);
    if (old) return old.sh === sh ? old : null;
    const r: Arr = { a, h, p: hd.uses[0], sh, stored: false, need: [] };
    arrays.set(a, r);
    return r;
  };
  const lenAddr = (vv: number): number | null => {
    const d = single(vv);
    return d && d.load && d.t === 'ldr {d0:w}, [{u0:x}, #16]' ? d.uses[0] : null;
  };

  const checks: { b: number; start: number; to: number }[] = [];
  const body = ids;
  for (const id of body) {
    const b = f.byId[id];
    const cb = branchOf(b);
    if (!cb) continue;
    const cm = /^cmp \{u0\}, \{u1\}, lsr #([23])$/.exec(b.insts[cb.start].t);
    if (!cm || (cb.cond !== 'lo' && cb.cond !== 'hs') || b.insts[cb.start].w !== 'w') continue;
    const a = lenAddr(cb.uses[1]);
    if (a === null) continue;
    const arr = arrayOf(a, Number(cm[1]));
    need(arr);
    const ix = aff(cb.uses[0], id, cb.start);
    need(ix);
    arr.need.push({ fam: ix.fam, k: ix.k, hi: ix.k + ix.e });
    checks.push({ b: id, start: cb.start, to: cb.cond === 'lo' ? cb.taken : cb.fall });
  }
  need(checks.length);
  // Every store goes to a checked element of one of those arrays, with its index in range.
  for (const id of body) {
    for (const i of f.byId[id].insts) {
      if (!clobbersMemory(i)) continue;
      need(!i.call); // (calls that write nothing do not clobber)
      const m = STORE.exec(i.t);
      if (!i.store || !m || !m[4] !== !m[6]) {
        const r = region(i, !!opts.globalsApart);
        need(r !== null && r !== 'mem');
        continue;
      }
      const size = /x|d/.test(m[3] ?? m[1]) ? 3 : 2;
      const ev = i.uses[Number(m[5])];
      const e = single(ev);
      const em = e && /^add \{d0\}, \{u0\}, \{u1\}, lsl #([23])$/.exec(e.t);
      need(e && em && Number(em[1]) === size && e.w === 'w');
      const arr = [...arrays.values()].find((x) => x.p === e.uses[0] && x.sh === size);
      need(arr);
      const ed = inDefs.get(ev);
      need(ed?.length === 1);
      const ix = aff(e.uses[1], ed[0].b, ed[0].p);
      need(ix);
      arr.stored = true;
      arr.need.push({ fam: ix.fam, k: ix.k, hi: ix.k + ix.e });
    }
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
    for (let s = 0n; s < 64n; s += 16n) {
      const h = (val >> s) & 0xffffn;
      if (h) parts.push(`${parts.length ? 'movk' : 'movz'} {d0}, #0x${h.toString(16)}, lsl #${s}`);
    }
    cur.insts.push(I(parts.length ? parts.join('\n') : 'mov {d0}, xzr', [d], [], 'x'));
    return d;
  };
  const sx = (w: number) => {
    const d = vreg('x');
    cur.insts.push(I('sxtw {d0:x}, {u0:w}', [d], [w], 'x'));
    return d;
  };
  const addc = (x: number, c: number) => {
    if (c === 0) return x;
    const d = vreg('x');
    cur.insts.push(I(`${c > 0 ? 'add' : 'sub'} {d0}, {u0}, #${Math.abs(c)}`, [d], [x], 'x'));
    return d;
  };
  const cmp = (t: string, uses: number[], w: 'w' | 'x'): MInst => ({ t, defs: [], uses, w });
  // The first iteration runs at all (else the original loop just exits).
  test(cmp(head.insts[br.start].t, br.uses, 'w'), INV[stay]);
  const sB = imm ? konst(BigInt(imm[1])) : sx(bound);
  const sV = sx(v);
  const len = new Map<number, number>(); // array -> its length word
  const lim = konst(BigInt(opts.memorySize - 20));
  for (const arr of arrays.values()) {
    // The length word lies inside memory (a null array's does not): loading it cannot fault.
    test(cmp('cmp {u0}, {u1:w}, uxtw', [lim, arr.h], 'x'), 'lo');
    const V = vreg('w');
    cur.insts.push({ t: 'ldr {d0:w}, [{u0:x}, #16]', defs: [V], uses: [arr.a], w: 'w', load: true });
    len.set(arr.a, V);
    const n = vreg('w');
    cur.insts.push(I(`lsr {d0}, {u0}, #${arr.sh}`, [n], [V], 'w'));
    const seen = new Set<string>();
    for (const q of arr.need) {
      const key = `${q.fam}|${q.k}|${q.hi}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s0 = q.fam === v ? sV : sx(q.fam);
      // Lowest index w0 + k >= 0.
      test(cmp('cmp {u0}, #0', [addc(s0, q.k)], 'x'), 'lt');
      // Highest index w0 + (B - v0) - 1 + hi < length.
      let top = sB;
      if (q.fam !== v) {
        const t1 = vreg('x');
        const t2 = vreg('x');
        cur.insts.push(I('sub {d0}, {u0}, {u1}', [t1], [sB, sV], 'x'), I('add {d0}, {u0}, {u1}', [t2], [t1, s0], 'x'));
        top = t2;
      }
      test(cmp('cmp {u0}, {u1:w}, uxtw', [addc(top, q.hi - 1), n], 'x'), 'ge');
    }
  }
  // No store reaches another array's length word: [P_a, P_a + V_a) misses [H_b + 16, H_b + 20),
  // with no wrap-around past 2^32.
  const top32 = konst(1n << 32n);
  for (const a of arrays.values()) {
    if (!a.stored) continue;
    const pa = vreg('x');
    const ea = vreg('x');
    cur.insts.push(I('ubfx {d0:x}, {u0:x}, #0, #32', [pa], [a.p], 'x'), I('add {d0}, {u0}, {u1:w}, uxtw', [ea], [pa, len.get(a.a)!], 'x'));
    test(cmp('cmp {u0}, {u1}', [ea, top32], 'x'), 'hi');
    for (const b of arrays.values()) {
      if (b === a || b.p === a.p) continue;
      const hb = vreg('x');
      cur.insts.push(I('ubfx {d0:x}, {u0:x}, #0, #32', [hb], [b.h], 'x'));
      const lb = addc(hb, 16);
      const ok = newBlock(pre.loopDepth);
      test(cmp('cmp {u0}, {u1}', [ea, lb], 'x'), 'ls', ok.id); // all of a below b's length word
      test(cmp('cmp {u0}, {u1}', [addc(hb, 20), pa], 'x'), 'hi'); // or all above it
      cur.insts.push(jump(ok.id));
      guards.push(ok);
      cur = ok;
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
  for (const id of copyIds) {
    const b = f.byId[id];
    b.insts = b.insts.filter((i) => !(i.load && i.t === 'ldr {d0:w}, [{u0:x}, #16]' && arrays.has(i.uses[0]) && !used.has(i.defs[0])));
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
