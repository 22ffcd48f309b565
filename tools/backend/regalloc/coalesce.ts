// Copy coalescing before linear scan: a copy `d = mov s` whose two registers never hold
// different values at once (neither is defined where the other is live afterwards, except by
// a copy between them) is removed, s and d becoming one register. Linear scan alone keeps such
// a copy when an unrelated value took d's register first, e.g. a loop's carry:
//   t = madd x, m, carry;  q = udiv t, B;  r = msub q, B, t;  carry = mov q
// t may take carry's register (carry dies at the madd), and then q cannot: one copy per
// iteration. With q and carry one register, t goes elsewhere.
import type { MFunc, MInst } from '../ir/mir.ts';
import { liveIns, liveOuts } from '../ir/liveness.ts';

const isCopy = (i: MInst) => !!i.move && i.t === 'mov {d0}, {u0}' && i.defs.length === 1 && i.uses.length === 1;

/** Whether a and b interfere: one is defined (not by a copy of the other) where the other is
 *  live after the instruction, or both are written by one instruction, or (an `ec` instruction)
 *  one is written before the other is read. */
function interfere(f: MFunc, liveIn: Map<number, Set<number>>, liveOut: Map<number, Set<number>>, a: number, b: number): boolean {
  const atEntry = liveIn.get(f.blocks[0].id)!;
  if (atEntry.has(a) && atEntry.has(b)) return true; // never defined on some path: no known value
  for (const blk of f.blocks) {
    const live = new Set<number>();
    const lo = liveOut.get(blk.id)!;
    if (lo.has(a)) live.add(a);
    if (lo.has(b)) live.add(b);
    for (let j = blk.insts.length - 1; j >= 0; j--) {
      const i = blk.insts[j];
      const da = i.defs.includes(a);
      const db = i.defs.includes(b);
      if (da && db) return true;
      if (da || db) {
        const other = da ? b : a;
        const copyOfOther = isCopy(i) && i.uses[0] === other;
        if (live.has(other) && !copyOfOther) return true;
        if (i.ec && i.uses.includes(other)) return true;
      }
      if (da) live.delete(a);
      if (db) live.delete(b);
      if (i.uses.includes(a)) live.add(a);
      if (i.uses.includes(b)) live.add(b);
    }
  }
  return false;
}

export function coalesceCopies(f: MFunc) {
  // Parameters stay apart (as in propagateCopies): merged, a parameter would live in a
  // callee-saved register from the entry on, before a shrink-wrapped prologue.
  const params = new Set(f.blocks[0].insts.filter((i) => i.entry).flatMap((i) => i.defs));
  let liveIn = liveIns(f);
  let liveOut = liveOuts(f, liveIn);
  for (const b of f.blocks) {
    // The prologue's copies move values of the frameless part into the framed part's registers
    // (opt/calls.ts): merged, the frameless part would need callee-saved registers.
    if (b.insts.some((i) => i.prologue)) continue;
    for (let k = 0; k < b.insts.length; k++) {
      const c = b.insts[k];
      if (!isCopy(c)) continue;
      const d = c.defs[0];
      const s = c.uses[0];
      if (d === s) {
        b.insts.splice(k--, 1);
        continue;
      }
      if (f.vregClass[d] !== f.vregClass[s] || params.has(s) || params.has(d)) continue;
      if (interfere(f, liveIn, liveOut, s, d)) continue;
      // s becomes d everywhere (call argument/result lists too, where not shared with uses/defs).
      for (const blk of f.blocks) {
        for (const i of blk.insts) {
          const args = i.call && i.call.args !== i.uses ? i.call.args : null;
          const rets = i.call && i.call.rets !== i.defs ? i.call.rets : null;
          for (const list of [i.uses, i.defs, args, rets]) if (list) for (let n = 0; n < list.length; n++) if (list[n] === s) list[n] = d;
        }
      }
      b.insts.splice(k--, 1);
      liveIn = liveIns(f);
      liveOut = liveOuts(f, liveIn);
    }
  }
}
