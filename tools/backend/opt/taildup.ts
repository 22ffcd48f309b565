// Tail duplication, part of block layout (after the hot/cold order is fixed, before branch
// selection): a loop block that ends by jumping to a block that does not follow it gets its own
// copy of that block and of the blocks the copy falls through into, up to the first that does
// not fall through (a jump elsewhere, a return, a `br` through a jump table). The copy follows
// the block, so the jump goes: an interpreter's handlers each get their own dispatch (no jump
// back to a shared one), an if/else's arm its own join. Only small tails are copied, and a
// function's copies are bounded in all.
import { successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { invertBranch } from './layout.ts';

/** Largest tail copied (machine instructions, counting each line of a template). */
const TAIL_MAX = 20;
/** Instructions a function may grow by. */
const GROWTH_MAX = 600;

const isJump = (i: MInst | undefined): boolean => !!i && i.t === 'b {B0}' && i.targets?.length === 1 && !i.stubs;
const size = (b: MBlock): number => b.insts.reduce((n, i) => n + (i.t ? i.t.split('\n').length : 0), 0);

function clone(i: MInst): MInst {
  return { ...i, defs: [...i.defs], uses: [...i.uses], targets: i.targets && [...i.targets], stubs: i.stubs?.map((s) => ({ ...s })) };
}

/** Where a block goes on: the target of its final jump, or (when hotter: deeper in loops) the
 *  target of the invertible conditional branch before it. null when it does not go on by a
 *  branch that layout could turn into a fall-through (a return, a `br`, a trap). */
function onward(f: MFunc, b: MBlock, cold: Set<number>): number | null {
  const n = b.insts.length;
  const last = b.insts[n - 1];
  if (!isJump(last)) return null;
  const y = last.targets![0];
  const cond = b.insts[n - 2];
  if (!cond || cond.targets?.length !== 1 || cond.stubs || cond.jt || invertBranch(cond.t) === null) return y;
  const x = cond.targets[0];
  const depth = (id: number) => (cold.has(id) ? -1 : f.byId[id].loopDepth);
  return depth(x) > depth(y) ? x : y;
}

/** The tail from block `start`: it and the blocks it goes on into, up to one that does not go
 *  on (a return, a `br`, a trap) or that jumped on before too; cut back to the last such block
 *  when it grows too big or reaches what must not be copied; null when there is none. With
 *  each block, the successor its copy falls into (null: the copy ends as its original). */
function tailAt(f: MFunc, start: number, from: MBlock, cold: Set<number>): { chain: MBlock[]; next: (number | null)[] } | null {
  const chain: MBlock[] = [];
  const next: (number | null)[] = [];
  const pos = new Map(f.blocks.map((b, k) => [b.id, k]));
  // Longest prefix whose last copy costs no more than its original: it went on by a branch
  // there too (a fall-through would become a jump).
  let good = 0;
  const cut = () => (good ? { chain: chain.slice(0, good), next: [...next.slice(0, good - 1), null] } : null);
  let n = 0;
  for (let id = start; ; ) {
    const b = f.byId[id];
    if (b === from || b === f.blocks[0] || chain.includes(b) || cold.has(b.id)) return cut();
    // Calls share their argument list with their uses; entry and prologue exist once.
    if (b.insts.some((i) => i.call || i.entry || i.prologue)) return cut();
    n += size(b);
    if (n > TAIL_MAX) return cut();
    chain.push(b);
    const s = onward(f, b, cold);
    const jumped = s === null || f.blocks[pos.get(b.id)! + 1]?.id !== s;
    if (jumped) good = chain.length;
    const stop = s === null || s === from.id || s === f.blocks[0].id || cold.has(s) || chain.some((c) => c.id === s);
    if (stop) {
      next.push(null);
      return cut();
    }
    next.push(s);
    id = s;
  }
}

export function duplicateTails(f: MFunc, cold: Set<number>) {
  let budget = GROWTH_MAX;
  for (let k = 0; k < f.blocks.length && budget > 0; k++) {
    const b = f.blocks[k];
    if (b.loopDepth === 0 || cold.has(b.id)) continue;
    const last = b.insts[b.insts.length - 1];
    if (!isJump(last)) continue;
    const target = last.targets![0];
    if (target === f.blocks[k + 1]?.id) continue;
    const tail = tailAt(f, target, b, cold);
    if (!tail) continue;
    const { chain, next } = tail;
    const copies: MBlock[] = chain.map((c) => {
      const nb: MBlock = { id: f.byId.length, insts: c.insts.map(clone), loopDepth: c.loopDepth };
      f.byId.push(nb);
      return nb;
    });
    // Each copy goes on into the next copy, as the originals went on into the next original.
    copies.forEach((c, i) => {
      const n = c.insts.length;
      if (next[i] !== null) for (const ins of c.insts.slice(n - 2)) if (ins.targets?.length === 1 && ins.targets[0] === next[i]) ins.targets = [copies[i + 1].id];
    });
    b.insts[b.insts.length - 1] = { ...last, targets: [copies[0].id] };
    f.blocks.splice(k + 1, 0, ...copies);
    budget -= chain.reduce((n, c) => n + size(c), 0);
    k += copies.length; // the copies themselves end as their originals do
  }
  // Tails whose every predecessor got its own copy are gone.
  const reach = new Set<number>([f.blocks[0].id]);
  const work = [f.blocks[0].id];
  while (work.length) for (const s of successors(f.byId[work.pop()!])) if (!reach.has(s)) (reach.add(s), work.push(s));
  f.blocks = f.blocks.filter((x) => reach.has(x.id));
}
