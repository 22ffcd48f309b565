// Helpers shared by the assembler and linker tests: run the oracles (GNU as, llvm-mc, GNU ld)
// and reduce an ELF object to a comparable summary (section bytes, relocations, symbols).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readElf } from '../../tools/elf/reader.ts';
import { SHT_NOBITS, SHT_PROGBITS, STT_SECTION } from '../../tools/elf/constants.ts';
import type { IsaApi } from '../../tools/isa/api.ts';
import { shimIsa } from './shim-isa.ts';

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `raspvisor-${tag}-`));
}

export function have(tool: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Assemble with GNU as; returns the object bytes or the error text. */
export function gnuAs(file: string, out: string): { ok: true; bytes: Uint8Array } | { ok: false; err: string } {
  try {
    execFileSync('aarch64-linux-gnu-as', [file, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { ok: true, bytes: fs.readFileSync(out) };
  } catch (e: any) {
    return { ok: false, err: String(e.stderr ?? e.message) };
  }
}

export function llvmMc(file: string, out: string): Uint8Array {
  execFileSync('llvm-mc', ['-triple=aarch64', '-filetype=obj', file, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return fs.readFileSync(out);
}

export interface ObjSummary {
  sections: Record<string, { bytes: string; size: number; flags: number; nobits: boolean; align: number; entsize: number }>;
  relocs: string[];
  symbols: string[];
}

/** Canonical view of an object: per-section bytes (hex), relocations as
 *  "section+off TYPE target+addend" (a local target is named by its section and offset, the
 *  way both assemblers may choose differently), and non-mapping symbols. */
export function summarize(bytes: Uint8Array, name = 'obj', opts: { mapping?: boolean } = {}): ObjSummary {
  const f = readElf(bytes, name);
  const sections: ObjSummary['sections'] = {};
  for (const s of f.sections) {
    if (s.type !== SHT_PROGBITS && s.type !== SHT_NOBITS) continue;
    if (s.name.startsWith('.note') || s.name.startsWith('.debug_')) continue; // debug: see relocs below
    if (s.size === 0 && ['.text', '.data', '.bss'].includes(s.name)) continue;
    sections[s.name] = { bytes: Buffer.from(s.data).toString('hex'), size: s.size, flags: s.flags, nobits: s.type === SHT_NOBITS, align: s.align, entsize: s.entsize };
  }
  const relocs: string[] = [];
  for (const [idx, list] of f.relocs) {
    // Debug sections are left out, as their bytes are (their encodings differ between
    // assemblers; test/debug/asm-dwarf.test.ts compares the rows they decode to).
    if (f.sections[idx].name.startsWith('.debug_')) continue;
    for (const r of list) {
      const s = f.symbols[r.symIndex];
      let target: string;
      let addend = r.addend;
      if (r.symIndex === 0) target = '*ABS*';
      else if (s.type === STT_SECTION || s.bind === 0) {
        target = f.sections[s.shndx].name;
        addend += s.type === STT_SECTION ? 0n : s.value;
      } else target = s.name;
      relocs.push(`${f.sections[idx].name}+0x${r.offset.toString(16)} ${r.type} ${target}${addend >= 0n ? '+' : '-'}0x${(addend < 0n ? -addend : addend).toString(16)}`);
    }
  }
  relocs.sort();
  const symbols = f.symbols
    .filter((s) => s.name && s.type !== STT_SECTION && (opts.mapping || !/^\$[xd](\.\d+)?$/.test(s.name)))
    .map((s) => `${s.name} ${s.shndx === 0 ? 'UND' : s.shndx === 0xfff1 ? 'ABS' : s.shndx === 0xfff2 ? 'COM' : f.sections[s.shndx]?.name} 0x${s.value.toString(16)} size=${s.size} bind=${s.bind} type=${s.type}${s.other ? ` other=${s.other}` : ''}`)
    .sort();
  return { sections, relocs, symbols };
}

/** The encoder under test: tools/isa when it is present and loads, else the tiny shim. */
export async function loadIsa(): Promise<{ isa: IsaApi; real: boolean }> {
  try {
    const m = (await import('../../tools/isa/index.ts')) as unknown as IsaApi;
    if (typeof m.assemble === 'function') return { isa: m, real: true };
  } catch { /* not there yet */ }
  return { isa: shimIsa, real: false };
}
