// The linker: places the allocated sections of ELF relocatable objects at a base address in a
// fixed order (text with .text.boot first, rodata, data, bss), defines bound symbols for a
// bare-metal runtime, resolves symbols and relocations with range checks, and produces an
// ELF executable, the raw binary image, and a symbol map.
import { UserError, UserErrors } from '../common/diagnostics.ts';
import type { RelocType } from '../isa/api.ts';
import {
  ET_EXEC, ET_REL, PF_R, PF_W, PF_X, PT_LOAD, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS, SHN_COMMON, SHN_UNDEF,
  SHT_NOBITS, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_NOTYPE, STT_SECTION, SYM_SIZE,
  EHDR_SIZE, PHDR_SIZE,
} from './constants.ts';
import { readElf, type ElfFile, type ElfSection, type ElfSymbol } from './reader.ts';
import { applyDataRelocation, isPcRelative, relocSize, relocValue } from './relocs.ts';
import { linkDebugSections, type DebugSection } from './debug-sections.ts';
import { liveSections } from './gc.ts';

const NOP_WORD = 0xd503201f;
import { encodeSymtab, StrTab, writeElf, type OutSection, type SymEntry } from './writer.ts';

export type OutputKind = 'text' | 'rodata' | 'data' | 'bss';
export const OUTPUT_ORDER: OutputKind[] = ['text', 'rodata', 'data', 'bss'];

export interface LinkInput { name: string; bytes: Uint8Array }
export interface LinkOptions {
  base: bigint;
  entry?: string;
  /** Input section names placed first in .text, in this order (default: .text.boot). */
  textFirst?: string[];
  /** Link only the sections reachable from the entry, the textFirst sections and `keep`
   *  (tools/elf/gc.ts, GNU ld's --gc-sections). */
  gcSections?: boolean;
  /** Symbols whose sections --gc-sections keeps although nothing refers to them. */
  keep?: string[];
}

interface Placed { obj: ElfFile; sec: ElfSection; out: OutputKind; addr: bigint }
export interface OutputSection { kind: OutputKind; name: string; addr: bigint; size: number; align: number; data: Uint8Array; inputs: Placed[] }
export interface LinkedSymbol { name: string; addr: bigint; size: bigint; bind: number; type: number; section: OutputKind | 'abs'; from: string }
export interface LinkResult { sections: OutputSection[]; symbols: LinkedSymbol[]; entry: bigint; base: bigint; elf: Uint8Array; binary: Uint8Array }

/** Symbols the linker defines (unless an object already does). */
export const BOUND_SYMBOLS = [
  '__text_start', '__text_end', '__rodata_start', '__rodata_end', '__data_start', '__data_end',
  '__bss_start', '__bss_end', '_end', '__image_end',
];

const alignUp = (x: bigint, a: number) => (a > 1 ? ((x + BigInt(a) - 1n) / BigInt(a)) * BigInt(a) : x);
const hex = (v: bigint | number) => '0x' + v.toString(16);

function classify(sec: ElfSection): OutputKind | undefined {
  if (!(sec.flags & SHF_ALLOC)) return undefined;
  const n = sec.name;
  const is = (p: string) => n === p || n.startsWith(p + '.');
  if (is('.text')) return 'text';
  if (is('.rodata')) return 'rodata';
  if (is('.bss') || is('.sbss')) return 'bss';
  if (is('.data') || is('.sdata')) return 'data';
  if (sec.type === SHT_NOBITS) return 'bss';
  if (sec.flags & SHF_EXECINSTR) return 'text';
  if (sec.flags & SHF_WRITE) return 'data';
  return 'rodata';
}

