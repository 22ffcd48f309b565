// Our assembler (tools/asm) against GNU as on the backend's output: the compiled code of a
// random module, an intrinsics-heavy and a float-heavy spec module must assemble to the same
// .text bytes and the same relocations (llvm-readelf). The spec/differential suites link with
// GNU as/ld; this keeps our toolchain and the GNU path in step on exactly what we emit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWasm } from '../../tools/backend/index.ts';
import { assembleToObject } from '../../tools/asm/index.ts';
import { buildModule } from './wasm-gen.ts';
import { SPEC_DIR } from './spec-runner.ts';

function relocs(obj: string): string {
  // The code's relocations; .debug_frame's (from the .cfi_* directives) depend on how each
  // assembler encodes the same unwind rows (test/debug/asm-dwarf.test.ts compares those rows).
  const text = execFileSync('llvm-readelf', ['-r', obj], { encoding: 'utf8' });
  return text.split(/(?=Relocation section ')/).filter((part) => !part.startsWith("Relocation section '.rela.debug_")).join('')
    .split('\n')
    .filter((l) => /^[0-9a-f]{16}\s/.test(l))
    .map((l) => l.split(/\s+/).filter((x, i) => i !== 1).join(' ')) // drop the info word (symbol index order may differ)
    .join('\n');
}

describe('backend output: our assembler vs GNU as', () => {
  it('same .text bytes and relocations', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-tc-'));
    const specDir = SPEC_DIR;
    const mods: [string, Uint8Array, 'baremetal' | 'linux-user'][] = [
      ['random', buildModule(3, 90).bytes, 'linux-user'],
      ['random-bm', buildModule(4, 90).bytes, 'baremetal'],
    ];
    // A float-heavy and a table/br_table-heavy spec module, converted by wast2json.
    for (const f of ['conversions', 'call_indirect']) {
      execFileSync('wast2json', [path.join(specDir, `${f}.wast`), '-o', path.join(dir, `${f}.json`)], { stdio: 'ignore' });
      mods.push([f, fs.readFileSync(path.join(dir, `${f}.0.wasm`)), 'linux-user']);
    }
    let relocCount = 0;
    for (const [name, wasm, target] of mods) {
      const { asm } = compileWasm(wasm, { file: name, memorySize: 1 << 20, target, stubUnsupported: true });
      const s = path.join(dir, `${name}.s`);
      fs.writeFileSync(s, asm);
      const ours = path.join(dir, `${name}.ours.o`);
      const gnu = path.join(dir, `${name}.gnu.o`);
      fs.writeFileSync(ours, await assembleToObject(s, { includeDirs: [] }));
      execFileSync('aarch64-linux-gnu-as', ['-o', gnu, s]);
      const text = (o: string) => {
        execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '--only-section=.text', o, `${o}.text`]);
        return fs.readFileSync(`${o}.text`);
      };
      const a = text(ours);
      expect(a.length, name).toBeGreaterThan(100);
      expect(Buffer.compare(a, text(gnu)), `${name}: .text differs`).toBe(0);
      expect(relocs(ours), `${name}: relocations`).toBe(relocs(gnu));
      relocCount += relocs(gnu).split('\n').filter(Boolean).length;
    }
    expect(relocCount).toBeGreaterThan(20);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
