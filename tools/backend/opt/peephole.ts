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
  // A wrap of a wrap (`i64.extend_i32_u (i32.wrap_i64 x)` is two): both go, so a use of the
  // outer one reads the innermost source, not the inner wrap's (removed) result.
  const source = (d: number): number => {
    while (wraps.has(d)) d = wraps.get(d)!;
    return d;
  };
  for (const b of f.blocks) {
    b.insts = b.insts.filter((i) => !(i.t === WRAP && wraps.has(i.defs[0])));
    for (const i of b.insts) for (let k = 0; k < i.uses.length; k++) if (wraps.has(i.uses[k])) i.uses[k] = source(i.uses[k]);
  }
}

/** Copy propagation after web splitting: the uses of `d = mov s` (d defined only there) read s
 *  directly when s is not redefined on any path from the copy to them. */
export function propagateCopies(f: MFunc) {
  const defCount = new Uint32Array(f.vregClass.length);
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const preds = new Map<number, number[]>(f.blocks.map((b) => [b.id, []]));
  for (const b of f.blocks) for (const i of b.insts) for (const t of i.targets ?? []) if (!preds.get(t)?.includes(b.id)) preds.get(t)?.push(b.id);
  const entry = f.blocks[0].id;
  // Parameters keep their own copies: merged, a parameter would live in a callee-saved
  // register from the entry on, before a shrink-wrapped prologue.
  const params = new Set(f.blocks[0].insts.filter((i) => i.entry).flatMap((i) => i.defs));
  for (const cb of f.blocks) {
    for (let kc = 0; kc < cb.insts.length; kc++) {
      const c = cb.insts[kc];
      if (!c.move || c.t !== 'mov {d0}, {u0}' || c.defs.length !== 1 || c.uses.length !== 1) continue;
      const d = c.defs[0];
      const s = c.uses[0];
      if (d === s || defCount[d] !== 1 || f.vregClass[d] !== f.vregClass[s] || params.has(s)) continue;
      // Every use of d, and whether s stays unchanged from the copy to it.
      const useSites: MInst[] = [];
      let ok = true;
      for (const b of f.blocks) {
        if (!ok) break;
        b.insts.forEach((i, k) => {
          if (!ok || !i.uses.includes(d)) return;
          useSites.push(i);
          if (!clearPath(f, preds, entry, c, cb.id, b.id, k, s)) ok = false;
        });
      }
      if (!ok) continue;
      for (const i of useSites) {
        const shared = i.call && i.call.args === i.uses;
        for (let k = 0; k < i.uses.length; k++) if (i.uses[k] === d) i.uses[k] = s;
        if (i.call && !shared) for (let k = 0; k < i.call.args.length; k++) if (i.call.args[k] === d) i.call.args[k] = s;
      }
      cb.insts.splice(kc, 1);
      kc--;
      defCount[d] = 0;
    }
  }
}

/** No definition of `s` between the copy `c` (in block cb) and the instruction at (ub, uk),
 *  walking backwards over every path; false also when some path does not pass the copy. */
function clearPath(f: MFunc, preds: Map<number, number[]>, entry: number, c: MInst, cb: number, ub: number, uk: number, s: number): boolean {
  const seen = new Set<number>();
  const scan = (bid: number, from: number): 'copy' | 'clobber' | 'open' => {
    const insts = f.byId[bid].insts;
    for (let k = from; k >= 0; k--) {
      if (insts[k] === c) return 'copy';
      if (insts[k].defs.includes(s)) return 'clobber';
    }
    return 'open';
  };
  const work: number[] = [];
  const first = scan(ub, uk - 1);
  if (first === 'copy') return true;
  if (first === 'clobber') return false;
  work.push(ub);
  while (work.length) {
    const b = work.pop()!;
    if (b === entry) return false;
    for (const p of preds.get(b) ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      const r = scan(p, f.byId[p].insts.length - 1);
      if (r === 'clobber') return false;
      if (r === 'open') work.push(p);
    }
  }
  void cb;
  return true;
}

const GLOBAL_ACCESS = /^(?:ldr|str) [^\n]*\[\{u(\d+):x\}, :lo12:(__wasm_global_\d+)\]$/;
const GLOBALS_BASE = 'adrp {d0}, __wasm_globals\nadd {d0}, {d0}, :lo12:__wasm_globals';

