// Debug sections in a link: every input's `.debug_*` section (not allocated, not in the image)
// is appended to the output section of that name, in object order, and its relocations are
// applied there: addresses of code (ABS64, the symbol's final address) and offsets into other
// debug sections (ABS32, against that section's piece of this object). The result goes into
// the executable after the image, where gdb and llvm-dwarfdump read it.
import { SHF_ALLOC, SHN_UNDEF, STT_SECTION } from './constants.ts';
import type { ElfFile, ElfSymbol } from './reader.ts';
import type { RelocType } from '../isa/api.ts';
import { applyDataRelocation, relocValue } from './relocs.ts';

export interface DebugSection { name: string; data: Uint8Array }

const isDebug = (name: string) => name.startsWith('.debug_');

/** `addressOf(obj, sym)`: a symbol's final address (allocated sections, globals), or undefined. */
export function linkDebugSections(objs: ElfFile[], addressOf: (obj: ElfFile, s: ElfSymbol) => bigint | undefined): DebugSection[] {
  const pieces = new Map<string, { obj: ElfFile; index: number; off: number }[]>();
  const sizes = new Map<string, number>();
  for (const obj of objs) for (const sec of obj.sections) {
    if (!isDebug(sec.name) || sec.flags & SHF_ALLOC) continue;
    const at = sizes.get(sec.name) ?? 0;
    if (!pieces.has(sec.name)) pieces.set(sec.name, []);
    pieces.get(sec.name)!.push({ obj, index: sec.index, off: at });
    sizes.set(sec.name, at + sec.size);
  }
  const pieceOf = new Map<ElfFile, Map<number, number>>();
  for (const list of pieces.values()) for (const p of list) {
    if (!pieceOf.has(p.obj)) pieceOf.set(p.obj, new Map());
    pieceOf.get(p.obj)!.set(p.index, p.off);
  }
  const out: DebugSection[] = [];
  for (const [name, list] of pieces) {
    const data = new Uint8Array(sizes.get(name)!);
    for (const p of list) data.set(p.obj.sections[p.index].data, p.off);
    for (const p of list) {
      for (const r of p.obj.relocs.get(p.index) ?? []) {
        const s = p.obj.symbols[r.symIndex];
        let S: bigint | undefined = 0n;
        if (s && r.symIndex !== 0) {
          const inDebug = s.type === STT_SECTION && s.shndx !== SHN_UNDEF ? pieceOf.get(p.obj)?.get(s.shndx) : undefined;
          S = inDebug !== undefined ? BigInt(inDebug) : addressOf(p.obj, s);
        }
        // A reference into code that was not linked (or a stray type): left as 0, as GNU ld
        // leaves references into discarded sections.
        if (S === undefined) continue;
        try {
          applyDataRelocation(data, p.off + Number(r.offset), r.type as RelocType, relocValue(r.type as RelocType, S, r.addend, 0n));
        } catch { /* out of range: leave the field */ }
      }
    }
    out.push({ name, data });
  }
  return out;
}
