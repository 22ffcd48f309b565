// Mutable wasm globals kept in registers across a function body (issue 19: an RNG state was
// loaded and stored around every use). A module's own global `g` (a local symbol: only this
// module's code names it; wasm stores never reach it) gets one virtual register G: each
// `global.get` becomes a copy from G, each `global.set` a copy into G. G is loaded at the
// entry and again after an instruction that may write g; it is stored back before one that
// may read g and at the returns, where some path since the last store or load set it.
// "May read/write g": a call whose callees (opt/effects.ts) read or write g, an inline
// system instruction (hvc, svc, msr, wfi, barriers, volatile accesses: where an interrupt
// handler or another agent may look at memory), a call of unknown effect. A trap ends the
// program, so its paths store nothing. Promoted only where the accesses saved, weighted by
// loop depth, outnumber the loads and stores added.
import { reversePostorder, successors, type MFunc, type MInst, type RC } from '../ir/mir.ts';
import { liveIns, liveOuts } from '../ir/liveness.ts';
import { dominators } from './licm.ts';

const LOAD = /^ldr \{d0\}, \[\{u0:x\}, :lo12:(__wasm_global_\d+)\]$/;
const STORE = /^str (\{u0\}|wzr|xzr), \[\{u(\d):x\}, :lo12:(__wasm_global_\d+)\]$/;
/** Mnemonics that touch memory or system state outside wasm's model (gvn.ts's list less
 *  the plain branches). */
const SYSTEM = /^(ld\w*|st\w*|cas\w*|swp\w*|prfm|dc|ic|at|tlbi|sys\w*|msr|mrs|eret|hvc|svc|smc|dmb|dsb|isb|wfi|wfe|sevl?|brk|hlt|yield|clrex)\b/;
/** Runtime routines that touch linear memory only. */
const MEMORY_ONLY = new Set(['__wasm_memmove', '__wasm_memset']);

const weight = (depth: number) => 10 ** Math.min(depth, 3);

/** How instruction `i` (not an access of g itself) may touch global `sym`. */
function touches(i: MInst, sym: string): { read: boolean; write: boolean } {
  const c = i.call;
  if (c) {
    if (c.insn || (c.sym && !c.indirect && MEMORY_ONLY.has(c.sym))) return c.insn ? { read: true, write: true } : { read: false, write: false };
    const write = c.noWrite ? false : c.writes ? c.writes.globals.includes(sym) : true;
    const read = c.reads ? c.reads.includes(sym) : true;
    return { read, write };
  }
  if (i.pure || i.load || i.store || i.readOnly || STORE.test(i.t)) return { read: false, write: false };
  const sys = i.t.split('\n').some((line) => SYSTEM.test(line.trim()));
  return { read: sys, write: sys };
}

interface Site { b: number; k: number; kind: 'load' | 'store' | 'other' }

export function promoteGlobals(f: MFunc): void {
  // Accesses by symbol; a symbol named by any other template stays in memory.
  const bySym = new Map<string, { sites: Site[]; cls?: RC; odd: boolean }>();
  const entry = (sym: string) => bySym.get(sym) ?? (bySym.set(sym, { sites: [], odd: false }), bySym.get(sym)!);
  f.blocks.forEach((b, bi) => {
    b.insts.forEach((i, k) => {
      let m = LOAD.exec(i.t);
      if (m && i.load && i.defs.length === 1) {
        const e = entry(m[1]);
        e.sites.push({ b: bi, k, kind: 'load' });
        e.cls ??= f.vregClass[i.defs[0]];
        return;
      }
      m = STORE.exec(i.t);
      if (m && !i.call && !i.pure && !i.store) {
        const e = entry(m[3]);
        e.sites.push({ b: bi, k, kind: 'store' });
        if (m[1] === '{u0}') e.cls ??= f.vregClass[i.uses[0]];
        else e.cls ??= m[1] === 'wzr' ? 'w' : 'x';
        return;
      }
      if (/^adrp \{d0\}, __wasm_global_\d+$/.test(i.t)) return;
      for (const s of i.t.matchAll(/__wasm_global_\d+/g)) entry(s[0]).odd = true;
    });
  });
  for (const [sym, e] of bySym) {
    if (process.env.GLOBDBG) console.error(f.name, sym, e.odd, e.cls, e.sites.length);
    if (!e.odd && e.cls && e.sites.length >= 2) promote(f, sym, e.cls, e.sites);
  }
}

