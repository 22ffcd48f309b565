// Loop-invariant code motion on the machine IR: pure instructions (constants, address
// arithmetic, ...) that run on every iteration and whose operands are not computed in the loop
// move to the loop's preheader (one level); only single-definition registers move.
// Invariant loads (an array's length) move too, but only out of loops that write no memory and
// call nothing, and only where the load would run anyway once the loop is entered, so that a
// moved load never faults where the program would not have loaded: from the header (before any
// side effect), or from the block the header's exit test falls into, behind a copy of that test
// in the preheader (a guard block that runs only when the first iteration does).
import { reversePostorder, successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { clobbersMemory, isGlobalLoad, region, writtenRegions } from './gvn.ts';

/** Immediate dominators (Cooper, Harvey, Kennedy) of the blocks reachable from the entry. */
function dominators(f: MFunc): Map<number, number> {
  const { rpo, preds } = reversePostorder(f);
  const index = new Map(rpo.map((id, i) => [id, i]));
  const idom = new Map<number, number>([[rpo[0], rpo[0]]]);
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (index.get(a)! > index.get(b)!) a = idom.get(a)!;
      while (index.get(b)! > index.get(a)!) b = idom.get(b)!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of rpo.slice(1)) {
      const ps = preds.get(id)!.filter((p) => idom.has(p));
      if (!ps.length) continue;
      let d = ps[0];
      for (const p of ps.slice(1)) d = intersect(p, d);
      if (idom.get(id) !== d) (idom.set(id, d), (changed = true));
    }
  }
  return idom;
}

export const READS_FLAGS = /\b(cset|csetm|csel|fcsel|csinc|csinv|csneg|cinc|adc|sbc|b\.)/;

export function hoistInvariants(f: MFunc, opts: { globalsApart?: boolean } = {}) {
  const apart = !!opts.globalsApart;
  if (!f.loops?.length) return;
  const defCount = new Uint32Array(f.vregClass.length);
  const live = new Set(f.blocks.map((b) => b.id));
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const loops = [...f.loops].sort((a, b) => b.depth - a.depth);
  let idom = dominators(f);
  const dominates = (a: number, b: number) => {
    for (let x = b; ; x = idom.get(x)!) {
      if (x === a) return true;
      if (x === idom.get(x) || !idom.has(x)) return false;
    }
  };
  const hoistedOnce = new Set<MInst>();
  const added = new Map<object, Set<number>>(); // guard blocks created inside a loop
  for (const l of loops) {
    const inLoop = (id: number) => (id >= l.first && id <= l.last && live.has(id)) || !!added.get(l)?.has(id);
    const pre = f.byId[l.pre];
    // Registers defined inside the loop.
    const definedIn = new Set<number>();
    for (let id = l.first; id <= l.last; id++) if (inLoop(id)) for (const i of f.byId[id].insts) for (const d of i.defs) definedIn.add(d);
    const hoisted: MInst[] = [];
    const latches: number[] = [];
    for (let id = l.first; id <= l.last; id++) if (inLoop(id) && successors(f.byId[id]).includes(l.head)) latches.push(id);
    if (!latches.length) continue;
    // Invariant loads, from what the loop does not write (blocks that end in a trap excepted):
    // a store to memory leaves a global alone and the other way round (region(), gvn.ts).
    const ids: number[] = [];
    for (let id = l.first; id <= l.last; id++) if (inLoop(id)) ids.push(id);
    for (const id of added.get(l) ?? []) ids.push(id);
    const written = new Set<string | null>();
    for (const id of ids) if (successors(f.byId[id]).length > 0) for (const i of f.byId[id].insts) if (clobbersMemory(i)) for (const r of writtenRegions(i, apart)) written.add(r);
    // A wasm global's load cannot fault: where the loop does not write it, it moves like a pure value.
    const globalLoad = (i: MInst) => isGlobalLoad(i) && !written.has(null) && !written.has(region(i, apart));
    for (let changed = true; changed; ) {
      changed = false;
      for (let id = l.first; id <= l.last; id++) {
        if (!inLoop(id)) continue;
        const b = f.byId[id];
        // Only from blocks that run on every iteration (they dominate every back edge): an
        // invariant on a rarely taken path would hold a register for nothing.
        // A wasm global's load is the exception: cheap to keep in a register, and an
        // interpreter's dispatch loop reads its tables' pointers on many of its paths.
        const everyIteration = latches.every((lt) => dominates(id, lt));
        b.insts = b.insts.filter((i) => {
          if (!everyIteration && !globalLoad(i)) return true;
          if (hoistedOnce.has(i)) return true; // one level only: long ranges cost registers
          if (READS_FLAGS.test(i.t)) return true; // tied to the compare before it
          if (!(i.pure || globalLoad(i)) || i.targets || i.call || i.stubs || i.entry || i.ret || i.defs.length === 0) return true;
          if (!i.defs.every((d) => defCount[d] === 1)) return true;
          if (i.uses.some((u) => definedIn.has(u))) return true;
          hoisted.push(i);
          for (const d of i.defs) definedIn.delete(d);
          changed = true;
          return false;
        });
      }
    }
    if (hoisted.length) pre.insts.splice(pre.insts.length - 1, 0, ...hoisted);
    for (const i of hoisted) hoistedOnce.add(i);

    if (written.has(null)) continue;
    const invariantLoad = (i: MInst) => i.load && !written.has(region(i, apart)) && !hoistedOnce.has(i) && i.defs.length === 1 && defCount[i.defs[0]] === 1 && !i.uses.some((u) => definedIn.has(u));
    const invariantPure = (i: MInst) => i.pure && !i.targets && !i.call && !i.stubs && !i.entry && !i.ret && i.defs.length > 0 && !READS_FLAGS.test(i.t) && i.defs.every((d) => defCount[d] === 1) && !i.uses.some((u) => definedIn.has(u));
    /** Invariant loads at the start of `b` (after only pure instructions and loads), with the
     *  pure instructions that compute from them (the length word's address). */
    const leadingLoads = (b: MBlock): MInst[] => {
      const out: MInst[] = [];
      for (const i of b.insts) {
        if (invariantLoad(i) || (out.length && invariantPure(i))) {
          out.push(i);
          for (const d of i.defs) definedIn.delete(d);
        } else if (!(i.pure || i.load) || i.stubs || i.targets || i.call) break;
      }
      return out;
    };
    const head = f.byId[l.head];
    const fromHead = leadingLoads(head);
    if (fromHead.length) {
      head.insts = head.insts.filter((i) => !fromHead.includes(i));
      pre.insts.splice(pre.insts.length - 1, 0, ...fromHead);
      for (const i of fromHead) (hoistedOnce.add(i), definedIn.delete(i.defs[0]));
    }
    const g = guardTest(f, head, inLoop);
    if (!g || pre.insts[pre.insts.length - 1]?.targets?.[0] !== l.head) continue;
    const body = f.byId[g.into];
    const fromBody = leadingLoads(body);
    if (!fromBody.length) continue;
    // The copy's targets are the header's own, except that the way into the body becomes the
    // guard. Decided before the loads leave the body (a body left with only its jump would
    // resolve past `into`, and the guard would never run), and without threading the exit
    // through blocks that only jump now: a later loop's preheader may be one of them and will
    // receive that loop's hoisted values.
    const intoBody = head.insts.map((i) => i.targets?.map((t) => g.resolve(t) === g.into));
    body.insts = body.insts.filter((i) => !fromBody.includes(i));
    for (const i of fromBody) hoistedOnce.add(i);
    // pre: <copy of the header's test> -> exit | guard;  guard: <loads>; b head.
    const guard: MBlock = { id: f.byId.length, insts: [...fromBody, { t: 'b {B0}', defs: [], uses: [], targets: [l.head] }], loopDepth: pre.loopDepth };
    f.byId.push(guard);
    f.blocks.splice(f.blocks.indexOf(pre) + 1, 0, guard);
    live.add(guard.id);
    const fresh = new Map<number, number>();
    const copy = head.insts.map((i, k): MInst => {
      const c: MInst = { ...i, uses: i.uses.map((u) => fresh.get(u) ?? u), defs: i.defs.map((d) => { const v = f.vregClass.push(f.vregClass[d]) - 1; fresh.set(d, v); return v; }) };
      if (i.targets) c.targets = i.targets.map((t, j) => (intoBody[k]![j] ? guard.id : t));
      return c;
    });
    pre.insts.splice(pre.insts.length - 1, 1, ...copy);
    for (const outer of loops) {
      if (outer === l || !(outer.first <= pre.id && pre.id <= outer.last) && !added.get(outer)?.has(pre.id)) continue;
      if (!added.has(outer)) added.set(outer, new Set());
      added.get(outer)!.add(guard.id);
    }
    l.pre = guard.id;
    idom = dominators(f);
  }
}

