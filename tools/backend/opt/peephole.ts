// Peepholes on the machine IR before register allocation.
//  - `i32.wrap_i64` is `mov wD, wS` (it clears the upper half, which i32 registers keep zero
//    for addressing and calls). When every reader of D looks only at its low 32 bits (w view:
//    32-bit arithmetic, compares, 32-bit stores), the reader can take S directly.
import type { MFunc, MInst } from '../ir/mir.ts';

const WRAP = 'mov {d0:w}, {u0:w}';

/** The register views (w/x) through which instruction `i` reads its use number `k`; null if it
 *  reads it in a way the template does not show (calls, moves, returns). */
function useViews(i: MInst, k: number): string[] | null {
  if (i.call || i.move || i.ret || i.entry) return null;
  const views: string[] = [];
  const re = /\{u(\d+)(?::([a-z]))?\}/g;
  const texts = [i.t, ...(i.stubs ?? []).map((s) => s.pre ?? '')];
  for (const t of texts) for (const m of t.matchAll(re)) if (Number(m[1]) === k) views.push(m[2] ?? i.w ?? 'w');
  return views;
}

export function foldWraps(f: MFunc) {
  const defCount = new Uint32Array(f.vregClass.length);
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const wraps = new Map<number, number>(); // d -> s
  for (const b of f.blocks) for (const i of b.insts) if (i.t === WRAP && i.defs.length === 1 && i.uses.length === 1 && !i.move && defCount[i.defs[0]] === 1 && defCount[i.uses[0]] === 1) wraps.set(i.defs[0], i.uses[0]);
  if (!wraps.size) return;
  for (const b of f.blocks) {
    for (const i of b.insts) {
      i.uses.forEach((u, k) => {
        if (!wraps.has(u)) return;
        const v = useViews(i, k);
        if (!v || v.length === 0 || v.some((x) => x !== 'w')) wraps.delete(u);
      });
    }
  }
  if (!wraps.size) return;
  for (const b of f.blocks) {
    b.insts = b.insts.filter((i) => !(i.t === WRAP && wraps.has(i.defs[0])));
    for (const i of b.insts) for (let k = 0; k < i.uses.length; k++) if (wraps.has(i.uses[k])) i.uses[k] = wraps.get(i.uses[k])!;
  }
}
