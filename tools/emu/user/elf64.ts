// Just enough of ELF64 to load a static AArch64 executable: header checks and PT_LOAD segments.
import { UserError } from '../../common/diagnostics.ts';

export interface LoadSegment { vaddr: bigint; memsz: bigint; data: Uint8Array; flags: number }
export interface ElfImage { entry: bigint; segments: LoadSegment[] }

export function parseStaticElf(bytes: Uint8Array, file: string): ElfImage {
  const bad = (offset: number, msg: string) => new UserError(`${file}: byte offset ${offset}: ${msg}`);
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw bad(0, 'not an ELF file');
  if (bytes[4] !== 2) throw bad(4, 'not a 64-bit ELF file');
  if (bytes[5] !== 1) throw bad(5, 'not a little-endian ELF file');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = dv.getUint16(16, true);
  if (type !== 2) throw bad(16, `ELF type ${type} is not an executable (ET_EXEC); build with -static (no PIE)`);
  const machine = dv.getUint16(18, true);
  if (machine !== 183) throw bad(18, `ELF machine ${machine} is not AArch64 (183)`);
  const entry = dv.getBigUint64(24, true);
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phoff + phnum * phentsize > bytes.length || (phnum > 0 && phentsize < 56)) throw bad(32, 'program header table lies outside the file');
  const segments: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const ptype = dv.getUint32(o, true);
    if (ptype === 3) throw bad(o, 'dynamically linked (PT_INTERP): build with -static');
    if (ptype !== 1) continue;
    const flags = dv.getUint32(o + 4, true);
    const offset = Number(dv.getBigUint64(o + 8, true));
    const vaddr = dv.getBigUint64(o + 16, true);
    const filesz = Number(dv.getBigUint64(o + 32, true));
    const memsz = dv.getBigUint64(o + 40, true);
    if (filesz > 0 && offset + filesz > bytes.length) throw bad(o, `segment ${i} extends past the end of the file (truncated?)`);
    if (BigInt(filesz) > memsz) throw bad(o, `segment ${i} has filesz > memsz`);
    segments.push({ vaddr, memsz, data: filesz > 0 ? bytes.subarray(offset, offset + filesz) : new Uint8Array(0), flags });
  }
  if (segments.length === 0) throw bad(phoff, 'no PT_LOAD segments');
  return { entry, segments };
}
