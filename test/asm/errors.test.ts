// Bad input gives located errors (file:line:col, the source line), all of them in one run,
// and the CLI exits 1 without a stack trace. Link-time errors name object, section, offset
// and symbol.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { UserError, UserErrors } from '../../tools/common/diagnostics.ts';
import { loadIsa, tmpDir } from './oracle.ts';

const dir = tmpDir('asm-err');
const { isa } = await loadIsa();
const CLI = path.resolve(__dirname, '../../tools/cli/raspvisor.mjs');

function errorsOf(src: string, name = 'bad.s'): UserError[] {
  const file = path.join(dir, name);
  fs.writeFileSync(file, src);
  try {
    assembleFile(file, { isa });
  } catch (e) {
    if (e instanceof UserErrors) return e.errors;
    if (e instanceof UserError) return [e];
    throw e;
  }
  throw new Error('expected errors, assembled cleanly:\n' + src);
}

function obj(src: string, name: string): { name: string; bytes: Uint8Array } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, src);
  return { name, bytes: objectBytes(assembleFile(file, { isa })) };
}

/** [description, source, expected line, expected column, message pattern] */
const CASES: [string, string, number, number, RegExp][] = [
  ['unknown mnemonic', 'nop\n  frobnicate x0, x1\n', 2, 3, /unknown instruction 'frobnicate'/],
  ['wrong operand', 'nop\nnop\n  add x0, x1\n', 3, 7, /./],
  ['immediate out of range', '  add x0, x1, #5000\n', 1, 15, /out of range/],
  ['branch out of range (local)', '  b.eq far\n  .space 0x200000\nfar: nop\n', 1, 8, /range/i],
  ['misaligned branch target', '  b target\n  nop\n.set target, . + 2\n', 1, 5, /multiple of 4|align/i],
  ['unterminated macro', '.macro m a\n  nop\n', 1, 1, /unterminated \.macro m/],
  ['unterminated .if', '  .if 1\n  nop\n', 1, 3, /unterminated \.if/],
  ['unterminated .rept', 'nop\n.rept 3\nnop\n', 2, 1, /unterminated \.rept/],
  ['.endif without .if', '.endif\n', 1, 1, /\.endif without \.if/],
  ['unknown directive', '  .frob 1\n', 1, 3, /unknown directive '\.frob'/],
  ['duplicate label', 'a: nop\na: nop\n', 2, 1, /already defined/],
  ['undefined local label', '  b 7f\n', 1, 5, /undefined local label '7'/],
  ['no previous local label', '  b 3b\n', 1, 5, /no previous definition of local label '3'/],
  ['value too large for .byte', '.data\n.byte 1, 256\n', 2, 10, /does not fit in 1 byte/],
  ['subsection', '.text 2\n', 1, 1, /subsections/],
  ['bad expression', '.data\n.quad 1 +\n', 2, 7, /ends unexpectedly/],
  ['division by zero', '.data\n.quad 1 / 0\n', 2, 7, /division by zero/],
  ['undefined symbol in constant context', '.space missing_sym\n', 1, 1, /missing_sym/],
  ['unterminated string', '.ascii "abc\n', 1, 1, /unterminated string/],
  ['data in .bss', '.bss\n.byte 1\n', 2, 7, /nobits/],
  ['.error', '.error "stop here"\n', 1, 1, /stop here/],
  ['missing include', '.include "nonexistent.inc"\n', 1, 1, /cannot find 'nonexistent\.inc'/],
  ['macro missing required arg', '.macro m a:req\n.byte \\a\n.endm\nm\n', 4, 1, /required argument 'a'/],
  ['C preprocessor directive', 'nop\n  #include "x.h"\n# 1 "line marker"\n', 2, 3, /'#include' is not supported.*use \.include/],
  ['runaway recursion', '.macro r\nr\n.endm\nr\n', 2, 1, /nesting deeper|statements/],
];