/** Globals inside loops: each access is `adrp` + `ldr/str [x, :lo12:sym]`. One base register
 *  (the start of the globals, computed in the loop's preheader) makes each access one `ldr/str
 *  [base, #offset]`. `offsets`: each global's offset from `__wasm_globals`. Runs after GVN and
 *  LICM, which recognise global accesses by their `:lo12:` form. */
export function globalsBase(f: MFunc, offsets: Map<string, number>) {
  if (!f.loops?.length || !offsets.size) return;
  const def = new Map<number, MInst>();
  const defCount = new Uint32Array(f.vregClass.length);
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) (defCount[d]++, def.set(d, i));
  const live = new Set(f.blocks.map((b) => b.id));
  const entry = f.blocks[0].id;
  for (const l of f.loops) {
    if (l.depth !== 1 || !live.has(l.pre) || !live.has(l.head)) continue;
    const sites: { i: MInst; k: number; sym: string; off: number }[] = [];
    const blocks = new Set<number>();
    for (let id = l.first; id <= l.last; id++) {
      if (!live.has(id)) continue;
      for (const i of f.byId[id].insts) {
        const m = GLOBAL_ACCESS.exec(i.t);
        if (!m) continue;
        const k = Number(m[1]);
        const off = offsets.get(m[2]);
        const p = def.get(i.uses[k]);
        if (off === undefined || off > 16376 || !p || p.t !== `adrp {d0}, ${m[2]}` || defCount[i.uses[k]] !== 1) continue;
        sites.push({ i, k, sym: m[2], off });
        blocks.add(id);
      }
    }
    if (!sites.length) continue;
    // The preheader must dominate every access: none is reachable from the entry around it.
    const seen = new Set<number>([entry]);
    const work = entry === l.pre ? [] : [entry];
    let dominated = true;
    while (dominated && work.length) {
      const b = f.byId[work.pop()!];
      if (blocks.has(b.id)) dominated = false;
      for (const i of b.insts) for (const t of i.targets ?? []) if (t !== l.pre && !seen.has(t)) (seen.add(t), work.push(t));
    }
    const pre = f.byId[l.pre];
    const last = pre.insts[pre.insts.length - 1];
    if (!dominated || !last || last.t !== 'b {B0}') continue;
    const base = f.vregClass.length;
    f.vregClass.push('x');
    pre.insts.splice(pre.insts.length - 1, 0, { t: GLOBALS_BASE, defs: [base], uses: [], w: 'x', pure: true });
    for (const s of sites) {
      s.i.t = s.i.t.replace(`:lo12:${s.sym}]`, `#${s.off}]`);
      s.i.uses[s.k] = base;
    }
  }
}

/** `ldr wT, [..]` + `sxtw xD, wT` (i64.extend_i32_s of a load, T used only there) is one
 *  `ldrsw xD, [..]`. */
export function fuseSignExtendLoads(f: MFunc) {
  const useCount = new Uint32Array(f.vregClass.length);
  const defCount = new Uint32Array(f.vregClass.length);
  const def = new Map<number, MInst>();
  for (const b of f.blocks) {
    for (const i of b.insts) {
      for (const u of i.uses) useCount[u]++;
      for (const d of i.defs) (defCount[d]++, def.set(d, i));
    }
  }
  const drop = new Set<MInst>();
  for (const b of f.blocks) {
    b.insts.forEach((i, j) => {
      if (i.t !== 'sxtw {d0:x}, {u0:w}' || i.defs.length !== 1) return;
      const t = i.uses[0];
      const ld = def.get(t);
      if (!ld || !ld.load || defCount[t] !== 1 || useCount[t] !== 1 || ld.w !== 'w' || ld.defs.length !== 1 || f.vregClass[t] !== 'w') return;
      // The load now writes D itself: nothing between the two may read or write D.
      const k = b.insts.indexOf(ld);
      const d = i.defs[0];
      if (k < 0 || k > j || b.insts.slice(k + 1, j).some((x) => x.uses.includes(d) || x.defs.includes(d))) return;
      const m = /^(ldr|ldur) \{d0(?::w)?\}, (\[[^\n]*\])$/.exec(ld.t);
      if (!m || ld.uses.includes(d)) return;
      ld.t = `${m[1] === 'ldr' ? 'ldrsw' : 'ldursw'} {d0:x}, ${m[2]}`;
      ld.defs[0] = d;
      drop.add(i);
    });
  }
  if (drop.size) for (const b of f.blocks) b.insts = b.insts.filter((i) => !drop.has(i));
}
