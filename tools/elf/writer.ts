// ELF64 little-endian file writer: section data, section headers, program headers, symbol and
// string tables. Callers (the assembler's object emitter, the linker) decide the contents.
import {
  EHDR_SIZE, EM_AARCH64, PHDR_SIZE, SHDR_SIZE, SHT_NOBITS, SHT_NULL, SYM_SIZE, RELA_SIZE,
} from './constants.ts';

export interface OutSection {
  name: string; type: number; flags: number; align: number;
  addr?: bigint; data?: Uint8Array; size?: number; // size for NOBITS
  link?: number; info?: number; entsize?: number;
  /** Fixed file offset (executables lay their image out to mirror memory). */
  offset?: number;
}
export interface OutSegment { type: number; flags: number; offset: number; vaddr: bigint; filesz: number; memsz: number; align: number }

export class StrTab {
  private parts: Uint8Array[] = [new Uint8Array([0])];
  private size = 1;
  private map = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const have = this.map.get(s);
    if (have !== undefined) return have;
    const b = Buffer.from(s + '\0', 'utf8');
    const off = this.size;
    this.parts.push(b);
    this.size += b.length;
    this.map.set(s, off);
    return off;
  }
  bytes(): Uint8Array { return Buffer.concat(this.parts); }
}

export interface SymEntry { name: string; value: bigint; size: bigint; info: number; other: number; shndx: number }

export function encodeSymtab(syms: SymEntry[], strtab: StrTab): Uint8Array {
  const b = Buffer.alloc(SYM_SIZE * (syms.length + 1));
  syms.forEach((s, i) => {
    const o = (i + 1) * SYM_SIZE;
    b.writeUInt32LE(strtab.add(s.name), o);
    b[o + 4] = s.info;
    b[o + 5] = s.other;
    b.writeUInt16LE(s.shndx, o + 6);
    b.writeBigUInt64LE(BigInt.asUintN(64, s.value), o + 8);
    b.writeBigUInt64LE(BigInt.asUintN(64, s.size), o + 16);
  });
  return b;
}

export function encodeRela(relocs: { offset: bigint; sym: number; type: number; addend: bigint }[]): Uint8Array {
  const b = Buffer.alloc(RELA_SIZE * relocs.length);
  relocs.forEach((r, i) => {
    const o = i * RELA_SIZE;
    b.writeBigUInt64LE(r.offset, o);
    b.writeBigUInt64LE((BigInt(r.sym) << 32n) | BigInt(r.type), o + 8);
    b.writeBigInt64LE(BigInt.asIntN(64, r.addend), o + 16);
  });
  return b;
}

const alignUp = (x: number, a: number) => (a > 1 ? Math.ceil(x / a) * a : x);

/** Write a whole ELF file. `sections` excludes the null section; the last one named
 *  `.shstrtab` is filled in here (pass it with empty data). */
export function writeElf(opts: { type: number; entry?: bigint; sections: OutSection[]; segments?: OutSegment[] }): Uint8Array {
  const shstr = new StrTab();
  const names = opts.sections.map((s) => shstr.add(s.name));
  const shstrIdx = opts.sections.findIndex((s) => s.name === '.shstrtab');
  if (shstrIdx < 0) throw new Error('writeElf: missing .shstrtab');
  opts.sections[shstrIdx].data = shstr.bytes();

  const segs = opts.segments ?? [];
  let off = EHDR_SIZE + segs.length * PHDR_SIZE;
  const offsets: number[] = [];
  let end = off;
  for (const s of opts.sections) {
    if (s.offset !== undefined) { offsets.push(s.offset); end = Math.max(end, s.offset + (s.type === SHT_NOBITS ? 0 : s.data?.length ?? 0)); continue; }
    off = alignUp(Math.max(off, end), Math.max(1, s.align));
    offsets.push(off);
    if (s.type !== SHT_NOBITS) off += s.data?.length ?? 0;
    end = Math.max(end, off);
  }
  const shoff = alignUp(end, 8);
  const total = shoff + SHDR_SIZE * (opts.sections.length + 1);
  const b = Buffer.alloc(total);
  // e_ident
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  b.writeUInt16LE(opts.type, 16);
  b.writeUInt16LE(EM_AARCH64, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(opts.entry ?? 0n, 24);
  b.writeBigUInt64LE(BigInt(segs.length ? EHDR_SIZE : 0), 32);
  b.writeBigUInt64LE(BigInt(shoff), 40);
  b.writeUInt32LE(0, 48);
  b.writeUInt16LE(EHDR_SIZE, 52);
  b.writeUInt16LE(segs.length ? PHDR_SIZE : 0, 54);
  b.writeUInt16LE(segs.length, 56);
  b.writeUInt16LE(SHDR_SIZE, 58);
  b.writeUInt16LE(opts.sections.length + 1, 60);
  b.writeUInt16LE(shstrIdx + 1, 62);
  segs.forEach((p, i) => {
    const o = EHDR_SIZE + i * PHDR_SIZE;
    b.writeUInt32LE(p.type, o);
    b.writeUInt32LE(p.flags, o + 4);
    b.writeBigUInt64LE(BigInt(p.offset), o + 8);
    b.writeBigUInt64LE(p.vaddr, o + 16);
    b.writeBigUInt64LE(p.vaddr, o + 24);
    b.writeBigUInt64LE(BigInt(p.filesz), o + 32);
    b.writeBigUInt64LE(BigInt(p.memsz), o + 40);
    b.writeBigUInt64LE(BigInt(p.align), o + 48);
  });
  opts.sections.forEach((s, i) => {
    if (s.type !== SHT_NOBITS && s.data) b.set(s.data, offsets[i]);
    const o = shoff + (i + 1) * SHDR_SIZE;
    b.writeUInt32LE(names[i], o);
    b.writeUInt32LE(s.type, o + 4);
    b.writeBigUInt64LE(BigInt(s.flags), o + 8);
    b.writeBigUInt64LE(s.addr ?? 0n, o + 16);
    b.writeBigUInt64LE(BigInt(offsets[i]), o + 24);
    b.writeBigUInt64LE(BigInt(s.type === SHT_NOBITS ? s.size ?? 0 : s.data?.length ?? 0), o + 32);
    b.writeUInt32LE(s.link ?? 0, o + 40);
    b.writeUInt32LE(s.info ?? 0, o + 44);
    b.writeBigUInt64LE(BigInt(s.align), o + 48);
    b.writeBigUInt64LE(BigInt(s.entsize ?? 0), o + 56);
  });
  void SHT_NULL; void SYM_SIZE;
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
