// The gcc -O2 twins of echo and mini-os (test/bench/guests-c/, the comparison of
// test/bench/guests-vs-c.ts) are the same programs: in our emulator each prints what its
// AssemblyScript guest prints, byte for byte, and the AS guest prints the expected text.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { buildTwin } from '../bench/guests-c/build.ts';
import { runOurs } from './machines.ts';

const as: Record<string, string> = {};
const c: Record<string, string> = {};

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-c-twins-'));
  const r = await build({ buildDir: dir, only: ['echo', 'mini-os'], log: () => {} });
  for (const p of r.programs) as[p.name] = p.image;
  for (const g of ['echo', 'mini-os']) c[g] = (await buildTwin(g, dir)).image;
}, 900_000);

describe('echo and its C twin', () => {
  const banner = 'Exception level: 1\n';
  const typed = 'twin? 0123\r';
  const keys = [...typed].map((k) => (k === '\r' ? '\\r' : k)).join('\\p{20}');
  test('the same banner and echoed keys', async () => {
    const [a, b] = await Promise.all([as.echo, c.echo].map((img) => runOurs(img, '0123\r', `\\w{${banner.trimEnd()}}${keys}`)));
    expect(a.matched, a.stderr).toBe(true);
    expect(b.matched, b.stderr).toBe(true);
    expect(a.output).toBe(banner + typed);
    expect(b.output).toBe(a.output);
  }, 300_000);
});

describe('mini-os and its C twin', () => {
  const until = 'User process\n';
  test('the same boot, probe, exit transcript; then both processes print, interleaved', async () => {
    const [a, b] = await Promise.all([as['mini-os'], c['mini-os']].map((img) => runOurs(img, 'never printed', undefined, ['--max-insns', '300000000'])));
    const head = (o: string) => o.slice(0, o.indexOf(until) + until.length);
    expect(head(a.output)).toContain('mini-os: process 3 exited with code 7, freed 7 pages, 512 free\n' + until);
    expect(head(b.output)).toBe(head(a.output));
    // after it, the demo: timing (so the interleaving) differs with the code's speed
    for (const o of [a.output, b.output]) {
      const demo = o.slice(head(o).length);
      expect(demo).toMatch(/^[1-5a-e]+$/);
      expect(demo).toMatch(/[1-5]+[a-e]+[1-5]+/);
    }
  }, 600_000);
});
