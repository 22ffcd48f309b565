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

/** The tail starting at f.blocks[pos]: it and the blocks it falls through into, or null when
 *  it is too big or holds what must not be copied. */
function tailAt(f: MFunc, pos: number, from: MBlock, cold: Set<number>): MBlock[] | null {
  const chain: MBlock[] = [];
  let n = 0;
  for (let p = pos; ; p++) {
    const b = f.blocks[p];
    if (b === from || b === f.blocks[0] || chain.includes(b) || cold.has(b.id)) return null;
    // Calls share their argument list with their uses; entry and prologue exist once.
    if (b.insts.some((i) => i.call || i.entry || i.prologue)) return null;
    n += size(b);
    if (n > TAIL_MAX) return null;
    chain.push(b);
    const next = f.blocks[p + 1];
    if (!next || !fallsInto(b, next.id)) return chain;
  }
}

/** The block continues into `next` without a jump once branches are selected: its final jump
 *  goes there, or (invertible) the conditional branch before it. */
function fallsInto(b: MBlock, next: number): boolean {
  const n = b.insts.length;
  const last = b.insts[n - 1];
  if (!isJump(last)) return false;
  if (last.targets![0] === next) return true;
  const cond = b.insts[n - 2];
  return !!cond && cond.targets?.length === 1 && cond.targets[0] === next && !cond.stubs && !cond.jt && invertBranch(cond.t) !== null;
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
    const pos = f.blocks.findIndex((x) => x.id === target);
    const chain = pos < 0 ? null : tailAt(f, pos, b, cold);
    if (!chain) continue;
    const copies: MBlock[] = chain.map((c) => {
      const nb: MBlock = { id: f.byId.length, insts: c.insts.map(clone), loopDepth: c.loopDepth };
      f.byId.push(nb);
      return nb;
    });
    // Each copy continues into the next copy, as the originals did.
    copies.forEach((c, i) => {
      if (i + 1 === copies.length) return;
      const n = c.insts.length;
      for (const ins of c.insts.slice(n - 2)) if (ins.targets?.length === 1 && ins.targets[0] === chain[i + 1].id) ins.targets = [copies[i + 1].id];
    });
    b.insts[b.insts.length - 1] = { ...last, targets: [copies[0].id] };
    f.blocks.splice(k + 1, 0, ...copies);
    budget -= chain.reduce((n, c) => n + size(c), 0);
  }
  // Tails whose every predecessor got its own copy are gone.
  const reach = new Set<number>([f.blocks[0].id]);
  const work = [f.blocks[0].id];
  while (work.length) for (const s of successors(f.byId[work.pop()!])) if (!reach.has(s)) (reach.add(s), work.push(s));
  f.blocks = f.blocks.filter((x) => reach.has(x.id));
}
