// Which functions may write wasm memory or globals, transitively through `call` and
// `call_indirect` (the table is immutable: table.* instructions are refused). A call to a
// function that writes neither leaves earlier loads valid (opt/gvn.ts clobbersMemory), so
// loads can be reused across it and leave loops that call it. Imports (host functions,
// intrinsics) count as writing.
import type { Module } from '../wasm/module.ts';

/** global.set, stores, memory.grow, memory.init, data.drop, memory.copy, memory.fill. */
const WRITES = new Set([0x24, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x40, 0xfc08, 0xfc09, 0xfc0a, 0xfc0b]);

export interface Effects {
  /** By function index: may write memory or globals. */
  funcWrites: boolean[];
  /** By canonical type id: some table entry of that signature may write. */
  typeWrites: Map<number, boolean>;
}

export function computeEffects(m: Module, typeIds: number[]): Effects {
  const n = m.funcTypes.length;
  const writes = new Array<boolean>(n).fill(false);
  for (let f = 0; f < m.numImportedFuncs; f++) writes[f] = true;
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
    if (b.unsupported) writes[f] = true;
    for (const ins of b.code) {
      if (WRITES.has(ins.op)) writes[f] = true;
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
  return { funcWrites: writes, typeWrites };
}
