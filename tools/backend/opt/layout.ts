// Block layout, the last pass before register allocation:
//  - jump threading: a branch to a block that only jumps on goes straight to the final target;
//  - cold blocks (every path from them ends in a trap: asc's abort calls, `unreachable`) move
//    to the end of the function, and identical cold blocks (the same abort call repeated for
//    every bounds check) are merged into one;
//  - branch selection: `b.cond X; b Y` becomes `b.!cond Y` when X is the next block, and when
//    neither is next and X is cold it becomes `b.!cond Y; b X`, so that hot paths (loop back
//    edges in particular) end in one conditional branch.
import type { MBlock, MFunc, MInst } from '../ir/mir.ts';
import { deadCodeElim } from '../regalloc/linearscan.ts';
import { foldConditions, removeDeadDefs, threadConditions } from './branches.ts';
import { duplicateTails } from './taildup.ts';

const INV: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo', hi: 'ls', ls: 'hi', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs' };

/** The inverted form of a conditional branch template to {B0}, or null. */
export function invertBranch(t: string): string | null {
  let m = /^b\.(\w+) \{B0\}$/.exec(t);
  if (m && INV[m[1]]) return `b.${INV[m[1]]} {B0}`;
  m = /^(cbz|cbnz) (\{u0(?::[wx])?\}), \{B0\}$/.exec(t);
  if (m) return `${m[1] === 'cbz' ? 'cbnz' : 'cbz'} ${m[2]}, {B0}`;
  m = /^(tbz|tbnz) (\{u0(?::[wx])?\}, #\d+), \{B0\}$/.exec(t);
  if (m) return `${m[1] === 'tbz' ? 'tbnz' : 'tbz'} ${m[2]}, {B0}`;
  return null;
}

const isJump = (i: MInst | undefined): boolean => !!i && i.t === 'b {B0}' && i.targets?.length === 1;
const isTrap = (i: MInst | undefined): boolean => !!i && i.t === 'b {T0}' && !!i.stubs;
/** A block's last instruction transfers control (no fall-through into the next block). */
const terminated = (b: MBlock): boolean => {
  const l = b.insts[b.insts.length - 1];
  return isJump(l) || isTrap(l) || !!l?.ret || !!l?.jt;
};

export function layoutBlocks(f: MFunc) {
  if (!f.blocks.every(terminated)) return;
  // Nothing after a block's first jump runs (`br_if` on a constant leaves `b X; b Y`).
  for (const b of f.blocks) {
    const k = b.insts.findIndex((i) => isJump(i) || isTrap(i) || i.ret || i.jt);
    b.insts.length = k + 1;
  }
  const entry = f.blocks[0].id;

  // Jump threading.
  const forward = (id: number): number => {
    const seen = new Set<number>();
    let cur = id;
    for (;;) {
      const b = f.byId[cur];
      if (cur === entry || b.insts.length !== 1 || !isJump(b.insts[0]) || seen.has(cur)) return cur;
      seen.add(cur);
      cur = b.insts[0].targets![0];
    }
  };
  for (const b of f.blocks) for (const i of b.insts) if (i.targets) i.targets = i.targets.map(forward);
  const threaded = threadConditions(f);
  foldConditions(f);
  removeDeadDefs(f, threaded);
  deadCodeElim(f);

  // Cold blocks: those from which every path ends in a trap (least fixpoint).
  const cold = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of f.blocks) {
      if (cold.has(b.id) || b.id === entry) continue;
      if (b.insts.some((i) => i.ret)) continue;
      const succ = b.insts.flatMap((i) => i.targets ?? []);
      if (succ.every((s) => cold.has(s))) (cold.add(b.id), (changed = true));
    }
  }
  mergeIdenticalCold(f, cold);

  // Keep what is reachable; hot blocks in their order, then the cold ones.
  const reach = new Set<number>([entry]);
  const work = [entry];
  while (work.length) for (const i of f.byId[work.pop()!].insts) for (const t of i.targets ?? []) if (!reach.has(t)) (reach.add(t), work.push(t));
  const live = f.blocks.filter((b) => reach.has(b.id));
  f.blocks = [...live.filter((b) => !cold.has(b.id)), ...live.filter((b) => cold.has(b.id))];
  duplicateTails(f, cold);

  // Branch selection against the new order.
  f.blocks.forEach((b, k) => {
    const next = f.blocks[k + 1]?.id;
    const n = b.insts.length;
    const jump = b.insts[n - 1];
    const cond = b.insts[n - 2];
    if (n < 2 || !isJump(jump) || !cond.targets || cond.targets.length !== 1 || cond.stubs || cond.jt) return;
    const x = cond.targets[0];
    const y = jump.targets![0];
    if (x === y) {
      b.insts.splice(n - 2, 1);
      return;
    }
    const inv = invertBranch(cond.t);
    if (!inv) return;
    // Neither side next: the hot side takes the conditional branch, so that the jump after it
    // runs only on the way to a trap.
    if (x === next || (y !== next && cold.has(x) && !cold.has(y))) {
      b.insts[n - 2] = { ...cond, t: inv, targets: [y] };
      b.insts[n - 1] = { ...jump, targets: [x] };
    }
  });
}

