// Loop-invariant code motion on the machine IR: pure instructions (constants, address
// arithmetic, ...) that run on every iteration and whose operands are not computed in the loop
// move to the loop's preheader (one level). Loads stay
// (moving one could trap where the program would not); only single-definition registers move.
import { successors, type MFunc, type MInst } from '../ir/mir.ts';

/** Immediate dominators (Cooper, Harvey, Kennedy) of the blocks reachable from the entry. */
function dominators(f: MFunc): Map<number, number> {
  const order: number[] = [];
  const seen = new Set<number>();
  const dfs = (id: number) => {
    seen.add(id);
    for (const s of successors(f.byId[id])) if (!seen.has(s)) dfs(s);
    order.push(id);
  };
  dfs(f.blocks[0].id);
  const rpo = order.reverse();
  const index = new Map(rpo.map((id, i) => [id, i]));
  const preds = new Map<number, number[]>(rpo.map((id) => [id, []]));
  for (const id of rpo) for (const s of successors(f.byId[id])) preds.get(s)?.push(id);
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

export function hoistInvariants(f: MFunc) {
  if (!f.loops?.length) return;
  const defCount = new Uint32Array(f.vregClass.length);
  const live = new Set(f.blocks.map((b) => b.id));
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const loops = [...f.loops].sort((a, b) => b.depth - a.depth);
  const idom = dominators(f);
  const dominates = (a: number, b: number) => {
    for (let x = b; ; x = idom.get(x)!) {
      if (x === a) return true;
      if (x === idom.get(x) || !idom.has(x)) return false;
    }
  };
  const hoistedOnce = new Set<MInst>();
  for (const l of loops) {
    const inLoop = (id: number) => id >= l.first && id <= l.last && live.has(id);
    const pre = f.byId[l.pre];
    // Registers defined inside the loop.
    const definedIn = new Set<number>();
    for (let id = l.first; id <= l.last; id++) if (inLoop(id)) for (const i of f.byId[id].insts) for (const d of i.defs) definedIn.add(d);
    const hoisted: MInst[] = [];
    const latches: number[] = [];
    for (let id = l.first; id <= l.last; id++) if (inLoop(id) && successors(f.byId[id]).includes(l.head)) latches.push(id);
    if (!latches.length) continue;
    for (let changed = true; changed; ) {
      changed = false;
      for (let id = l.first; id <= l.last; id++) {
        if (!inLoop(id)) continue;
        const b = f.byId[id];
        // Only from blocks that run on every iteration (they dominate every back edge): an
        // invariant on a rarely taken path would hold a register for nothing.
        if (!latches.every((lt) => dominates(id, lt))) continue;
        b.insts = b.insts.filter((i) => {
          if (hoistedOnce.has(i)) return true; // one level only: long ranges cost registers
          if (READS_FLAGS.test(i.t)) return true; // tied to the compare before it
          if (!i.pure || i.targets || i.call || i.stubs || i.entry || i.ret || i.defs.length === 0) return true;
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
  }
}
