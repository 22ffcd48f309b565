// Live-range splitting into webs before register allocation: a virtual register defined in
// several places (a wasm local, which binaryen/asc reuse for unrelated values; a block's
// result register) is split into one register per web — the definitions that reach a common
// use, joined where the register is live at a merge point. Each web then gets its own live
// interval, so an unrelated short-lived reuse no longer ties up one register over the whole
// function, and copies between a web and its source can share a register.
import { successors, type MFunc, type MInst } from '../ir/mir.ts';
import { liveIns } from '../ir/liveness.ts';

export function splitWebs(f: MFunc) {
  const n = f.vregClass.length;
  const defCount = new Uint32Array(n);
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const multi = (v: number) => defCount[v] >= 2;
  if (!f.blocks.some((b) => b.insts.some((i) => i.defs.some(multi)))) return;

  // Liveness of the multiply-defined registers.
  const preds = new Map<number, number[]>(f.blocks.map((b) => [b.id, []]));
  for (const b of f.blocks) for (const s of successors(b)) preds.get(s)?.push(b.id);
  const liveIn = liveIns(f, multi);

  // Definition sites, joined (union-find) where they reach the same point of liveness.
  const parent: number[] = [];
  const siteVreg: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const siteOf = new Map<MInst, number[]>(); // per instruction: the site of each def
  for (const b of f.blocks) {
    for (const i of b.insts) {
      const sites = i.defs.map((d) => {
        if (!multi(d)) return -1;
        parent.push(parent.length);
        siteVreg.push(d);
        return parent.length - 1;
      });
      siteOf.set(i, sites);
    }
  }
  const unsafe = new Set<number>();
  const outState = new Map<number, Map<number, number>>();
  const useSite = new Map<MInst, number[]>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of f.blocks) {
      const cur = new Map<number, number>();
      for (const v of liveIn.get(b.id)!) {
        let rep = -1;
        for (const p of preds.get(b.id)!) {
          const s = outState.get(p)?.get(v);
          if (s === undefined) continue;
          if (rep < 0) rep = s;
          else if (find(rep) !== find(s)) (union(rep, s), (changed = true));
        }
        if (rep >= 0) cur.set(v, rep);
      }
      for (const i of b.insts) {
        useSite.set(i, i.uses.map((u) => {
          if (!multi(u)) return -1;
          const s = cur.get(u);
          if (s === undefined) {
            unsafe.add(u);
            return -1;
          }
          return s;
        }));
        const sites = siteOf.get(i)!;
        i.defs.forEach((d, k) => {
          if (sites[k] >= 0) cur.set(d, sites[k]);
        });
      }
      const prev = outState.get(b.id);
      if (!prev || prev.size !== cur.size || [...cur].some(([v, s]) => prev.get(v) === undefined || find(prev.get(v)!) !== find(s))) changed = true;
      outState.set(b.id, cur);
    }
  }
  // A use reached by no definition on some path (entry): unsafe only where it was seen before
  // the fixpoint settled; recheck on the final state.
  unsafe.clear();
  for (const b of f.blocks) for (const i of b.insts) useSite.get(i)!.forEach((s, k) => { if (s < 0 && multi(i.uses[k])) unsafe.add(i.uses[k]); });

  // One register per web: the first web keeps the original.
  const webReg = new Map<number, number>(); // root site -> vreg
  const firstRoot = new Map<number, number>();
  const regOf = (site: number): number => {
    const v = siteVreg[site];
    if (unsafe.has(v)) return v;
    const r = find(site);
    let w = webReg.get(r);
    if (w === undefined) {
      if (!firstRoot.has(v)) (firstRoot.set(v, r), (w = v));
      else {
        w = f.vregClass.length;
        f.vregClass.push(f.vregClass[v]);
      }
      webReg.set(r, w);
    }
    return w;
  };
  for (const b of f.blocks) {
    for (const i of b.insts) {
      const us = useSite.get(i)!;
      const ds = siteOf.get(i)!;
      const useMap = new Map<number, number>();
      const defMap = new Map<number, number>();
      i.uses.forEach((u, k) => { if (us[k] >= 0) useMap.set(u, regOf(us[k])); });
      i.defs.forEach((d, k) => { if (ds[k] >= 0) defMap.set(d, regOf(ds[k])); });
      if (!useMap.size && !defMap.size) continue;
      const args = i.call?.args;
      const rets = i.call?.rets;
      const sharedArgs = args === i.uses;
      const sharedRets = rets === i.defs;
      for (let k = 0; k < i.uses.length; k++) i.uses[k] = useMap.get(i.uses[k]) ?? i.uses[k];
      for (let k = 0; k < i.defs.length; k++) i.defs[k] = defMap.get(i.defs[k]) ?? i.defs[k];
      if (i.call && args && !sharedArgs) for (let k = 0; k < args.length; k++) args[k] = useMap.get(args[k]) ?? args[k];
      if (i.call && rets && !sharedRets) for (let k = 0; k < rets.length; k++) rets[k] = defMap.get(rets[k]) ?? rets[k];
    }
  }
}
