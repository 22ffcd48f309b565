// Compile time of the whole tree (`raspvisor build`: the hypervisor and every guest), measured
// side by side in one run: cold (empty build folder), no-op (nothing changed), and incremental
// after touching one hypervisor source and one guest source; with our assembler/linker and,
// as the reference, with the GNU binutils stopgap (RASPVISOR_TOOLCHAIN=gnu).
// Run: npx tsx test/bench/build-time.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function touch(f: string): void {
  const t = new Date();
  fs.utimesSync(f, t, t);
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

async function scenario(toolchain: 'ours' | 'gnu'): Promise<Record<string, number>> {
  process.env.RASPVISOR_TOOLCHAIN = toolchain;
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), `rv-buildtime-${toolchain}-`));
  const quiet = { buildDir, log: () => {} };
  const r: Record<string, number> = {};
  r.cold = await timed(() => build(quiet));
  r.noop = await timed(() => build(quiet));
  const later = () => new Promise((res) => setTimeout(res, 20)); // mtime granularity
  await later();
  touch(path.join(ROOT, 'hypervisor/uart.ts'));
  r['hypervisor .ts edited'] = await timed(() => build(quiet));
  await later();
  touch(path.join(ROOT, 'guests/test_binary/test_binary.S'));
  r['guest .S edited'] = await timed(() => build(quiet));
  fs.rmSync(buildDir, { recursive: true, force: true });
  return r;
}

// Warm up module loading (asc, tsx transforms) so that "cold" measures building, not loading.
await build({ buildDir: fs.mkdtempSync(path.join(os.tmpdir(), 'rv-buildtime-warm-')), log: () => {} });
const ours = await scenario('ours');
const gnu = await scenario('gnu');
console.log('scenario                 ours (s)   gnu binutils (s)   ours/gnu   vs cold');
for (const k of Object.keys(ours)) {
  console.log(`${k.padEnd(24)} ${ours[k].toFixed(3).padStart(8)}   ${gnu[k].toFixed(3).padStart(16)}   ${(ours[k] / gnu[k]).toFixed(2).padStart(8)}   ${(ours[k] / ours.cold).toFixed(3)}`);
}
