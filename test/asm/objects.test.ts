// Whole .S files with real instructions (tools/isa's encoder): the object must match GNU as
// (bytes, relocations, symbols including $x/$d mapping symbols) and llvm-mc (bytes,
// relocations, symbols), and read cleanly with llvm-readelf / llvm-objdump.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { gnuAs, have, llvmMc, loadIsa, summarize, tmpDir } from './oracle.ts';

const FIX = path.join(__dirname, 'fixtures');
const dir = tmpDir('asm-obj');
const { isa, real } = await loadIsa();

describe.skipIf(!real || !have('aarch64-linux-gnu-as') || !have('llvm-mc'))('assembled objects vs GNU as and llvm-mc', () => {
  for (const name of ['boot.S', 'context.S', 'entry.S', 'modifiers.S']) {
    it(`${name}: same object as GNU as`, () => {
      const file = path.join(FIX, name);
      const ours = objectBytes(assembleFile(file, { isa }));
      const out = path.join(dir, name + '.o');
      fs.writeFileSync(out, ours);
      const gnu = execFileSync('aarch64-linux-gnu-as', ['-I', FIX, file, '-o', path.join(dir, name + '.gnu.o')]);
      void gnu;
      expect(summarize(ours, name, { mapping: true })).toEqual(summarize(fs.readFileSync(path.join(dir, name + '.gnu.o')), name, { mapping: true }));
      const readelf = execFileSync('llvm-readelf', ['-a', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(readelf).toContain('AArch64');
      const dis = execFileSync('llvm-objdump', ['-dr', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(dis).not.toMatch(/<unknown>/);
    });
  }
  for (const name of ['context.S', 'entry.S']) {
    it(`${name}: same object as llvm-mc`, () => {
      const file = path.join(FIX, name);
      const ours = objectBytes(assembleFile(file, { isa }));
      const theirs = llvmMc(file, path.join(dir, name + '.llvm.o'));
      expect(summarize(ours, 'ours')).toEqual(summarize(theirs, 'llvm-mc'));
    });
  }
  it('the directive suite also matches with the real encoder', async () => {
    const { DIRECTIVE_CASES } = await import('./cases.ts');
    for (const [name, src] of Object.entries(DIRECTIVE_CASES)) {
      const file = path.join(dir, `${name}.s`);
      fs.writeFileSync(file, src.replace(/^ {4}/gm, '').replaceAll('@FIX@', path.join(__dirname, 'fixtures')) + '\n');
      const g = gnuAs(file, path.join(dir, `${name}.gnu.o`));
      if (!g.ok) throw new Error(g.err);
      expect(summarize(objectBytes(assembleFile(file, { isa })), name, { mapping: true }), name).toEqual(summarize(g.bytes, name, { mapping: true }));
    }
  });
});
