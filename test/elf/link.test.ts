// The linker against GNU ld: the same objects linked at the same base with an equivalent
// linker script give the same image bytes (objcopy -O binary) and the same symbol values.
// Objects come from llvm-mc, GNU as and our own assembler.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { link, formatMap } from '../../tools/elf/linker.ts';
import { readElf } from '../../tools/elf/reader.ts';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { have, llvmMc, loadIsa, tmpDir } from '../asm/oracle.ts';

const dir = tmpDir('link');
const FIX = path.join(__dirname, 'fixtures');
const ASM_FIX = path.join(__dirname, '../asm/fixtures');
const { isa, real } = await loadIsa();

const SCRIPT = (base: bigint, gc = false) => `ENTRY(_start)
SECTIONS {
  . = 0x${base.toString(16)};
  .text : { __text_start = .; ${gc ? 'KEEP(*(.text.boot .text.boot.*))' : '*(.text.boot .text.boot.*)'} *(.text .text.*) __text_end = .; }
  .rodata : { __rodata_start = .; *(.rodata .rodata.*) *(.eh_frame) __rodata_end = .; }
  .data : { __data_start = .; *(.data .data.*) *(.wasm_data) __data_end = .; }
  .bss : { . = ALIGN(8); __bss_start = .; *(.bss .bss.*) *(COMMON) . = ALIGN(8); __bss_end = .; _end = .; }
  /DISCARD/ : { *(.note.GNU-stack) *(.comment) }
}
`;

