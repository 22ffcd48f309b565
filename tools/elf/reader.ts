// ELF64 little-endian AArch64 reader for relocatable objects and executables. Malformed input
// is the user's file at fault: a UserError naming the file and byte offset.
import { UserError } from '../common/diagnostics.ts';
import type { RelocType } from '../isa/api.ts';
import { EM_AARCH64, RELA_SIZE, RELOC_NAMES, SHDR_SIZE, SHT_NOBITS, SHT_RELA, SHT_SYMTAB, SYM_SIZE } from './constants.ts';

export interface ElfSection {
  index: number; name: string; type: number; flags: number; addr: bigint; offset: number; size: number;
  link: number; info: number; align: number; entsize: number;
  /** File bytes (empty for NOBITS). */
  data: Uint8Array;
}
export interface ElfSymbol { index: number; name: string; value: bigint; size: bigint; bind: number; type: number; other: number; shndx: number }
export interface ElfReloc { offset: bigint; symIndex: number; type: RelocType; typeNum: number; addend: bigint; fileOffset: number }
export interface ElfFile {
  file: string; type: number; entry: bigint;
  sections: ElfSection[]; symbols: ElfSymbol[];
  /** Relocations by the index of the section they apply to. */
  relocs: Map<number, ElfReloc[]>;
  segments: { type: number; flags: number; offset: number; vaddr: bigint; paddr: bigint; filesz: number; memsz: number; align: number }[];
}

/** `relocations: false` (disassemblers): relocation sections are not interpreted, so dynamic
 *  ones (.rela.plt, .rela.dyn against .dynsym) and types the linker does not know are fine. */
export function readElf(bytes: Uint8Array, file: string, opts: { relocations?: boolean } = {}): ElfFile {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (offset: number, msg: string): never => { throw new UserError(msg, { offset: { file, offset } }); };
  const need = (off: number, len: number, what: string) => {
    if (off < 0 || len < 0 || off + len > b.length) fail(Math.min(off, b.length), `${what} lies outside the file (${b.length} bytes)`);
  };
  if (b.length < 64 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) fail(0, 'not an ELF file');
  if (b[4] !== 2) fail(4, 'not a 64-bit ELF file');
  if (b[5] !== 1) fail(5, 'not a little-endian ELF file');
  const type = b.readUInt16LE(16);
  if (b.readUInt16LE(18) !== EM_AARCH64) fail(18, `not an AArch64 ELF file (e_machine ${b.readUInt16LE(18)})`);
  const entry = b.readBigUInt64LE(24);
  const phoff = Number(b.readBigUInt64LE(32));
  const shoff = Number(b.readBigUInt64LE(40));
  const phentsize = b.readUInt16LE(54), phnum = b.readUInt16LE(56);
  const shentsize = b.readUInt16LE(58), shnum = b.readUInt16LE(60), shstrndx = b.readUInt16LE(62);
  if (shnum && shentsize !== SHDR_SIZE) fail(58, `unexpected section header size ${shentsize}`);
  need(shoff, shnum * SHDR_SIZE, 'section header table');
  const segments: ElfFile['segments'] = [];
  if (phnum) {
    if (phentsize !== 56) fail(54, `unexpected program header size ${phentsize}`);
    need(phoff, phnum * 56, 'program header table');
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * 56;
      segments.push({
        type: b.readUInt32LE(o), flags: b.readUInt32LE(o + 4), offset: Number(b.readBigUInt64LE(o + 8)),
        vaddr: b.readBigUInt64LE(o + 16), paddr: b.readBigUInt64LE(o + 24),
        filesz: Number(b.readBigUInt64LE(o + 32)), memsz: Number(b.readBigUInt64LE(o + 40)), align: Number(b.readBigUInt64LE(o + 48)),
      });
    }
  }
  const sections: ElfSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * SHDR_SIZE;
    const s: ElfSection = {
      index: i, name: '', type: b.readUInt32LE(o + 4), flags: Number(b.readBigUInt64LE(o + 8)), addr: b.readBigUInt64LE(o + 16),
      offset: Number(b.readBigUInt64LE(o + 24)), size: Number(b.readBigUInt64LE(o + 32)),
      link: b.readUInt32LE(o + 40), info: b.readUInt32LE(o + 44), align: Number(b.readBigUInt64LE(o + 48)), entsize: Number(b.readBigUInt64LE(o + 56)),
      data: new Uint8Array(0),
    };
    if (s.type !== SHT_NOBITS && s.type !== 0) {
      need(s.offset, s.size, `section ${i}`);
      s.data = new Uint8Array(b.buffer, b.byteOffset + s.offset, s.size);
    }
    (s as any).nameOff = b.readUInt32LE(o);
    sections.push(s);
  }
  const cstr = (sec: ElfSection | undefined, off: number, at: number): string => {
    if (!sec) return '';
    if (off >= sec.size) fail(at, `string offset ${off} outside its string table`);
    let e = off;
    while (e < sec.size && sec.data[e] !== 0) e++;
    return Buffer.from(sec.data.subarray(off, e)).toString('utf8');
  };
  if (shnum && shstrndx >= shnum) fail(62, `section name table index ${shstrndx} out of range`);
  for (const s of sections) s.name = cstr(sections[shstrndx], (s as any).nameOff, shoff + s.index * SHDR_SIZE), delete (s as any).nameOff;

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    if (symtab.link >= shnum) fail(shoff + symtab.index * SHDR_SIZE + 40, 'symbol table links to a missing string table');
    const strtab = sections[symtab.link];
    const n = Math.floor(symtab.size / SYM_SIZE);
    for (let i = 0; i < n; i++) {
      const o = symtab.offset + i * SYM_SIZE;
      const info = b[o + 4];
      symbols.push({
        index: i, name: cstr(strtab, b.readUInt32LE(o), o), bind: info >> 4, type: info & 15, other: b[o + 5],
        shndx: b.readUInt16LE(o + 6), value: b.readBigUInt64LE(o + 8), size: b.readBigUInt64LE(o + 16),
      });
    }
  }
  const relocs = new Map<number, ElfReloc[]>();
  for (const s of sections) {
    if (s.type !== SHT_RELA || opts.relocations === false) continue;
    if (s.info >= shnum) fail(shoff + s.index * SHDR_SIZE + 44, `relocation section ${s.name} applies to missing section ${s.info}`);
    const list: ElfReloc[] = [];
    const n = Math.floor(s.size / RELA_SIZE);
    for (let i = 0; i < n; i++) {
      const o = s.offset + i * RELA_SIZE;
      const info = b.readBigUInt64LE(o + 8);
      const typeNum = Number(info & 0xffffffffn);
      const symIndex = Number(info >> 32n);
      const t = RELOC_NAMES.get(typeNum);
      if (!t) fail(o + 8, `unsupported relocation type ${typeNum} in ${s.name}`);
      if (symIndex >= Math.max(symbols.length, 1)) fail(o + 8, `relocation refers to symbol ${symIndex}, but there are only ${symbols.length}`);
      list.push({ offset: b.readBigUInt64LE(o), symIndex, type: t!, typeNum, addend: b.readBigInt64LE(o + 16), fileOffset: o });
    }
    relocs.set(s.info, list);
  }
  return { file, type, entry, sections, symbols, relocs, segments };
}