/** A loop header that only tests whether to run the body: pure instructions, one compare, a
 *  conditional branch and a jump, one to a block of the loop (`into`), the other out of it. */
function guardTest(f: MFunc, head: MBlock, inLoop: (id: number) => boolean): { into: number; exit: number; resolve: (t: number) => number } | null {
  const n = head.insts.length;
  if (n < 2 || n > 6) return null;
  const cond = head.insts[n - 2];
  const jump = head.insts[n - 1];
  if (jump.t !== 'b {B0}' || !cond.targets || cond.targets.length !== 1 || cond.stubs || cond.call) return null;
  if (!/^(b\.\w+|cbn?z \{u0(:[wx])?\},) \{B0\}$/.test(cond.t)) return null;
  for (const i of head.insts.slice(0, n - 2)) {
    const flagSetter = /^(cmp|cmn|tst) [^\n]*$/.test(i.t) && !i.defs.length;
    if (!(flagSetter || i.pure) || i.stubs || i.targets || i.call || i.load || i.entry) return null;
  }
  // Through empty blocks that only jump on (the ends of nested wasm blocks).
  const resolve = (t: number) => {
    for (let k = 0; k < 16; k++) {
      const ins = f.byId[t].insts;
      if (ins.length !== 1 || ins[0].t !== 'b {B0}' || ins[0].targets![0] === t) break;
      t = ins[0].targets![0];
    }
    return t;
  };
  const [a, b] = [resolve(cond.targets[0]), resolve(jump.targets![0])];
  if (a === head.id || b === head.id) return null;
  if (inLoop(a) && !inLoop(b)) return { into: a, exit: b, resolve };
  if (inLoop(b) && !inLoop(a)) return { into: b, exit: a, resolve };
  return null;
}