function gnuLink(objs: string[], base: bigint, tag: string, gc = false): { image: Buffer; elf: ReturnType<typeof readElf> } {
  const script = path.join(dir, `${tag}.ld`);
  fs.writeFileSync(script, SCRIPT(base, gc));
  const out = path.join(dir, `${tag}.ld.elf`);
  execFileSync('aarch64-linux-gnu-ld', ['-T', script, '--no-warn-rwx-segments', ...(gc ? ['--gc-sections'] : []), ...objs, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', out, out + '.img']);
  return { image: fs.readFileSync(out + '.img'), elf: readElf(fs.readFileSync(out), out) };
}

function compare(objs: string[], base: bigint, tag: string, gc = false): ReturnType<typeof link> {
  const ours = link(objs.map((o) => ({ name: o, bytes: fs.readFileSync(o) })), { base, gcSections: gc });
  const gnu = gnuLink(objs, base, tag, gc);
  expect(Buffer.from(ours.binary).equals(gnu.image), `${tag}: image bytes differ from GNU ld`).toBe(true);
  expect(ours.entry).toBe(gnu.elf.entry);
  // Every global symbol GNU ld defines has the same value in ours.
  const oursElf = readElf(ours.elf, 'ours');
  const mine = new Map(oursElf.symbols.filter((s) => s.bind !== 0).map((s) => [s.name, s.value]));
  for (const s of gnu.elf.symbols) if (s.bind !== 0 && s.name) expect(mine.get(s.name), s.name).toBe(s.value);
  // Our executable reads cleanly.
  const outFile = path.join(dir, `${tag}.elf`);
  fs.writeFileSync(outFile, ours.elf);
  const r = execFileSync('llvm-readelf', ['-a', outFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r).toContain('EXEC (Executable file)');
  return ours;
}

// Sections reached from _start (boot), through a global call, a local data reference and a
// weak reference; others unreferenced, one of them naming a symbol nothing defines.
const GC_A = `.section .text.boot, "ax"
.globl _start
_start: bl used
  adr x0, wk
  b _start
.section .text.unused_a, "ax"
  bl nowhere
`;
const GC_B = `.section .text.used, "ax"
.globl used
used: adrp x1, table
  add x1, x1, :lo12:table
  ret
.section .text.unused_b, "ax"
.globl unused
unused: adrp x1, junk
  ret
.section .rodata.table, "a"
table: .quad 1, 2, 3
.section .rodata.junk, "a"
junk: .quad 4, 5, 6, 7
.section .data.weak, "aw"
.weak wk
wk: .quad 8
.section .data.dead, "aw"
.quad 9
.section .bss.dead, "aw", %nobits
.space 4096
`;

describe.skipIf(!have('aarch64-linux-gnu-ld') || !have('llvm-mc'))('linker vs GNU ld', () => {
  it('every relocation type (objects from llvm-mc), at several bases', () => {
    const rc = path.join(dir, 'rc.o'), rd = path.join(dir, 'rd.o');
    llvmMc(path.join(FIX, 'relocs-code.S'), rc);
    llvmMc(path.join(FIX, 'relocs-data.S'), rd);
    for (const base of [0x80000n, 0x0n, 0x40001000n, 0x12345000n]) compare([rc, rd], base, `relocs-${base.toString(16)}`);
    compare([rd, rc], 0x80000n, 'relocs-swapped');
  });

  it('objects from GNU as (boot + context switch + stub) with .text.boot first', () => {
    const objs = ['boot.S', 'context.S'].map((n) => {
      const o = path.join(dir, n + '.gnu.o');
      execFileSync('aarch64-linux-gnu-as', ['-I', ASM_FIX, path.join(ASM_FIX, n), '-o', o]);
      return o;
    });
    const stub = path.join(dir, 'stub.gnu.o');
    execFileSync('aarch64-linux-gnu-as', [path.join(FIX, 'main-stub.S'), '-o', stub]);
    compare([...objs, stub], 0x80000n, 'gnu-objs');
    compare([stub, ...objs], 0x80000n, 'gnu-objs-stub-first');
  });

  it.skipIf(!real)('objects from our assembler link to the same image as with GNU ld', () => {
    const objs = ['boot.S', 'context.S'].map((n) => path.join(ASM_FIX, n)).concat(path.join(FIX, 'main-stub.S')).map((src) => {
      const o = path.join(dir, path.basename(src) + '.ours.o');
      fs.writeFileSync(o, objectBytes(assembleFile(src, { isa })));
      return o;
    });
    compare(objs, 0x80000n, 'our-objs');
  });

  it.skipIf(!have('aarch64-linux-gnu-gcc'))('objects compiled by gcc (with .eh_frame, .comment, .note.GNU-stack)', () => {
    const o = path.join(dir, 'sum.o');
    execFileSync('aarch64-linux-gnu-gcc', ['-O2', '-ffreestanding', '-fno-pic', '-fno-stack-protector', '-c', path.join(FIX, 'sum.c'), '-o', o]);
    compare([o], 0x80000n, 'gcc');
  });

  it('undefined weak symbols resolve as with GNU ld', () => {
    const o = path.join(dir, 'weak.o');
    execFileSync('aarch64-linux-gnu-as', [path.join(FIX, 'weak.S'), '-o', o]);
    compare([o], 0x80000n, 'weak');
  });

  it('--gc-sections keeps what GNU ld --gc-sections keeps', () => {
    const objs = [['gca', GC_A], ['gcb', GC_B]].map(([n, src]) => {
      fs.writeFileSync(path.join(dir, `${n}.S`), src);
      llvmMc(path.join(dir, `${n}.S`), path.join(dir, `${n}.o`));
      return path.join(dir, `${n}.o`);
    });
    const r = compare(objs, 0x80000n, 'gc', true);
    const names = new Set(r.symbols.map((s) => s.name));
    expect(names.has('used') && names.has('wk') && !names.has('unused')).toBe(true);
    // Without it, the unused section's undefined symbol is an error.
    expect(() => link(objs.map((o) => ({ name: o, bytes: fs.readFileSync(o) })), { base: 0x80000n })).toThrow(/undefined symbol 'nowhere'/);
  });

  it('bound symbols and the map', () => {
    const rc = path.join(dir, 'rc2.o'), rd = path.join(dir, 'rd2.o');
    llvmMc(path.join(FIX, 'relocs-code.S'), rc);
    llvmMc(path.join(FIX, 'relocs-data.S'), rd);
    const r = link([rc, rd].map((o) => ({ name: o, bytes: fs.readFileSync(o) })), { base: 0x80000n });
    const map = formatMap(r);
    expect(map).toMatch(/0x0000000000080000 g text +__text_start/);
    expect(map).toMatch(/_start .*rc2\.o/);
    const syms = new Map(r.symbols.map((s) => [s.name, s.addr]));
    expect(syms.get('__bss_end')! % 8n).toBe(0n);
    expect(syms.get('_end')).toBe(syms.get('__bss_end'));
  });
});

describe('linker on its own', () => {
  it('raw binary starts at the base and ends at the end of .data; bss is not in it', () => {
    const o = path.join(dir, 'small.o');
    const src = path.join(dir, 'small.s');
    fs.writeFileSync(src, '.global _start\n_start: .word 0x11111111\n.data\n.word 0x22222222\n.bss\n.space 64\n');
    fs.writeFileSync(o, objectBytes(assembleFile(src, { isa })));
    const r = link([{ name: o, bytes: fs.readFileSync(o) }], { base: 0x1000n });
    expect(Buffer.from(r.binary).toString('hex')).toBe('1111111122222222');
    const bss = r.sections.find((s) => s.kind === 'bss')!;
    expect(bss.size).toBe(64);
    expect(r.entry).toBe(0x1000n);
  });
});