export function link(inputs: LinkInput[], opts: LinkOptions): LinkResult {
  const objs = inputs.map((i) => {
    const f = readElf(i.bytes, i.name);
    if (f.type !== ET_REL) throw new UserError(`not a relocatable object (ELF type ${f.type})`, { offset: { file: i.name, offset: 16 } });
    return f;
  });
  const errors: UserError[] = [];
  const textFirst = opts.textFirst ?? ['.text.boot'];

  // 1. Collect input sections per output section, in the fixed order.
  const buckets = new Map<OutputKind, Placed[]>(OUTPUT_ORDER.map((k) => [k, []]));
  for (const obj of objs) for (const sec of obj.sections) {
    const out = classify(sec);
    if (out) buckets.get(out)!.push({ obj, sec, out, addr: 0n });
  }
  for (const b of buckets.values()) for (const p of b) {
    const al = p.sec.align;
    if (al > 1 << 24 || (al & (al - 1)) !== 0) {
      throw new UserError(`section ${p.sec.name}: alignment ${al} is not a power of two up to 16 MiB`, { offset: { file: p.obj.file, offset: 0 } });
    }
  }
  const rank = (p: Placed) => {
    const i = textFirst.findIndex((n) => p.sec.name === n || p.sec.name.startsWith(n + '.'));
    return i < 0 ? textFirst.length : i;
  };
  // Within each output section: the named input sections first (text: the --text-first list,
  // then .text*; data: .data* before others such as .wasm_data), in object order.
  const named = (p: Placed) => {
    const n = p.sec.name, pre = '.' + p.out;
    return n === pre || n.startsWith(pre + '.') ? 0 : 1;
  };
  const order = (k: OutputKind, key: (p: Placed) => number) =>
    buckets.set(k, buckets.get(k)!.map((p, i) => ({ p, i })).sort((a, b) => key(a.p) - key(b.p) || a.i - b.i).map((x) => x.p));
  order('text', (p) => rank(p) * 2 + named(p));
  for (const k of ['rodata', 'data', 'bss'] as const) order(k, named);
  if (opts.gcSections) {
    const all = [...buckets.values()].flat();
    const text = buckets.get('text')!;
    // The entry defaults to the start of .text when its symbol is missing: that section stays.
    const roots = [...text.filter((p) => rank(p) < textFirst.length), ...text.slice(0, 1)];
    const live = liveSections(objs, all, roots, [opts.entry ?? '_start', ...(opts.keep ?? [])]);
    for (const [k, b] of buckets) buckets.set(k, b.filter((p) => live.has(p)));
  }

  // Common symbols become bss space.
  const commons: { obj: ElfFile; sym: ElfSymbol; addr: bigint }[] = [];
  for (const obj of objs) for (const s of obj.symbols) if (s.shndx === SHN_COMMON) commons.push({ obj, sym: s, addr: 0n });

  // 2. Lay out.
  let addr = opts.base;
  const outs: OutputSection[] = [];
  for (const kind of OUTPUT_ORDER) {
    const inputsOf = buckets.get(kind)!;
    let align = 1;
    for (const p of inputsOf) align = Math.max(align, p.sec.align || 1);
    // bss starts and ends 8-aligned: a runtime clears it 8 bytes at a time.
    if (kind === 'bss') { align = Math.max(align, 8); for (const c of commons) align = Math.max(align, Number(c.sym.value) || 1); }
    addr = alignUp(addr, align);
    const start = addr;
    for (const p of inputsOf) {
      addr = alignUp(addr, p.sec.align || 1);
      p.addr = addr;
      addr += BigInt(p.sec.size);
    }
    if (kind === 'bss') {
      for (const c of commons) {
        addr = alignUp(addr, Number(c.sym.value) || 1);
        c.addr = addr;
        addr += c.sym.size;
      }
      addr = alignUp(addr, 8);
    }
    const size = Number(addr - start);
    if (addr - opts.base > 1n << 32n || (kind !== 'bss' && size > 1 << 30)) {
      throw new UserError(`output section .${kind} would reach 0x${addr.toString(16)} (0x${size.toString(16)} bytes; corrupt section sizes?)`);
    }
    const data = new Uint8Array(kind === 'bss' ? 0 : size);
    for (const p of inputsOf) if (p.sec.type !== SHT_NOBITS && kind !== 'bss') data.set(p.sec.data, Number(p.addr - start));
    outs.push({ kind, name: '.' + kind, addr: start, size, align, data, inputs: inputsOf });
  }
  const outOf = (k: OutputKind) => outs.find((o) => o.kind === k)!;
  const end = addr;
  // A Raspberry Pi 3 has 1 GiB: anything near 4 GiB is a corrupt size, not a program.
  if (end - opts.base > 1n << 32n || end > 1n << 64n) throw new UserError(`the linked program would span 0x${(end - opts.base).toString(16)} bytes from 0x${opts.base.toString(16)} (corrupt section sizes?)`);
  const fileSpan = outOf('data').addr + BigInt(outOf('data').size) - opts.base;
  if (fileSpan > 1n << 30n) throw new UserError(`the image would be 0x${fileSpan.toString(16)} bytes, more than 1 GiB (corrupt section sizes?)`);

  // 3. Symbols.
  const placedBy = new Map<ElfFile, Map<number, Placed>>();
  for (const o of outs) for (const p of o.inputs) {
    let m = placedBy.get(p.obj);
    if (!m) placedBy.set(p.obj, (m = new Map()));
    m.set(p.sec.index, p);
  }
  const globals = new Map<string, { addr: bigint; sym: ElfSymbol; obj?: ElfFile; weak: boolean; kind: OutputKind | 'abs' }>();
  const symAddr = (obj: ElfFile, s: ElfSymbol): { addr: bigint; kind: OutputKind | 'abs' } | undefined => {
    if (s.shndx === SHN_ABS) return { addr: s.value, kind: 'abs' };
    if (s.shndx === SHN_COMMON) { const c = commons.find((c) => c.obj === obj && c.sym === s)!; return { addr: c.addr, kind: 'bss' }; }
    if (s.shndx === SHN_UNDEF || s.shndx >= 0xff00) return undefined;
    const p = placedBy.get(obj)?.get(s.shndx);
    if (!p) return undefined; // a discarded (non-alloc) section
    return { addr: p.addr + s.value, kind: p.out };
  };
  for (const obj of objs) for (const s of obj.symbols) {
    if (s.bind === STB_LOCAL || s.shndx === SHN_UNDEF || !s.name) continue;
    const a = symAddr(obj, s);
    if (!a) continue;
    const weak = s.bind === STB_WEAK;
    const have = globals.get(s.name);
    if (have && !have.weak && !weak) {
      errors.push(new UserError(`duplicate symbol '${s.name}': defined in ${have.obj?.file} and in ${obj.file}`));
      continue;
    }
    if (!have || (have.weak && !weak)) globals.set(s.name, { addr: a.addr, sym: s, obj, weak, kind: a.kind });
  }
  const bounds: Record<string, [bigint, OutputKind]> = {
    __text_start: [outOf('text').addr, 'text'], __text_end: [outOf('text').addr + BigInt(outOf('text').size), 'text'],
    __rodata_start: [outOf('rodata').addr, 'rodata'], __rodata_end: [outOf('rodata').addr + BigInt(outOf('rodata').size), 'rodata'],
    __data_start: [outOf('data').addr, 'data'], __data_end: [outOf('data').addr + BigInt(outOf('data').size), 'data'],
    __bss_start: [outOf('bss').addr, 'bss'], __bss_end: [end, 'bss'], _end: [end, 'bss'],
    __image_end: [outOf('data').addr + BigInt(outOf('data').size), 'data'],
  };
  const synth: ElfSymbol = { index: 0, name: '', value: 0n, size: 0n, bind: STB_GLOBAL, type: STT_NOTYPE, other: 0, shndx: SHN_ABS };
  for (const [name, [a, kind]] of Object.entries(bounds)) {
    if (!globals.has(name)) globals.set(name, { addr: a, sym: { ...synth, name }, weak: false, kind });
  }

  // 4. Relocations.
  for (const o of outs) {
    if (o.kind === 'bss') continue;
    for (const p of o.inputs) {
      const rels = p.obj.relocs.get(p.sec.index);
      if (!rels) continue;
      for (const r of rels) {
        const where = `${p.sec.name}+${hex(r.offset)}`;
        let weakUndef = false;
        const s = p.obj.symbols[r.symIndex];
        let S = 0n;
        let symName = '';
        if (r.symIndex !== 0 && s) {
          symName = s.type === STT_SECTION ? (p.obj.sections[s.shndx]?.name ?? '?') : s.name;
          if (s.bind === STB_LOCAL) {
            const a = symAddr(p.obj, s);
            if (!a) { errors.push(new UserError(`${where}: ${r.type} refers to '${symName}' in a discarded section`, { offset: { file: p.obj.file, offset: r.fileOffset } })); continue; }
            S = a.addr;
          } else {
            const g = globals.get(s.name);
            if (g) S = g.addr;
            else if (s.bind !== STB_WEAK) {
              errors.push(new UserError(`${where}: undefined symbol '${s.name}' (${r.type})`, { offset: { file: p.obj.file, offset: r.fileOffset } }));
              continue;
            } else weakUndef = true;
          }
        }
        const P = p.addr + r.offset;
        const off = Number(P - o.addr);
        if (r.offset < 0n || Number(r.offset) + relocSize(r.type as RelocType) > p.sec.size) {
          errors.push(new UserError(`${where}: relocation outside section ${p.sec.name}`, { offset: { file: p.obj.file, offset: r.fileOffset } }));
          continue;
        }
        // An undefined weak symbol, as GNU ld resolves it in a static link: calls and jumps
        // become NOPs, other PC-relative references point at themselves, absolute ones are 0.
        if (weakUndef && (r.type === 'R_AARCH64_CALL26' || r.type === 'R_AARCH64_JUMP26')) {
          new DataView(o.data.buffer, o.data.byteOffset).setUint32(off, NOP_WORD, true);
          continue;
        }
        const value = weakUndef && isPcRelative(r.type) ? 0n : relocValue(r.type, S, r.addend, P);
        try {
          applyDataRelocation(o.data, off, r.type, value);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          const target = symName ? ` against '${symName}'${r.addend ? (r.addend > 0n ? '+' : '-') + hex(r.addend < 0n ? -r.addend : r.addend) : ''}` : '';
          errors.push(new UserError(`${where}: ${e.message}${target} (at ${hex(P)}, target ${hex(BigInt.asUintN(64, S + r.addend))})`, { offset: { file: p.obj.file, offset: r.fileOffset } }));
        }
      }
    }
  }

  // 5. Entry point.
  let entry = outOf('text').addr;
  const entryName = opts.entry ?? '_start';
  const e = globals.get(entryName);
  if (e) entry = e.addr;
  else if (opts.entry) errors.push(new UserError(`entry symbol '${opts.entry}' is not defined`));
  if (errors.length) throw new UserErrors(errors);

  // 6. Output symbols: locals of every object (named, not sections/files), then globals.
  const symbols: LinkedSymbol[] = [];
  for (const obj of objs) for (const s of obj.symbols) {
    if (s.bind !== STB_LOCAL || !s.name || s.type === STT_SECTION || s.type === STT_FILE) continue;
    const a = symAddr(obj, s);
    if (a) symbols.push({ name: s.name, addr: a.addr, size: s.size, bind: STB_LOCAL, type: s.type, section: a.kind, from: obj.file });
  }
  for (const [name, g] of globals) symbols.push({ name, addr: g.addr, size: g.sym.size, bind: g.weak ? STB_WEAK : STB_GLOBAL, type: g.sym.type, section: g.kind, from: g.obj?.file ?? '(linker)' });

  const debug = linkDebugSections(objs, (obj, s) => {
    if (s.bind !== STB_LOCAL) return globals.get(s.name)?.addr;
    return symAddr(obj, s)?.addr;
  });
  const elf = writeExecutable(outs, symbols, entry, opts.base, debug);
  const imageEnd = outOf('data').size ? outOf('data').addr + BigInt(outOf('data').size)
    : outOf('rodata').size ? outOf('rodata').addr + BigInt(outOf('rodata').size)
    : outOf('text').addr + BigInt(outOf('text').size);
  const binary = new Uint8Array(Number(imageEnd - opts.base));
  for (const o of outs) if (o.kind !== 'bss') binary.set(o.data, Number(o.addr - opts.base));
  return { sections: outs, symbols, entry, base: opts.base, elf, binary };
}

