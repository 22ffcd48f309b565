// The assembler against GNU as (aarch64-linux-gnu-as) on a suite of directive, macro and
// expression sources: same section bytes, relocations and symbols.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { DIRECTIVE_CASES } from './cases.ts';
import { shimIsa as isa } from './shim-isa.ts';
import { gnuAs, have, llvmMc, summarize, tmpDir } from './oracle.ts';

const dir = tmpDir('asm-dir');

describe.skipIf(!have('aarch64-linux-gnu-as'))('assembler vs GNU as: directives, macros, expressions', async () => {
  for (const [name, src] of Object.entries(DIRECTIVE_CASES)) {
    it(name, () => {
      const file = path.join(dir, `${name}.s`);
      fs.writeFileSync(file, src.replace(/^ {4}/gm, '').replaceAll('@FIX@', path.join(__dirname, 'fixtures')) + '\n');
      const g = gnuAs(file, path.join(dir, `${name}.gnu.o`));
      if (!g.ok) throw new Error(`GNU as rejects case ${name}:\n${g.err}`);
      const ours = objectBytes(assembleFile(file, { isa }));
      fs.writeFileSync(path.join(dir, `${name}.o`), ours);
      expect(summarize(ours, name, { mapping: true })).toEqual(summarize(g.bytes, name, { mapping: true }));
      // The object reads cleanly with llvm-readelf (no warnings).
      if (have('llvm-readelf')) {
        const r = execFileSync('llvm-readelf', ['-a', path.join(dir, `${name}.o`)], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
        expect(r).toContain('ELF64');
      }
    });
  }
});

// Where GNU as and llvm-mc disagree we follow GNU as; these cases show such a difference.
const LLVM_DIVERGES: Record<string, string> = {
  data_sizes: "llvm-mc rejects GNU's unterminated 'c character constant",
  align_text: 'llvm-mc pads code with NOPs even when the fill byte 0 is given',
  symbols_binding: 'llvm-mc does not turn an undefined .local/.type symbol into an undefined global',
  literal_pool: 'llvm-mc turns ldr =small-constant into movz',
  req_alias: 'llvm-mc turns ldr =small-constant into movz',
  unaligned_code: 'llvm-mc does not align code that follows data',
  common_symbols: 'llvm-mc uses other default .comm/.lcomm alignments',
  leb_and_floats: "llvm-mc rejects GNU's 0f/0d floating-point prefixes",
};

describe.skipIf(!have('llvm-mc'))('assembler vs llvm-mc on the same suite (bytes, relocations, symbols)', () => {
  for (const [name, src] of Object.entries(DIRECTIVE_CASES)) {
    it.skipIf(name in LLVM_DIVERGES)(name, () => {
      const file = path.join(dir, `${name}.llvm.s`);
      fs.writeFileSync(file, src.replace(/^ {4}/gm, '').replaceAll('@FIX@', path.join(__dirname, 'fixtures')) + '\n');
      const theirs = llvmMc(file, path.join(dir, `${name}.llvm.o`));
      const strip = (s: ReturnType<typeof summarize>) => {
        for (const k of Object.keys(s.sections)) delete (s.sections[k] as Partial<(typeof s.sections)[string]>).align; // llvm-mc aligns .text to 4 always
        return s;
      };
      expect(strip(summarize(objectBytes(assembleFile(file, { isa })), name))).toEqual(strip(summarize(theirs, name)));
    });
  }
});
