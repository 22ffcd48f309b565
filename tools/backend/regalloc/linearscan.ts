// Linear-scan register allocation (Poletto & Sarkar) over live intervals computed from a
// block-level liveness fixpoint. An interval that spans a call gets a callee-saved register or
// is spilled; hints steer parameters, call arguments/results and copies into the registers they
// are moved to/from, so that those moves disappear.
import { isFloat, successors, type MFunc } from '../ir/mir.ts';
import { splitWebs } from './webs.ts';
import { liveIns, liveOuts } from '../ir/liveness.ts';
import { propagateCopies } from '../opt/peephole.ts';
import { coalesceCopies } from './coalesce.ts';

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
  ranges: number[];
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
  splitWebs(f);
  propagateCopies(f);
  // A loop copy (versioning) keeps definitions whose register only the original reads: once
  // split into webs they have no reader left.
  deadCodeElim(f);
  coalesceCopies(f);
  const n = f.vregClass.length;
  // Positions: instruction k reads its uses at 2k and writes its defs at 2k+1.
  const blockRange = new Map<number, [number, number]>();
  let k = 0;
  for (const b of f.blocks) {
    const s = 2 * k;
    k += b.insts.length;
    blockRange.set(b.id, [s, Math.max(s, 2 * k - 1)]);
  }
  const liveIn = liveIns(f);
  const liveOut = liveOuts(f, liveIn);
  // Live ranges with holes (inclusive [s, e] position pairs), built backwards per block.
  const ranges: number[][] = Array.from({ length: n }, () => []);
  const weight = new Float64Array(n);
  const hint = new Int32Array(n).fill(-1);
  const moveSrc = new Int32Array(n).fill(-1);
  // Every definition: its position and, for a register copy, the copied vreg (else -1).
  const defs: { pos: number; src: number }[][] = Array.from({ length: n }, () => []);
  k = 0;
  const firstIdx = new Map<number, number>();
  for (const b of f.blocks) {
    firstIdx.set(b.id, k);
    k += b.insts.length;
  }
  for (const b of f.blocks) {
    const [bs, be] = blockRange.get(b.id)!;
    const k0 = firstIdx.get(b.id)!;
    const cur = new Map<number, number>(); // vreg -> index of its range in this block
    const liveNow = new Set<number>();
    for (const v of liveOut.get(b.id)!) {
      ranges[v].push(bs, be + 1);
      cur.set(v, ranges[v].length - 2);
      liveNow.add(v);
    }
    const w = 10 ** Math.min(b.loopDepth, 5);
    for (let j = b.insts.length - 1; j >= 0; j--) {
      const i = b.insts[j];
      const p = 2 * (k0 + j);
      const dp = i.ec ? p : p + 1;
      for (const d of i.defs) {
        defs[d].push({ pos: dp, src: i.move ? i.uses[0] : -1 });
        weight[d] += w;
        if (liveNow.has(d)) {
          ranges[d][cur.get(d)!] = dp;
          liveNow.delete(d);
          cur.delete(d);
        } else ranges[d].push(dp, dp);
      }
      for (const u of i.uses) {
        weight[u] += w;
        if (!liveNow.has(u)) {
          ranges[u].push(bs, p);
          cur.set(u, ranges[u].length - 2);
          liveNow.add(u);
        }
      }
      if (i.call) {
        argHints(i.call.args, f, hint);
        argHints(i.call.rets, f, hint);
        // An indirect call's target: a register no argument is moved into (no mov x17).
        const t = i.uses[i.uses.length - 1];
        if (i.call.indirect && hint[t] < 0) hint[t] = 8;
      }
      if (i.entry) argHints(i.defs, f, hint);
      if (i.ret) argHints(i.uses, f, hint);
      if (i.move) moveSrc[i.defs[0]] = i.uses[0];
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
    const r = ranges[v];
    if (!r.length) continue;
    // Sort and merge the ranges.
    const pairs: [number, number][] = [];
    for (let j = 0; j < r.length; j += 2) pairs.push([r[j], r[j + 1]]);
    pairs.sort((x, y) => x[0] - y[0]);
    const merged: number[] = [];
    for (const [s0, e0] of pairs) {
      const L = merged.length;
      if (L && s0 <= merged[L - 1] + 1) merged[L - 1] = Math.max(merged[L - 1], e0);
      else merged.push(s0, e0);
    }
    const start = merged[0];
    const end = merged[merged.length - 1];
    intervals.push({ v, start, end, ranges: merged, crossesCall: crossing[v] === 1, fp: isFloat(f.vregClass[v]), weight: weight[v] / Math.sqrt(end - start + 1) });
  }
  intervals.sort((a, b) => a.start - b.start || a.v - b.v);

  const loc: (Loc | undefined)[] = new Array(n);
  let slots = 0;
  const used = new Set<number>();
  const assigned = new Map<number, Interval[]>(); // register id -> intervals holding it
  const id = (iv: Interval, r: number) => (iv.fp ? FP + r : r);

  const byV = new Map(intervals.map((iv) => [iv.v, iv]));
  /** A copy may share its source's register although both are live at once, when wherever
   *  both are live they hold the same value: the source is not redefined while the copy is
   *  live, and the copy is not redefined (other than by a copy of the same source) while the
   *  source is live. `others`: the intervals holding that register which meet the copy. */
  const sameValue = (iv: Interval, src: number, others: Interval[]): boolean => {
    const sv = byV.get(src);
    if (!sv || others.length !== 1 || others[0] !== sv) return false;
    if (defs[src].some((d) => inRanges(iv.ranges, d.pos))) return false;
    return defs[iv.v].every((d) => d.src === src || !inRanges(sv.ranges, d.pos));
  };

  for (const iv of intervals) {
    const caller = iv.fp ? FP_CALLER : INT_CALLER;
    const callee = iv.fp ? FP_CALLEE : INT_CALLEE;
    const order = iv.crossesCall ? callee : [...caller, ...callee];
    const conflicts = (r: number): Interval[] => {
      const list = assigned.get(id(iv, r));
      if (!list) return [];
      // Intervals ending before this one starts can never conflict again.
      for (let j = list.length - 1; j >= 0; j--) if (list[j].end < iv.start) list.splice(j, 1);
      return list.filter((x) => intersects(x.ranges, iv.ranges));
    };
    const free = (r: number) => order.includes(r) && conflicts(r).length === 0;
    let reg: number | undefined;
    const ms = moveSrc[iv.v];
    const msl = ms >= 0 ? loc[ms] : undefined;
    if (msl && 'reg' in msl) {
      const rr = iv.fp ? msl.reg - FP : msl.reg;
      if ((msl.reg >= FP) === iv.fp && (free(rr) || (order.includes(rr) && sameValue(iv, ms, conflicts(rr))))) reg = rr;
    }
    if (reg === undefined && hint[iv.v] >= 0 && free(hint[iv.v])) reg = hint[iv.v];
    if (reg === undefined) reg = order.find(free);
    if (reg === undefined) {
      // Evict the cheapest set of conflicting intervals, or spill this one.
      let best: number | undefined;
      let bestCost = Infinity;
      for (const r of order) {
        const c = conflicts(r).reduce((a, x) => a + x.weight, 0);
        if (c < bestCost) (bestCost = c), (best = r);
      }
      if (best !== undefined && bestCost < iv.weight) {
        reg = best;
        const list = assigned.get(id(iv, reg))!;
        for (const x of conflicts(reg)) {
          loc[x.v] = { slot: slots++ };
          list.splice(list.indexOf(x), 1);
        }
      } else {
        loc[iv.v] = { slot: slots++ };
        continue;
      }
    }
    const rid = id(iv, reg);
    if (!assigned.has(rid)) assigned.set(rid, []);
    assigned.get(rid)!.push(iv);
    loc[iv.v] = { reg: rid };
    if (callee.includes(reg)) used.add(rid);
  }
  return { loc, slots, calleeSaved: [...used].sort((a, b) => a - b) };
}

function inRanges(r: number[], p: number): boolean {
  for (let i = 0; i < r.length; i += 2) if (r[i] <= p && p <= r[i + 1]) return true;
  return false;
}

function intersects(a: number[], b: number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1] < b[j]) i += 2;
    else if (b[j + 1] < a[i]) j += 2;
    else return true;
  }
  return false;
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
