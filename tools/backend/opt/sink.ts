// Sinking definitions along the one edge that needs them, after block layout.
//
// `x++` whose old value is still read afterwards (`code[pc++]`) lowers to `old = mov x;
// x = add old, #1`, then the bounds check of `code[old]` (`cmp; b.hs abort`), then, in the
// block the check falls into, the element address from `old`. Old and new x are live at once
// from the add to that address, so the copy stays. The abort path never reads x, so the add
// may move into the fall-through block and down below the last read of `old` there: the two
// no longer overlap and the allocator gives them one register (the copy disappears).
//
// In general: a pure, flag-neutral instruction defining d moves from block B to successor S
// when nothing after it in B reads or writes d or writes its operands, d is live into S and
// into no other successor of B, and S has B as its only predecessor (and is not the entry).
// Every path from the old position that reads d then passes the new one, with the operands
// unchanged; paths that leave B elsewhere (or trap in between) never read d. Inside S the
// instruction goes down to just before the first instruction that reads d, writes d or one of
// its operands, or branches; when it reaches S's branches untouched it may continue into a
// successor of S by the same rule. S runs at most as often as B, so no path runs more
// instructions than before. When d is live into two successors, each reached only from B, a
// copy goes into each (one runs per path); copies that end at the end of every predecessor of
// a join, with nothing after them but the jump there, become one again at the join's start and
// go on down (`out[k++] = c ? a[i++] : b[j++]`: k's increment passes the `?:` to below the
// store of the old k).
import { successors, type MFunc, type MInst } from '../ir/mir.ts';
import { liveIns } from '../ir/liveness.ts';

/** Single-line integer operations that neither read nor write the flags nor memory. */
const MOVABLE = /^(add|sub|orr|eor|and|bic|orn|eon|lsl|lsr|asr|ror|mov|movz|movn|movk|mul|madd|msub|mneg|smull|umull|smaddl|umaddl|neg|mvn|sxtw|sxth|sxtb|uxtb|uxth|ubfx|sbfx|ubfiz|sbfiz|ubfm|sbfm) /;

function movable(i: MInst): boolean {
  if (!i.pure || i.move || i.ec || i.load || i.targets || i.call || i.stubs || i.jt || i.entry || i.ret || i.defs.length !== 1) return false;
  return i.t.split('\n').every((line) => MOVABLE.test(line.trim()));
}

/** Whether `j` must stay after `i`: it reads or writes i's result or writes one of its operands. */
function pinned(i: MInst, j: MInst): boolean {
  const d = i.defs[0];
  return j.uses.includes(d) || j.defs.includes(d) || j.defs.some((x) => i.uses.includes(x)) || !!j.entry;
}

/** Control leaves the block here (a branch, jump table, return). */
function branches(j: MInst): boolean {
  return !!(j.targets || j.jt || j.ret);
}

export function sinkDefs(f: MFunc) {
  const entry = f.blocks[0].id;
  const preds = new Map<number, number[]>(f.blocks.map((b) => [b.id, []]));
  for (const b of f.blocks) for (const s of successors(b)) preds.get(s)?.push(b.id);
  let liveIn = liveIns(f);
  let budget = 4 * f.blocks.length; // moves per instruction (copies included)

  /** The successors instruction `k` of block `bid` may move into: those d is live into, each
   *  reached only from `bid` (a copy goes into each when there are two); or null. */
  const targets = (bid: number, k: number): number[] | null => {
    const b = f.byId[bid];
    const i = b.insts[k];
    for (let j = k + 1; j < b.insts.length; j++) if (pinned(i, b.insts[j])) return null;
    const into = successors(b).filter((s) => liveIn.get(s)?.has(i.defs[0]));
    if (into.length === 0 || into.length > 2) return null;
    return into.every((s) => s !== entry && s !== bid && preds.get(s)!.length === 1) ? into : null;
  };

  /** Put `i` in block `s` as far down as it may go, and on into s's successors while the rule
   *  holds; returns where its copies ended. */
  const place = (i: MInst, s: number): { i: MInst; b: number }[] => {
    const insts = f.byId[s].insts;
    let p = 0;
    while (p < insts.length && !branches(insts[p]) && !pinned(i, insts[p])) p++;
    insts.splice(p, 0, i);
    const next = budget-- > 0 ? targets(s, p) : null;
    if (next === null) return [{ i, b: s }];
    insts.splice(p, 1);
    return next.flatMap((t, n) => place(n === 0 ? i : { ...i, defs: [...i.defs], uses: [...i.uses] }, t));
  };

  /** Copies that ended at the end of every predecessor of a join (nothing after them but the
   *  jump to it) become one, at the join's start, and go on down from there. */
  const merge = (copies: { i: MInst; b: number }[]): void => {
    for (let again = true; again && copies.length > 1; ) {
      again = false;
      const atEnd = copies.filter(({ i, b }) => {
        const insts = f.byId[b].insts;
        const k = insts.indexOf(i);
        return insts.slice(k + 1).every(branches) && successors(f.byId[b]).length === 1;
      });
      for (const c of atEnd) {
        const j = successors(f.byId[c.b])[0];
        const from = atEnd.filter((x) => successors(f.byId[x.b])[0] === j);
        const ps = preds.get(j)!;
        if (j === entry || ps.length !== from.length || !ps.every((p) => from.some((x) => x.b === p))) continue;
        for (const x of from) f.byId[x.b].insts.splice(f.byId[x.b].insts.indexOf(x.i), 1);
        copies = [...copies.filter((x) => !from.includes(x)), ...place(c.i, j)];
        again = true;
        break;
      }
    }
  };

  for (const b of f.blocks) {
    for (let k = b.insts.length - 1; k >= 0; k--) {
      const i = b.insts[k];
      if (!movable(i)) continue;
      const first = targets(b.id, k);
      if (first === null) continue;
      b.insts.splice(k, 1);
      budget = 4 * f.blocks.length;
      const copies = first.flatMap((t, n) => place(n === 0 ? i : { ...i, defs: [...i.defs], uses: [...i.uses] }, t));
      merge(copies);
      liveIn = liveIns(f);
    }
  }
}

/** GVN turns a local's constant (`mov wD, wzr`) into a copy of an earlier register holding the
 *  same constant. When that register is otherwise unrelated, the copy keeps it live across
 *  everything in between (a loop) for no gain: the constant goes back in place of the copy. */
export function rematerializeConstants(f: MFunc) {
  const defCount = new Uint32Array(f.vregClass.length);
  const defOf = new Map<number, MInst>();
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) (defCount[d]++, defOf.set(d, i));
  for (const b of f.blocks) {
    b.insts.forEach((c, k) => {
      if (!c.move || c.t !== 'mov {d0}, {u0}' || c.defs.length !== 1 || defCount[c.defs[0]] < 2) return;
      const s = c.uses[0];
      const src = defOf.get(s);
      if (!src || defCount[s] !== 1 || src.uses.length || !movable(src) || f.vregClass[s] !== f.vregClass[c.defs[0]]) return;
      b.insts[k] = { t: src.t, defs: [c.defs[0]], uses: [], w: src.w, pure: true };
    });
  }
}
