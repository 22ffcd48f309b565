// Section garbage collection (GNU ld's --gc-sections): only the input sections reachable from
// the entry symbol, the sections placed first (boot code) and kept symbols are linked, following
// relocations. A runtime file whose routines nobody calls (the default exception vectors in a
// guest that installs its own: 2 KiB of table, the report and its strings, and up to 2 KiB of
// alignment padding) then costs nothing. Relocations of a dropped section are never applied,
// so what it names need not be defined (as with GNU ld).
import { SHN_UNDEF, STB_LOCAL, STB_WEAK } from './constants.ts';
import type { ElfFile, ElfSection } from './reader.ts';

export interface GcSection { obj: ElfFile; sec: ElfSection }

/** The sections of `all` that stay: `roots` (sections) and symbols `rootSymbols`, then every
 *  section a relocation of a kept section points into. */
export function liveSections<S extends GcSection>(objs: ElfFile[], all: S[], roots: S[], rootSymbols: string[]): Set<S> {
  const byObj = new Map<ElfFile, Map<number, S>>();
  for (const p of all) {
    let m = byObj.get(p.obj);
    if (!m) byObj.set(p.obj, (m = new Map()));
    m.set(p.sec.index, p);
  }
  // Where each global name is defined: the strong definition, else the first weak one.
  const defs = new Map<string, { s: S; weak: boolean }>();
  for (const obj of objs) for (const sym of obj.symbols) {
    if (sym.bind === STB_LOCAL || sym.shndx === SHN_UNDEF || !sym.name) continue;
    const s = byObj.get(obj)?.get(sym.shndx);
    if (!s) continue;
    const weak = sym.bind === STB_WEAK;
    const have = defs.get(sym.name);
    if (!have || (have.weak && !weak)) defs.set(sym.name, { s, weak });
  }
  const live = new Set<S>();
  const work: S[] = [];
  const mark = (s: S | undefined) => {
    if (s && !live.has(s)) live.add(s), work.push(s);
  };
  roots.forEach(mark);
  for (const n of rootSymbols) mark(defs.get(n)?.s);
  while (work.length) {
    const p = work.pop()!;
    for (const r of p.obj.relocs.get(p.sec.index) ?? []) {
      const sym = p.obj.symbols[r.symIndex];
      if (!sym || r.symIndex === 0) continue;
      if (sym.bind === STB_LOCAL) mark(byObj.get(p.obj)?.get(sym.shndx));
      else mark(defs.get(sym.name)?.s);
    }
  }
  return live;
}
