// The assembler against GNU as (aarch64-linux-gnu-as) on a suite of directive, macro and
// expression sources: same section bytes, relocations and symbols.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { DIRECTIVE_CASES } from './cases.ts';
import { gnuAs, have, loadIsa, summarize, tmpDir } from './oracle.ts';

const dir = tmpDir('asm-dir');

describe.skipIf(!have('aarch64-linux-gnu-as'))('assembler vs GNU as: directives, macros, expressions', async () => {
  const { shimIsa: isa } = await import('./shim-isa.ts');
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
