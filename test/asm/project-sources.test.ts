// Every hand-written .S file of the project (runtime, hypervisor, guests) assembled by us and by
// GNU as: identical objects. Files GNU as itself rejects are skipped (they are work in progress).
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { gnuAs, have, loadIsa, summarize, tmpDir } from './oracle.ts';
import { execFileSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../..');
// Programs' own sources and the bare-metal runtime (the backend's linux-user test runtime uses
// GOT relocations, which this static toolchain does not do).
const EXCLUDE = new Set<string>();

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[sS]$/.test(e.name) && !EXCLUDE.has(path.relative(ROOT, p))) out.push(p);
    }
  };
  for (const d of ['tools/runtime/baremetal', 'hypervisor', 'guests']) walk(path.join(ROOT, d));
  return out.sort();
}

describe.skipIf(!have('aarch64-linux-gnu-as'))('project .S files vs GNU as', async () => {
  const { isa, real } = await loadIsa();
  const dir = tmpDir('projsrc');
  for (const src of sources()) {
    it.skipIf(!real)(path.relative(ROOT, src), () => {
      const out = path.join(dir, path.basename(src) + '.gnu.o');
      try {
        execFileSync('aarch64-linux-gnu-as', ['-I', path.dirname(src), src, '-o', out], { stdio: 'ignore' });
      } catch {
        return; // GNU as rejects it too: someone's work in progress
      }
      void gnuAs;
      const ours = objectBytes(assembleFile(src, { isa, includeDirs: [path.dirname(src)] }));
      expect(summarize(ours, src, { mapping: true })).toEqual(summarize(fs.readFileSync(out), src, { mapping: true }));
    });
  }
});