describe('located assembler errors', () => {
  for (const [what, src, line, col, msg] of CASES) {
    it(what, () => {
      const errs = errorsOf(src, what.replace(/\W+/g, '_') + '.s');
      const e = errs[0];
      expect(e.message).toMatch(msg);
      expect(e.loc, e.message).toBeDefined();
      expect(e.loc!.file).toContain(what.replace(/\W+/g, '_'));
      expect([e.loc!.line, e.loc!.col]).toEqual([line, col]);
      expect(e.loc!.lineText).toBe(src.split('\n')[line - 1]);
    });
  }

  it('reports every error in the file, not only the first', () => {
    const errs = errorsOf('  frob1\n  nop\n  frob2 x0\n.byte 300\n  .if 1\n');
    expect(errs.map((e) => e.loc!.line)).toEqual([1, 3, 4, 5]);
  });

  it('locates errors inside macros at the body line, noting the call site', () => {
    const errs = errorsOf('.macro m\n  frob\n.endm\nnop\nm\n');
    expect(errs[0].loc!.line).toBe(2);
    expect(errs[0].notes.join()).toMatch(/in macro 'm' used at .*:5/);
  });

  it('locates errors in included files at the included line', () => {
    fs.writeFileSync(path.join(dir, 'inc-bad.inc'), 'nop\n  .quad 1 / 0\n');
    const errs = errorsOf('nop\n.include "inc-bad.inc"\n', 'includer.s');
    expect(errs[0].loc!.file).toBe(path.join(dir, 'inc-bad.inc'));
    expect(errs[0].loc!.line).toBe(2);
  });
});

describe('link errors', () => {
  it('undefined symbol names the object, section, offset and symbol', () => {
    const a = obj('.global _start\n_start: nop\n  bl nowhere\n', 'undef.o');
    expect(() => link([a], { base: 0x80000n })).toThrow(/undef\.o: offset 0x[0-9a-f]+: error: \.text\+0x4: undefined symbol 'nowhere'/);
  });
  it('duplicate symbols name both objects', () => {
    const a = obj('.global f\nf: ret\n', 'dup1.o');
    const b = obj('.global f\nf: ret\n', 'dup2.o');
    expect(() => link([a, b], { base: 0n })).toThrow(/duplicate symbol 'f': defined in dup1\.o and in dup2\.o/);
  });
  it('branch out of range at link time', () => {
    const a = obj('.global _start\n_start: tbz x0, #1, far\n', 'tbz.o');
    const b = obj('.section .rodata\n.space 0x10000\n.data\n.global far\nfar: .quad 0\n', 'far.o');
    expect(() => link([a, b], { base: 0x80000n })).toThrow(/tbz\.o.*\.text\+0x0: R_AARCH64_TSTBR14: value 0x1[0-9a-f]+ out of range.*against 'far'/);
  });
  it('misaligned load target at link time', () => {
    const a = obj('.global _start\n_start: adrp x0, v\n  ldr x1, [x0, :lo12:v]\n', 'mis.o');
    const b = obj('.data\n.byte 1\n.global v\nv: .quad 0\n', 'misdata.o');
    expect(() => link([a, b], { base: 0x80000n })).toThrow(/R_AARCH64_LDST64_ABS_LO12_NC: low 12 bits .* not a multiple of 8/);
  });
});

describe('CLI error behaviour', () => {
  it('raspvisor as: located error, exit 1, no stack trace, no output file', async () => {
    const src = path.join(dir, 'cli-bad.s');
    fs.writeFileSync(src, 'nop\n  add x0, x1, #99999\n');
    const out = path.join(dir, 'cli-bad.o');
    const r = await execa('node', [CLI, 'as', src, '-o', out], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${src}:2:`);
    expect(r.stderr).toContain('  add x0, x1, #99999');
    expect(r.stderr).toMatch(/\^/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });
  it('raspvisor link: bad object file is a located (offset) error, exit 1', async () => {
    const bad = path.join(dir, 'junk.o');
    fs.writeFileSync(bad, 'not an elf file at all, just some text that is long enough to read a header from......');
    const r = await execa('node', [CLI, 'link', '-o', path.join(dir, 'junk.elf'), bad], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('junk.o: offset 0x0: error: not an ELF file');
  });
});

describe('instruction alignment', () => {
  it('an instruction after an odd number of data bytes in a data section is an error', () => {
    const errs = errorsOf('.data\n  .byte 1\n  nop\n', 'odd.s');
    expect(errs[0].message).toMatch(/not 4-byte aligned/);
    expect([errs[0].loc!.line, errs[0].loc!.col]).toEqual([3, 3]);
  });
});
