// Linear-scan register allocation (Poletto & Sarkar) over live intervals computed from a
// block-level liveness fixpoint. An interval that spans a call gets a callee-saved register or
// is spilled; hints steer parameters, call arguments/results and copies into the registers they
// are moved to/from, so that those moves disappear.
import { isFloat, successors, type MFunc } from '../ir/mir.ts';

export type Loc = { reg: number } | { slot: number };

export interface Allocation {
  loc: (Loc | undefined)[];
  slots: number;
  /** Callee-saved registers used: ints as 19..28, floats as 100+8..100+15. */
  calleeSaved: number[];
}

/** Allocatable registers. Scratch (never allocated): x14-x17, x18 (platform), v29-v31. */
const INT_CALLER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const INT_CALLEE = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28];
const FP_CALLER = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28];
const FP_CALLEE = [8, 9, 10, 11, 12, 13, 14, 15];

export const FP = 100; // float registers are numbered FP + n in allocation results

interface Interval {
  v: number;
  start: number;
  end: number;
  crossesCall: boolean;
  fp: boolean;
  reg?: number;
  weight: number;
}

/** Remove pure instructions whose results are never used. */
export function deadCodeElim(f: MFunc) {
  for (;;) {
    const uses = new Uint32Array(f.vregClass.length);
    for (const b of f.blocks) for (const i of b.insts) for (const u of i.uses) uses[u]++;
    let changed = false;
    for (const b of f.blocks) {
      const keep = b.insts.filter((i) => !(i.pure && i.defs.length > 0 && i.defs.every((d) => uses[d] === 0)));
      if (keep.length !== b.insts.length) {
        b.insts = keep;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

export function allocate(f: MFunc): Allocation {
  const n = f.vregClass.length;
  // Positions: instruction k reads its uses at 2k and writes its defs at 2k+1.
  const blockRange = new Map<number, [number, number]>();
  let k = 0;
  for (const b of f.blocks) {
    const s = 2 * k;
    k += b.insts.length;
    blockRange.set(b.id, [s, Math.max(s, 2 * k - 1)]);
  }
  // Liveness fixpoint.
  const liveIn = new Map<number, Set<number>>();
  const liveOut = new Map<number, Set<number>>();
  const gen = new Map<number, Set<number>>();
  const kill = new Map<number, Set<number>>();
  for (const b of f.blocks) {
    const g = new Set<number>();
    const kl = new Set<number>();
    for (const i of b.insts) {
      for (const u of i.uses) if (!kl.has(u)) g.add(u);
      for (const d of i.defs) kl.add(d);
    }
    gen.set(b.id, g);
    kill.set(b.id, kl);
    liveIn.set(b.id, new Set(g));
    liveOut.set(b.id, new Set());
  }
  const live = new Set(f.blocks.map((b) => b.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (let bi = f.blocks.length - 1; bi >= 0; bi--) {
      const b = f.blocks[bi];
      const out = liveOut.get(b.id)!;
      for (const s of successors(b)) {
        if (!live.has(s)) continue;
        for (const v of liveIn.get(s)!) if (!out.has(v)) (out.add(v), (changed = true));
      }
      const inn = liveIn.get(b.id)!;
      const kl = kill.get(b.id)!;
      for (const v of out) if (!kl.has(v) && !inn.has(v)) (inn.add(v), (changed = true));
    }
  }
  // Intervals (one range per vreg: conservative across holes).
  const start = new Int32Array(n).fill(0x7fffffff);
  const end = new Int32Array(n).fill(-1);
  const weight = new Float64Array(n);
  const ext = (v: number, p: number) => {
    if (p < start[v]) start[v] = p;
    if (p > end[v]) end[v] = p;
  };
  const hint = new Int32Array(n).fill(-1);
  const moveSrc = new Int32Array(n).fill(-1);
  k = 0;
  for (const b of f.blocks) {
    const [bs, be] = blockRange.get(b.id)!;
    for (const v of liveIn.get(b.id)!) ext(v, bs);
    for (const v of liveOut.get(b.id)!) ext(v, be + 1);
    const w = 10 ** Math.min(b.loopDepth, 5);
    for (const i of b.insts) {
      for (const u of i.uses) (ext(u, 2 * k), (weight[u] += w));
      for (const d of i.defs) (ext(d, i.ec ? 2 * k : 2 * k + 1), (weight[d] += w));
      if (i.call) {
        argHints(i.call.args, f, hint);
        argHints(i.call.rets, f, hint);
      }
      if (i.entry) argHints(i.defs, f, hint);
      if (i.ret) argHints(i.uses, f, hint);
      if (i.move) moveSrc[i.defs[0]] = i.uses[0];
      k++;
    }
  }
  // Values live after a call (and not defined by it) must survive it: exact, from liveness.
  const crossing = new Uint8Array(n);
  for (const b of f.blocks) {
    if (!b.insts.some((i) => i.call)) continue;
    const liveNow = new Set(liveOut.get(b.id)!);
    for (let j = b.insts.length - 1; j >= 0; j--) {
      const i = b.insts[j];
      if (i.call) for (const v of liveNow) if (!i.defs.includes(v)) crossing[v] = 1;
      for (const d of i.defs) liveNow.delete(d);
      for (const u of i.uses) liveNow.add(u);
    }
  }
  const intervals: Interval[] = [];
  for (let v = 0; v < n; v++) {
    if (end[v] < 0) continue;
    intervals.push({ v, start: start[v], end: end[v], crossesCall: crossing[v] === 1, fp: isFloat(f.vregClass[v]), weight: weight[v] / (end[v] - start[v] + 1) });
  }
  intervals.sort((a, b) => a.start - b.start || a.v - b.v);

  const loc: (Loc | undefined)[] = new Array(n);
  let slots = 0;
  const used = new Set<number>();
  const active: Interval[] = [];
  const busy = new Set<number>(); // FP-offset register ids in use
  const id = (iv: Interval, r: number) => (iv.fp ? FP + r : r);

  for (const iv of intervals) {
    // Expire.
    for (let j = active.length - 1; j >= 0; j--) {
      if (active[j].end < iv.start) {
        busy.delete(id(active[j], active[j].reg!));
        active.splice(j, 1);
      }
    }
    const caller = iv.fp ? FP_CALLER : INT_CALLER;
    const callee = iv.fp ? FP_CALLEE : INT_CALLEE;
    const order = iv.crossesCall ? callee : [...caller, ...callee];
    const free = (r: number) => !busy.has(id(iv, r)) && order.includes(r);
    let reg: number | undefined;
    const ms = moveSrc[iv.v];
    if (ms >= 0 && loc[ms] && 'reg' in loc[ms]! && end[ms] <= iv.start) {
      const r = (loc[ms] as { reg: number }).reg;
      const rr = iv.fp ? r - FP : r;
      if (free(rr)) reg = rr;
    }
    if (reg === undefined && hint[iv.v] >= 0 && free(hint[iv.v])) reg = hint[iv.v];
    if (reg === undefined) reg = order.find(free);
    if (reg === undefined) {
      // Spill the active interval (of a usable register) that ends last, or this one.
      let victim: Interval | undefined;
      for (const a of active) {
        if (a.fp !== iv.fp || !order.includes(a.reg!)) continue;
        if (!victim || a.weight < victim.weight || (a.weight === victim.weight && a.end > victim.end)) victim = a;
      }
      if (victim && (victim.weight < iv.weight || (victim.weight === iv.weight && victim.end > iv.end))) {
        reg = victim.reg!;
        loc[victim.v] = { slot: slots++ };
        active.splice(active.indexOf(victim), 1);
        busy.delete(id(victim, reg));
      } else {
        loc[iv.v] = { slot: slots++ };
        continue;
      }
    }
    iv.reg = reg;
    busy.add(id(iv, reg));
    active.push(iv);
    loc[iv.v] = { reg: id(iv, reg) };
    if (callee.includes(reg)) used.add(id(iv, reg));
  }
  return { loc, slots, calleeSaved: [...used].sort((a, b) => a - b) };
}

/** Hint the i-th int/float vreg of a call/entry/return to x_i / d_i. */
function argHints(vs: number[], f: MFunc, hint: Int32Array) {
  let ni = 0;
  let nf = 0;
  for (const v of vs) {
    const fp = isFloat(f.vregClass[v]);
    const r = fp ? nf++ : ni++;
    if (r < 8 && hint[v] < 0) hint[v] = r;
  }
}