/** Merge cold blocks that do the same thing (same instructions over their own registers, the
 *  same live-in registers, the same successors) into the first of them. */
function mergeIdenticalCold(f: MFunc, cold: Set<number>) {
  const defCount = new Uint32Array(f.vregClass.length);
  const useBlock = new Int32Array(f.vregClass.length).fill(-1); // -2: used in several blocks
  for (const b of f.blocks) {
    for (const i of b.insts) {
      for (const d of i.defs) defCount[d]++;
      for (const u of i.uses) useBlock[u] = useBlock[u] === -1 || useBlock[u] === b.id ? b.id : -2;
    }
  }
  const canon = new Map<string, number>();
  const replace = new Map<number, number>();
  for (const b of f.blocks) {
    if (!cold.has(b.id)) continue;
    const key = shapeKey(b, f, defCount, useBlock);
    if (key === null) continue;
    const first = canon.get(key);
    if (first === undefined) canon.set(key, b.id);
    else replace.set(b.id, first);
  }
  if (!replace.size) return;
  for (const b of f.blocks) for (const i of b.insts) if (i.targets) i.targets = i.targets.map((t) => replace.get(t) ?? t);
}

/** A description of a block with its locally defined registers numbered by first definition;
 *  null when a register it defines is also defined or used elsewhere. */
function shapeKey(b: MBlock, f: MFunc, defCount: Uint32Array, useBlock: Int32Array): string | null {
  const local = new Map<number, number>();
  const reg = (v: number) => (local.has(v) ? `l${local.get(v)}` : `g${v}`);
  const parts: string[] = [];
  for (const i of b.insts) {
    if (i.entry || i.ret || i.jt || i.prologue) return null;
    const uses = i.uses.map(reg);
    for (const d of i.defs) {
      if (defCount[d] !== 1 || (useBlock[d] !== -1 && useBlock[d] !== b.id)) return null;
      local.set(d, local.size);
    }
    const call = i.call ? `${i.call.sym ?? ''}/${i.call.indirect ? 1 : 0}/${i.call.insn ?? ''}/${i.call.args.map(reg).join(',')}/${i.call.rets.map(reg).join(',')}` : '';
    const stubs = i.stubs ? JSON.stringify(i.stubs) : '';
    const defs = i.defs.map((d) => `${reg(d)}:${f.vregClass[d]}`).join(',');
    parts.push(`${i.t}|${i.w}|${i.ec ? 1 : 0}|${defs}|${uses.join(',')}|${call}|${stubs}|${(i.targets ?? []).join(',')}`);
  }
  return parts.join('\n');
}
