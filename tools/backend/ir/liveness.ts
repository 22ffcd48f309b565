// Block-level liveness of virtual registers, by backward data flow over the CFG: used by the
// register allocator, the web splitter and shrink-wrapping. Successor ids that are not among
// f.blocks (removed blocks) are ignored.
import { successors, type MFunc } from './mir.ts';

/** Live-in sets by block id, of the registers `track` accepts (all by default). */
export function liveIns(f: MFunc, track: (v: number) => boolean = () => true): Map<number, Set<number>> {
  const kill = new Map<number, Set<number>>();
  const liveIn = new Map<number, Set<number>>();
  for (const b of f.blocks) {
    const g = new Set<number>();
    const k = new Set<number>();
    for (const i of b.insts) {
      for (const u of i.uses) if (track(u) && !k.has(u)) g.add(u);
      for (const d of i.defs) if (track(d)) k.add(d);
    }
    kill.set(b.id, k);
    liveIn.set(b.id, g);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let bi = f.blocks.length - 1; bi >= 0; bi--) {
      const b = f.blocks[bi];
      const inn = liveIn.get(b.id)!;
      const k = kill.get(b.id)!;
      for (const s of successors(b)) {
        const si = liveIn.get(s);
        if (si) for (const v of si) if (!k.has(v) && !inn.has(v)) (inn.add(v), (changed = true));
      }
    }
  }
  return liveIn;
}

/** Live-out sets by block id: the union of the successors' live-in sets. */
export function liveOuts(f: MFunc, liveIn: Map<number, Set<number>>): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const b of f.blocks) {
    const o = new Set<number>();
    for (const s of successors(b)) for (const v of liveIn.get(s) ?? []) o.add(v);
    out.set(b.id, o);
  }
  return out;
}
