// What each function may write — wasm memory, and which globals — transitively through
// `call` and `call_indirect` (the table is immutable: table.* instructions are refused). A
// call whose callees write nothing leaves earlier loads valid (opt/gvn.ts clobbersMemory);
// one that writes only some globals leaves the loads of the others valid (writtenRegions).
// An import (a symbol of a .S file or the runtime) may write memory and the globals it can
// name — imported and exported ones; a module-internal global has a local symbol, like a C
// static whose address never escapes.
import type { Module } from '../wasm/module.ts';

/** global.set, stores, memory.grow, memory.init, data.drop, memory.copy, memory.fill. */
const WRITES = new Set([0x24, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x40, 0xfc08, 0xfc09, 0xfc0a, 0xfc0b]);

/** What a call may write: linear memory, and which wasm globals (null: any of them); and
 *  which globals it may read (null: any), for globals kept in registers (opt/globals.ts). */
export interface WriteSet { mem: boolean; globals: Set<number> | null; reads: Set<number> | null }

export interface Effects {
  /** By function index / canonical type id (every table entry of that signature). */
  funcSets: WriteSet[];
  typeSets: Map<number, WriteSet>;
}

/** Whether a write set is empty: calls with it leave every load valid. */
export const writesNothing = (w: WriteSet): boolean => !w.mem && w.globals !== null && w.globals.size === 0;

const all = (): WriteSet => ({ mem: true, globals: null, reads: null });
/** a ∪= b over nullable sets (null: everything); whether a grew. */
function joinSet(a: Set<number> | null, b: Set<number> | null): [Set<number> | null, boolean] {
  if (a === null) return [null, false];
  if (b === null) return [null, true];
  let grew = false;
  for (const g of b) if (!a.has(g)) a.add(g), (grew = true);
  return [a, grew];
}
/** a ∪= b; whether a grew. */
function join(a: WriteSet, b: WriteSet): boolean {
  let grew = false;
  if (b.mem && !a.mem) (a.mem = true), (grew = true);
  const [g, gg] = joinSet(a.globals, b.globals);
  const [r, rg] = joinSet(a.reads, b.reads);
  a.globals = g;
  a.reads = r;
  return grew || gg || rg;
}

export function computeEffects(m: Module, typeIds: number[]): Effects {
  const n = m.funcTypes.length;
  const nameable = new Set<number>();
  for (let g = 0; g < m.numImportedGlobals; g++) nameable.add(g);
  for (const e of m.exports) if (e.kind === 'global') nameable.add(e.index);
  const sets: WriteSet[] = Array.from({ length: n }, (_, f) => (f < m.numImportedFuncs ? { mem: true, globals: new Set(nameable), reads: new Set(nameable) } : { mem: false, globals: new Set<number>(), reads: new Set<number>() }));
  const table: number[] = [];
  let unknownTable = false;
  for (const e of m.elems) {
    if (e.offset?.kind !== 'const') unknownTable = true;
    for (const f of e.funcs) if (f !== null) table.push(f);
  }
  const typeOf = (f: number) => typeIds[m.funcTypes[f]];
  const direct: number[][] = [];
  const indirect: number[][] = [];
  m.bodies.forEach((b, i) => {
    const f = m.numImportedFuncs + i;
    direct.push([]);
    indirect.push([]);
    if (b.unsupported) sets[f] = all();
    for (const ins of b.code) {
      if (WRITES.has(ins.op)) {
        if (ins.op === 0x24) sets[f].globals?.add(ins.a!);
        else sets[f].mem = true;
      } else if (ins.op === 0x23) sets[f].reads?.add(ins.a!);
      else if (ins.op === 0x10) direct[i].push(ins.a!);
      else if (ins.op === 0x11) indirect[i].push(ins.a! < typeIds.length ? typeIds[ins.a!] : -1);
    }
  });
  const typeSet = (t: number): WriteSet => {
    if (t < 0 || unknownTable) return all();
    const u: WriteSet = { mem: false, globals: new Set(), reads: new Set() };
    for (const f of table) if (typeOf(f) === t) join(u, sets[f]);
    return u;
  };
  // Callees' sets flow into their callers until nothing grows.
  for (let changed = true; changed; ) {
    changed = false;
    m.bodies.forEach((_, i) => {
      const f = m.numImportedFuncs + i;
      for (const g of direct[i]) if (join(sets[f], g >= n ? all() : sets[g])) changed = true;
      for (const t of indirect[i]) if (join(sets[f], typeSet(t))) changed = true;
    });
  }
  const typeSets = new Map<number, WriteSet>();
  for (const id of new Set(typeIds)) typeSets.set(id, typeSet(id));
  return { funcSets: sets, typeSets };
}