const PAGE = 0x10000;

function writeExecutable(outs: OutputSection[], symbols: LinkedSymbol[], entry: bigint, base: bigint, debug: DebugSection[] = []): Uint8Array {
  // The file image mirrors memory from `base`, so each segment's offset and address agree modulo the page size.
  const nseg = [outs.some((o) => (o.kind === 'text' || o.kind === 'rodata') && o.size > 0), outs.some((o) => (o.kind === 'data' || o.kind === 'bss') && o.size > 0)].filter(Boolean).length;
  const headers = EHDR_SIZE + nseg * PHDR_SIZE;
  const imgOff = headers + ((Number(base % BigInt(PAGE)) - headers) % PAGE + PAGE) % PAGE;
  const fileOff = (a: bigint) => imgOff + Number(a - base);
  const sections: OutSection[] = [];
  const secIndex = new Map<OutputKind, number>();
  for (const o of outs) {
    if (o.size === 0) continue;
    secIndex.set(o.kind, sections.length + 1);
    const flags = SHF_ALLOC | (o.kind === 'text' ? SHF_EXECINSTR : 0) | (o.kind === 'data' || o.kind === 'bss' ? SHF_WRITE : 0);
    sections.push({ name: o.name, type: o.kind === 'bss' ? SHT_NOBITS : SHT_PROGBITS, flags, addr: o.addr, align: o.align, data: o.data, size: o.size, offset: fileOff(o.addr) });
  }
  const strtab = new StrTab();
  const sorted = [...symbols.filter((s) => s.bind === STB_LOCAL), ...symbols.filter((s) => s.bind !== STB_LOCAL)];
  const nLocal = symbols.filter((s) => s.bind === STB_LOCAL).length;
  const entries: SymEntry[] = sorted.map((s) => ({
    name: s.name, value: s.addr, size: s.size, info: (s.bind << 4) | s.type, other: 0,
    shndx: s.section === 'abs' ? SHN_ABS : secIndex.get(s.section) ?? nearestSection(s.addr, outs, secIndex),
  }));
  for (const d of debug) sections.push({ name: d.name, type: SHT_PROGBITS, flags: 0, align: 1, data: d.data });
  const symtabIdx = sections.length + 1;
  sections.push({ name: '.symtab', type: SHT_SYMTAB, flags: 0, align: 8, data: encodeSymtab(entries, strtab), link: symtabIdx + 1, info: nLocal + 1, entsize: SYM_SIZE });
  sections.push({ name: '.strtab', type: SHT_STRTAB, flags: 0, align: 1, data: strtab.bytes() });
  sections.push({ name: '.shstrtab', type: SHT_STRTAB, flags: 0, align: 1, data: new Uint8Array(0) });
  const rx = outs.filter((o) => o.kind === 'text' || o.kind === 'rodata');
  const rw = outs.filter((o) => o.kind === 'data' || o.kind === 'bss');
  const seg = (list: OutputSection[], flags: number) => {
    const start = list[0].addr;
    const last = list[list.length - 1];
    const memEnd = last.addr + BigInt(last.size);
    const fileEnd = list.filter((o) => o.kind !== 'bss').reduce((m, o) => (o.size ? o.addr + BigInt(o.size) : m), start);
    return { type: PT_LOAD, flags, offset: fileOff(start), vaddr: start, filesz: Number(fileEnd - start), memsz: Number(memEnd - start), align: PAGE };
  };
  const segments = [seg(rx, PF_R | PF_X), seg(rw, PF_R | PF_W)].filter((p) => p.memsz > 0);
  return writeElf({ type: ET_EXEC, entry, sections, segments });
}