function promote(f: MFunc, sym: string, cls: RC, sites: Site[]): void {
  const stored = sites.some((s) => s.kind === 'store');
  // A global only read here is already loaded once per stretch without a write to it (GVN,
  // LICM); a register for it would only lengthen its live range.
  if (!stored) return;
  // Cost estimate: what is saved against what is added.
  let saved = 0;
  for (const s of sites) saved += weight(f.blocks[s.b].loopDepth);
  let added = 1; // the entry load
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.ret && stored) added += 1;
      if (LOAD.test(i.t) || STORE.test(i.t)) continue;
      const t = touches(i, sym);
      if (t.write) added += weight(b.loopDepth) * (stored ? 2 : 1);
      else if (t.read && stored) added += weight(b.loopDepth);
    }
  }
  if (saved <= added) return;

  const G = f.vregClass.length;
  f.vregClass.push(cls);
  const w = cls === 'x' || cls === 'w' ? cls : undefined;
  const inserted = new Set<MInst>();
  const page = (): [MInst, number] => {
    const p = f.vregClass.length;
    f.vregClass.push('x');
    return [{ t: `adrp {d0}, ${sym}`, defs: [p], uses: [], w: 'x', pure: true }, p];
  };
  const load = (): MInst[] => {
    const [a, p] = page();
    const l: MInst = { t: `ldr {d0}, [{u0:x}, :lo12:${sym}]`, defs: [G], uses: [p], w, load: true };
    inserted.add(l);
    return [a, l];
  };
  const store = (): MInst[] => {
    const [a, p] = page();
    const s: MInst = { t: `str {u0}, [{u1:x}, :lo12:${sym}]`, defs: [], uses: [G, p], w };
    inserted.add(s);
    return [a, s];
  };

  // Rewrite: accesses become copies; syncs around the instructions that touch g.
  for (const b of f.blocks) {
    const out: MInst[] = [];
    for (const i of b.insts) {
      const ml = LOAD.exec(i.t);
      if (ml && ml[1] === sym && i.load) {
        out.push({ t: 'mov {d0}, {u0}', defs: [i.defs[0]], uses: [G], w: 'x', move: true, pure: true });
        continue;
      }
      const ms = STORE.exec(i.t);
      if (ms && ms[3] === sym && !i.call) {
        if (ms[1] === '{u0}') out.push({ t: 'mov {d0}, {u0}', defs: [G], uses: [i.uses[0]], w: 'x', move: true, pure: true });
        else out.push({ t: `mov {d0}, ${ms[1]}`, defs: [G], uses: [], w, pure: true });
        continue;
      }
      if (i.ret) {
        if (stored) out.push(...store());
        out.push(i);
        continue;
      }
      const t = touches(i, sym);
      if ((t.read || t.write) && stored) out.push(...store());
      out.push(i);
      if (t.write) out.push(...load());
      if (i.entry) out.push(...load());
    }
    b.insts = out;
  }
  if (!f.blocks[0].insts.some((i) => i.entry)) f.blocks[0].insts.unshift(...load());

  pruneSyncs(f, G, inserted);
  sinkEntryLoad(f, G, inserted);
}

/** The entry's load moves down to the nearest block outside loops that dominates every read
 *  it reaches, when nothing before that block defines G: a global read on one path only is
 *  not loaded on the others. */
