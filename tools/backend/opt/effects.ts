// Which functions may write wasm memory or globals, transitively through `call` and
// `call_indirect` (the table is immutable: table.* instructions are refused). A call to a
// function that writes neither leaves earlier loads valid (opt/gvn.ts clobbersMemory), so
// loads can be reused across it and leave loops that call it. Imports (host functions,
// intrinsics) count as writing.
import type { Module } from '../wasm/module.ts';

/** global.set, stores, memory.grow, memory.init, data.drop, memory.copy, memory.fill. */
const WRITES = new Set([0x24, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x40, 0xfc08, 0xfc09, 0xfc0a, 0xfc0b]);

/** What a call may write: linear memory, and which wasm globals (null: any of them). */
export interface WriteSet { mem: boolean; globals: Set<number> | null }

export interface Effects {
  /** By function index: may write memory or globals. */
  funcWrites: boolean[];
  /** By canonical type id: some table entry of that signature may write. */
  typeWrites: Map<number, boolean>;
  /** By function index / canonical type id: what exactly may be written. */
  funcSets: WriteSet[];
  typeSets: Map<number, WriteSet>;
}

const all = (): WriteSet => ({ mem: true, globals: null });
/** a ∪= b; whether a grew. */
function join(a: WriteSet, b: WriteSet): boolean {
  let grew = false;
  if (b.mem && !a.mem) (a.mem = true), (grew = true);
  if (a.globals === null) return grew;
  if (b.globals === null) return (a.globals = null), true;
  for (const g of b.globals) if (!a.globals.has(g)) a.globals.add(g), (grew = true);
  return grew;
}

export function computeEffects(m: Module, typeIds: number[]): Effects {
  const n = m.funcTypes.length;
  const writes = new Array<boolean>(n).fill(false);
  for (let f = 0; f < m.numImportedFuncs; f++) writes[f] = true;
  // An import (a symbol of a .S file or the runtime) can write memory and the globals it can
  // name — imported and exported ones; a module-internal global has a local symbol, like a C
  // static whose address never escapes.
  const nameable = new Set<number>();
  for (let g = 0; g < m.numImportedGlobals; g++) nameable.add(g);
  for (const e of m.exports) if (e.kind === 'global') nameable.add(e.index);
  const sets: WriteSet[] = Array.from({ length: n }, (_, f) => (f < m.numImportedFuncs ? { mem: true, globals: new Set(nameable) } : { mem: false, globals: new Set<number>() }));
  const table: number[] = [];
  let unknownTable = false;
  for (const e of m.elems) {
    if (e.offset?.kind !== 'const') unknownTable = true;
    for (const f of e.funcs) if (f !== null) table.push(f);
  }
  const typeOf = (f: number) => typeIds[m.funcTypes[f]];
  const typeWrites = new Map<number, boolean>();
  const direct: number[][] = [];
  const indirect: number[][] = [];
  m.bodies.forEach((b, i) => {
    const f = m.numImportedFuncs + i;
    direct.push([]);
    indirect.push([]);
    if (b.unsupported) (writes[f] = true), (sets[f] = all());
    for (const ins of b.code) {
      if (WRITES.has(ins.op)) {
        writes[f] = true;
        if (ins.op === 0x24) sets[f].globals?.add(ins.a!);
        else sets[f].mem = true;
      }
      else if (ins.op === 0x10) direct[i].push(ins.a!);
      else if (ins.op === 0x11) indirect[i].push(ins.a! < typeIds.length ? typeIds[ins.a!] : -1);
    }
  });
  const typeWrite = (t: number) => t < 0 || unknownTable || table.some((f) => typeOf(f) === t && writes[f]);
  for (let changed = true; changed; ) {
    changed = false;
    m.bodies.forEach((_, i) => {
      const f = m.numImportedFuncs + i;
      if (writes[f]) return;
      if (direct[i].some((g) => g >= n || writes[g]) || indirect[i].some(typeWrite)) (writes[f] = true), (changed = true);
    });
  }
  for (const id of new Set(typeIds)) typeWrites.set(id, typeWrite(id));
  // The same fixpoint for the exact sets (callees' sets flow into their callers).
  const typeSet = (t: number): WriteSet => {
    if (t < 0 || unknownTable) return all();
    const u: WriteSet = { mem: false, globals: new Set() };
    for (const f of table) if (typeOf(f) === t) join(u, sets[f]);
    return u;
  };
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
  return { funcWrites: writes, typeWrites, funcSets: sets, typeSets };
}
