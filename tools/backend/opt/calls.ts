// Function entry/exit shaping, run after the other optimisations and before register
// allocation:
//  - Self tail calls (`return f(...)` inside f) become a jump back to the top of the function
//    with the parameters reassigned (and the non-parameter locals zeroed again, as a fresh call
//    would). Stack exhaustion must still be reported for a runaway tail recursion, so each jump
//    counts down a per-activation budget (TAIL_BUDGET) and traps "call stack exhausted" at zero.
//  - Shrink-wrapping of the early exit: when the first conditional branch of a non-leaf function
//    leads one way to a short call-free path that returns (the base case of a recursion), that
//    path runs on a frameless copy of the entry with its own virtual registers. The frame (with
//    the stack check and the callee-saved saves) is set up by a `prologue` instruction at the
//    start of the other way, where the values live there are moved into the registers the rest
//    of the function uses. emit/ checks that the frameless copy got only caller-saved registers
//    and no spill slots; otherwise it falls back to the prologue at the function's start.
import { successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { liveIns } from '../ir/liveness.ts';
import { TRAP } from '../lower/lower.ts';

/** Tail jumps allowed per activation before "call stack exhausted" (one movz to set). */
export const TAIL_BUDGET = 1 << 20;
/** Size limits of the duplicated fast path. */
const FAST_MAX_BLOCKS = 6;
const FAST_MAX_INSTS = 24;

const move = (d: number, s: number): MInst => ({ t: 'mov {d0}, {u0}', defs: [d], uses: [s], w: 'x', move: true, pure: true });
const jump = (target: number): MInst => ({ t: 'b {B0}', defs: [], uses: [], targets: [target] });
const budgetInit = (c: number): MInst => ({ t: `movz {d0}, #${TAIL_BUDGET >>> 16}, lsl #16`, defs: [c], uses: [], w: 'w', pure: true });

function newBlock(f: MFunc, loopDepth: number): MBlock {
  const b: MBlock = { id: f.byId.length, insts: [], loopDepth };
  f.byId.push(b);
  return b;
}

function newV(f: MFunc, like: number): number {
  f.vregClass.push(f.vregClass[like]);
  return f.vregClass.length - 1;
}

/** Does the call at b.insts[j] only have its results returned (through moves and jumps)? */
function isTailCall(f: MFunc, b: MBlock, j: number): boolean {
  const call = b.insts[j].call!;
  const holds = new Map<number, number>(); // vreg -> index of the call result it holds
  call.rets.forEach((r, i) => holds.set(r, i));
  let blk = b;
  let k = j + 1;
  for (let steps = 0; steps < 64; steps++) {
    if (k >= blk.insts.length) return false;
    const i = blk.insts[k];
    if (i.ret) return i.uses.length === call.rets.length && i.uses.every((u, n) => holds.get(u) === n);
    if (i.t === 'b {B0}' && i.targets?.length === 1 && !i.stubs) {
      blk = f.byId[i.targets[0]];
      k = 0;
      continue;
    }
    if (!i.pure || i.targets || i.call || i.stubs || i.entry) return false;
    const src = i.move ? holds.get(i.uses[0]) : undefined;
    for (const d of i.defs) holds.delete(d);
    if (src !== undefined) holds.set(i.defs[0], src);
    k++;
  }
  return false;
}

/** Turn self tail calls into jumps; returns the budget counter vreg, or null if none. */
function selfTailCalls(f: MFunc, sym: string): { counter: number; init: MInst; head: number } | null {
  const b0 = f.blocks[0];
  const entry = b0.insts[0];
  if (!entry?.entry) return null;
  const sites: [MBlock, number][] = [];
  for (const b of f.blocks) {
    b.insts.forEach((i, j) => {
      if (i.call && i.call.sym === sym && !i.call.indirect && !i.call.insn && !i.call.cold && isTailCall(f, b, j)) sites.push([b, j]);
    });
  }
  if (!sites.length) return null;
  // Split the entry: block 0 keeps the parameter moves, the loop head gets the rest.
  const head = newBlock(f, b0.loopDepth);
  head.insts = b0.insts.slice(1);
  const bounded = countsDown(f, sites, entry.defs);
  const counter = bounded ? -1 : f.vregClass.push('w') - 1;
  const init = budgetInit(counter);
  b0.insts = bounded ? [entry, jump(head.id)] : [entry, init, jump(head.id)];
  f.blocks.splice(1, 0, head);
  const params = entry.defs;
  for (const [b0orig, j] of sites) {
    // A site found in block 0 now lives in the head, one instruction earlier.
    const b = b0orig === b0 ? head : b0orig;
    const jj = b0orig === b0 ? j - 1 : j;
    const args = b.insts[jj].call!.args;
    const tmps = args.map((a) => newV(f, a));
    b.insts = [
      ...b.insts.slice(0, jj),
      ...args.map((a, n) => move(tmps[n], a)),
      ...params.map((p, n) => move(p, tmps[n])),
      ...(bounded ? [] : [{ t: 'subs {d0}, {u0}, #1\nb.eq {T0}', defs: [counter], uses: [counter], w: 'w', stubs: [{ kind: TRAP.stack }] } as MInst]),
      ...rotatedHead(head),
    ];
  }
  return { counter, init, head: head.id };
}

/** Whether the tail recursion ends by itself: some i32 parameter p is passed as `p - 1` at
 *  every self tail call, is never otherwise written, and every path from the entry to a tail
 *  call goes through `cbnz p` taken (or `cbz p` not taken). p then reaches 0 within 2^32
 *  rounds (modulo 2^32), where no tail call is reached: the loop ends, so it needs no budget
 *  (the budget is there so that a runaway tail recursion traps instead of running forever;
 *  `ack(m - 1, ...)`, `sumTo(n - 1, ...)`). Anything else keeps the budget. */
function countsDown(f: MFunc, sites: [MBlock, number][], params: number[]): boolean {
  const defs = new Map<number, MInst[]>();
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defs.set(d, [...(defs.get(d) ?? []), i]);
  const siteBlocks = new Set(sites.map(([b]) => b.id));
  return params.some((p, n) => {
    if (f.vregClass[p] !== 'w' || defs.get(p)?.some((i) => !i.entry)) return false;
    const dec = sites.every(([b, j]) => {
      const a = b.insts[j].call!.args[n];
      const d = defs.get(a);
      return d?.length === 1 && d[0].t === 'sub {d0}, {u0}, #1' && d[0].w === 'w' && d[0].uses[0] === p;
    });
    if (!dec) return false;
    // Cut the edges taken only when p != 0; then no tail call may be reachable.
    const seen = new Set<number>();
    const work = [f.blocks[0].id];
    while (work.length) {
      const id = work.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (siteBlocks.has(id)) return false;
      const b = f.byId[id];
      const k = b.insts.length;
      const c = b.insts[k - 2];
      const last = b.insts[k - 1];
      let nonZero: number | undefined;
      if (k >= 2 && c.uses[0] === p && c.targets?.length === 1 && !c.stubs && last?.t === 'b {B0}' && (c.w ?? 'w') === 'w') {
        if (c.t === 'cbnz {u0}, {B0}') nonZero = c.targets[0];
        else if (c.t === 'cbz {u0}, {B0}') nonZero = last.targets![0];
      }
      for (const t of successors(b)) if (t !== nonZero) work.push(t);
    }
    return true;
  });
}

/** Instructions that only set the flags (a comparison before the branch). */
const FLAGS = /^(cmp|cmn|tst|fcmp|fcmpe) [^\n]*$/;

/** The jump back to the head, or (a small head ending in a two-way branch) a copy of the
 *  head itself, which saves the taken jump per iteration. */
function rotatedHead(head: MBlock): MInst[] {
  const n = head.insts.length;
  const cond = head.insts[n - 2];
  const last = head.insts[n - 1];
  const simple = n >= 2 && n <= 6 && cond.targets?.length === 1 && !cond.stubs && last.t === 'b {B0}';
  const plain = (i: MInst) => (i.pure || (!i.defs.length && FLAGS.test(i.t))) && !i.targets && !i.call && !i.stubs && !i.jt;
  if (!simple || !head.insts.slice(0, n - 2).every(plain)) return [jump(head.id)];
  return head.insts.map((i) => ({ ...i, defs: [...i.defs], uses: [...i.uses], targets: i.targets && [...i.targets] }));
}


/** Blocks reachable from `from` without entering `stop`, in discovery order (null if > limit). */
function region(f: MFunc, from: number, stop: number, limit: number): number[] | null {
  const seen: number[] = [];
  const work = [from];
  while (work.length) {
    const id = work.pop()!;
    if (id === stop || seen.includes(id)) continue;
    seen.push(id);
    if (seen.length > limit) return null;
    for (const s of successors(f.byId[id])) work.push(s);
  }
  return seen;
}

const hasRealCall = (b: MBlock) => b.insts.some((i) => i.call && !i.call.cold);

function shrinkWrap(f: MFunc, tail: { counter: number; init: MInst; head: number } | null) {
  const b0 = f.blocks[0];
  const exitB = f.blocks.find((b) => b.insts.some((i) => i.ret));
  if (!exitB || f.blocks.filter((b) => b.insts.some((i) => i.ret)).length !== 1) return;
  if (exitB.insts.some((i) => i.call || i.jt || i.entry)) return;
  // The head: block 0, or the loop head after it when tail calls split the entry.
  const headId = tail ? tail.head : b0.id;
  const head = f.byId[headId];
  if (hasRealCall(head) || head.insts.some((i) => i.jt) || head === exitB) return;
  const n = head.insts.length;
  const cond = head.insts[n - 2];
  const last = head.insts[n - 1];
  if (!cond?.targets || cond.targets.length !== 1 || last.t !== 'b {B0}' || cond.targets[0] === last.targets![0]) return;
  const fastOf = (t: number): number[] | null => {
    const r = region(f, t, exitB.id, FAST_MAX_BLOCKS);
    if (!r || r.includes(headId) || r.includes(b0.id)) return null;
    const bs = r.map((id) => f.byId[id]);
    if (bs.some((b) => hasRealCall(b) || b.insts.some((i) => i.jt || i.entry))) return null;
    if (bs.reduce((s, b) => s + b.insts.length, 0) > FAST_MAX_INSTS) return null;
    // Acyclic: no block of the region branches back to an earlier one of it.
    const order = topo(f, r);
    return order;
  };
  const [t1, t2] = [cond.targets[0], last.targets![0]];
  let fast = fastOf(t1);
  let slow = t2;
  if (!fast) {
    fast = fastOf(t2);
    slow = t1;
  } else if (fastOf(t2)) return; // both ways call-free: the calls are elsewhere; keep it simple
  if (!fast) return;
  if (slow === exitB.id || slow === headId || slow === b0.id) return;

  const liveIn = liveIns(f);
  // The frameless copy: block 0 (and the head), the fast region, the exit; fresh vregs.
  const ren = new Map<number, number>();
  const r = (v: number) => {
    let x = ren.get(v);
    if (x === undefined) ren.set(v, (x = newV(f, v)));
    return x;
  };
  const blockMap = new Map<number, number>();
  const copies: MBlock[] = [];
  const copyIds = [...(tail ? [headId] : []), ...fast, exitB.id];
  for (const id of copyIds) {
    const nb = newBlock(f, 0);
    blockMap.set(id, nb.id);
    copies.push(nb);
  }
  const prologue = newBlock(f, 0);
  const cloneInsts = (src: MBlock, retNoFrame: boolean): MInst[] =>
    src.insts
      .filter((i) => i !== tail?.init)
      .map((i) => {
        const c: MInst = { ...i, defs: i.defs.map(r), uses: i.uses.map(r) };
        if (i.targets) c.targets = i.targets.map((t) => (t === slow && src.id === headId ? prologue.id : blockMap.get(t) ?? t));
        if (i.ret && retNoFrame) c.noFrame = true;
        if (i.stubs) c.stubs = i.stubs.map((s) => ({ ...s }));
        if (i.call) c.call = { ...i.call, args: i.call.args.map(r), rets: i.call.rets.map(r) };
        return c;
      });
  copies.forEach((nb, k) => (nb.insts = cloneInsts(f.byId[copyIds[k]], true)));
  const newB0 = cloneInsts(b0, true);
  // Every edge out of the frameless copy must stay in it, except the one to the prologue.
  const inCopy = new Set([b0.id, prologue.id, ...copies.map((b) => b.id)]);
  for (const b of [...copies, { id: b0.id, insts: newB0, loopDepth: 0 }]) {
    for (const s of successors(b)) if (!inCopy.has(s)) return; // (the new blocks stay unused: harmless)
  }
  prologue.insts = [{ t: '', defs: [], uses: [], prologue: true }];
  for (const v of liveIn.get(slow)!) {
    if (tail && v === tail.counter) prologue.insts.push(budgetInit(v));
    else prologue.insts.push(move(v, r(v)));
  }
  prologue.insts.push(jump(slow));
  b0.insts = newB0;
  // Layout: block 0, the frameless copy of the head, then the way its final jump goes (the
  // prologue and the slow block, or the fast copy), the other way, the rest (the framed part).
  const rest = f.blocks.slice(1).filter((b) => b.id !== slow);
  const headCopy = tail ? [copies[0]] : [];
  const fastCopies = tail ? copies.slice(1) : copies;
  const framed = [prologue, f.byId[slow]];
  const headLast = (tail ? copies[0].insts : newB0).at(-1)!;
  f.blocks = headLast.targets![0] === prologue.id ? [b0, ...headCopy, ...framed, ...fastCopies, ...rest] : [b0, ...headCopy, ...fastCopies, ...framed, ...rest];
  // Drop what is no longer reachable.
  const seen = new Set<number>([b0.id]);
  const work = [b0.id];
  while (work.length) for (const s of successors(f.byId[work.pop()!])) if (!seen.has(s)) (seen.add(s), work.push(s));
  f.blocks = f.blocks.filter((b) => seen.has(b.id));
}

/** The region's blocks in topological order, or null if it has a cycle. */
function topo(f: MFunc, ids: number[]): number[] | null {
  const set = new Set(ids);
  const state = new Map<number, number>(); // 1 visiting, 2 done
  const out: number[] = [];
  const visit = (id: number): boolean => {
    const s = state.get(id);
    if (s === 2) return true;
    if (s === 1) return false;
    state.set(id, 1);
    for (const t of successors(f.byId[id])) if (set.has(t) && !visit(t)) return false;
    state.set(id, 2);
    out.push(id);
    return true;
  };
  for (const id of ids) if (!visit(id)) return null;
  return out.reverse();
}

/** Branches to a block that only jumps on go straight to its target. */
function threadJumps(f: MFunc) {
  const final = (t: number): number => {
    for (let k = 0; k < 8; k++) {
      const b = f.byId[t];
      if (b.insts.length !== 1 || b.insts[0].t !== 'b {B0}' || b.insts[0].targets![0] === t) break;
      t = b.insts[0].targets![0];
    }
    return t;
  };
  for (const b of f.blocks) for (const i of b.insts) if (i.targets) i.targets = i.targets.map(final);
  const seen = new Set<number>([f.blocks[0].id]);
  const work = [f.blocks[0].id];
  while (work.length) for (const s of successors(f.byId[work.pop()!])) if (!seen.has(s)) (seen.add(s), work.push(s));
  f.blocks = f.blocks.filter((b) => seen.has(b.id));
}

export function shapeCalls(f: MFunc, sym: string) {
  const tail = selfTailCalls(f, sym);
  f.hasCalls = f.blocks.some(hasRealCall);
  if (tail || f.hasCalls) threadJumps(f);
  if (f.hasCalls) shrinkWrap(f, tail);
}
