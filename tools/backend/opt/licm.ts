// Loop-invariant code motion on the machine IR: pure instructions (constants, address
// arithmetic, ...) whose operands are not computed in the loop move to the loop's preheader,
// innermost loops first, so that an invariant climbs out of a whole loop nest. Loads stay
// (moving one could trap where the program would not); only single-definition registers move.
import type { MFunc, MInst } from '../ir/mir.ts';

const READS_FLAGS = /\b(cset|csetm|csel|fcsel|csinc|csinv|csneg|cinc|adc|sbc|b\.)/;

export function hoistInvariants(f: MFunc) {
  if (!f.loops?.length) return;
  const defCount = new Uint32Array(f.vregClass.length);
  const live = new Set(f.blocks.map((b) => b.id));
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const loops = [...f.loops].sort((a, b) => b.depth - a.depth);
  const hoistedOnce = new Set<MInst>();
  for (const l of loops) {
    const inLoop = (id: number) => id >= l.first && id <= l.last && live.has(id);
    const pre = f.byId[l.pre];
    // Registers defined inside the loop.
    const definedIn = new Set<number>();
    for (let id = l.first; id <= l.last; id++) if (inLoop(id)) for (const i of f.byId[id].insts) for (const d of i.defs) definedIn.add(d);
    const hoisted: MInst[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (let id = l.first; id <= l.last; id++) {
        if (!inLoop(id)) continue;
        const b = f.byId[id];
        // Trap paths are cold: their constants stay there.
        if (!b.insts.some((i) => i.targets?.length || i.ret)) continue;
        b.insts = b.insts.filter((i) => {
          if (hoistedOnce.has(i)) return true; // one level only: long ranges cost registers
          if (READS_FLAGS.test(i.t)) return true; // tied to the compare before it
          if (!i.pure || i.move || i.targets || i.call || i.stubs || i.entry || i.ret || i.defs.length === 0) return true;
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