function sinkEntryLoad(f: MFunc, G: number, inserted: Set<MInst>): void {
  const b0 = f.blocks[0];
  const k = b0.insts.findIndex((i) => inserted.has(i) && i.defs[0] === G);
  if (k < 1 || !b0.insts[k - 1].t.startsWith('adrp ')) return;
  // Blocks where a read of the entry's value comes first.
  const reads = new Set<number>();
  const seen = new Set<number>();
  const work: [number, number][] = [[b0.id, k + 1]];
  while (work.length) {
    const [id, from] = work.pop()!;
    const b = f.byId[id];
    let flows = true;
    for (let j = from; j < b.insts.length && flows; j++) {
      if (b.insts[j].uses.includes(G)) (reads.add(id), (flows = false));
      else if (b.insts[j].defs.includes(G)) flows = false;
    }
    if (!flows) continue;
    for (const t of successors(b)) if (!seen.has(t)) (seen.add(t), work.push([t, 0]));
  }
  if (!reads.size || reads.has(b0.id)) return;
  const idom = dominators(f);
  const { preds } = reversePostorder(f);
  const chain = (id: number) => {
    const c = [id];
    while (idom.get(c[c.length - 1]) !== c[c.length - 1]) c.push(idom.get(c[c.length - 1])!);
    return c;
  };
  let common = chain([...reads][0]);
  for (const id of reads) {
    const c = new Set(chain(id));
    common = common.filter((x) => c.has(x));
  }
  const d = common.find((id) => f.byId[id].loopDepth === 0);
  if (d === undefined || d === b0.id) return;
  // Nothing before d defines G (but the load itself).
  const before = new Set<number>();
  const back = [...(preds.get(d) ?? [])];
  while (back.length) {
    const id = back.pop()!;
    if (before.has(id) || id === d) continue;
    before.add(id);
    back.push(...(preds.get(id) ?? []));
  }
  for (const id of before) for (const i of f.byId[id].insts) if (i.defs.includes(G) && !(id === b0.id && i === b0.insts[k])) return;
  const moved = b0.insts.splice(k - 1, 2);
  f.byId[d].insts.unshift(...moved);
}

/** Loads of G where G is dead after them, and stores where no path since the last load or
 *  store changed G (a may-be-dirty forward data flow), go. */
function pruneSyncs(f: MFunc, G: number, inserted: Set<MInst>): void {
  const isSync = (i: MInst) => inserted.has(i);
  // Dirty: a copy into G since the last load or store of it.
  const { rpo, preds } = reversePostorder(f);
  const dirtyOut = new Map<number, boolean>();
  const step = (i: MInst, d: boolean) => (isSync(i) ? false : i.defs.includes(G) ? true : d);
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of rpo) {
      let d = (preds.get(id) ?? []).some((p) => dirtyOut.get(p));
      for (const i of f.byId[id].insts) d = step(i, d);
      if (dirtyOut.get(id) !== d) (dirtyOut.set(id, d), (changed = true));
    }
  }
  const dropStores = new Set<MInst>();
  for (const id of rpo) {
    let d = (preds.get(id) ?? []).some((p) => dirtyOut.get(p));
    for (const i of f.byId[id].insts) {
      if (isSync(i) && i.uses[0] === G && !d) dropStores.add(i);
      d = step(i, d);
    }
  }
  for (const b of f.blocks) b.insts = b.insts.filter((i) => !dropStores.has(i));
  // Dead loads, by liveness of G alone.
  const li = liveIns(f, (v) => v === G);
  const lo = liveOuts(f, li);
  for (const b of f.blocks) {
    let live = lo.get(b.id)!.has(G);
    const keep: MInst[] = [];
    for (let k = b.insts.length - 1; k >= 0; k--) {
      const i = b.insts[k];
      if (isSync(i) && i.defs[0] === G && !live) continue;
      if (i.defs.includes(G)) live = false;
      if (i.uses.includes(G)) live = true;
      keep.push(i);
    }
    b.insts = keep.reverse();
  }
  // The adrp of a dropped access has no reader left: deadCodeElim takes it.
}