function nearestSection(addr: bigint, outs: OutputSection[], idx: Map<OutputKind, number>): number {
  for (const o of outs) if (idx.has(o.kind) && addr >= o.addr && addr <= o.addr + BigInt(o.size)) return idx.get(o.kind)!;
  return SHN_ABS;
}

/** The symbol map printed by `raspvisor link --map`. */
export function formatMap(r: LinkResult): string {
  const lines: string[] = [];
  const h = (v: bigint | number) => '0x' + v.toString(16).padStart(16, '0');
  lines.push(`entry ${h(r.entry)}`, '', 'Sections:');
  for (const o of r.sections) {
    lines.push(`${o.name.padEnd(10)} ${h(o.addr)} size ${hex(o.size)} align ${o.align}`);
    for (const p of o.inputs) lines.push(`    ${h(p.addr)} ${hex(p.sec.size).padStart(8)} ${p.obj.file}(${p.sec.name})`);
  }
  lines.push('', 'Symbols:');
  const syms = r.symbols.filter((s) => !/^\$[xd](\.|$)/.test(s.name)).sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : a.name.localeCompare(b.name)));
  for (const s of syms) lines.push(`${h(s.addr)} ${s.bind === STB_LOCAL ? 'l' : s.bind === STB_WEAK ? 'w' : 'g'} ${String(s.section).padEnd(6)} ${s.name}  ${s.from}`);
  return lines.join('\n') + '\n';
}
