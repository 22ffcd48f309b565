// Build times of the whole tree as a user sees them: `raspvisor build` run as a process (node +
// the tsx loader, as the CLI starts), on a copy of this project's programs, beside asc's own CLI
// (plain node) compiling the same entry files with the same flags, and beside the GNU binutils
// stopgap (RASPVISOR_TOOLCHAIN=gnu). Scenarios: cold without the step cache (a fresh machine),
// cold with it (a fresh build folder: tests, CI, `rm -rf build`), no-op, one hypervisor .ts
// edited (content changed), one guest .S edited. Ratios are printed; nothing is asserted.
// Run: npx tsx test/bench/build-time.ts
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverPrograms } from '../../tools/build/programs.ts';
import { PROGRAM_LAYOUTS } from '../../Makefile.ts';
import { ABORT_MODULE, ascFlags, RUNTIME_LIB_DIR } from '../../tools/frontend/flags.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'tools/cli/raspvisor.mjs');
const ASC = path.join(ROOT, 'node_modules/assemblyscript/bin/asc.js');

function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-buildtime-'));
  for (const d of ['hypervisor', 'guests']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  return dir;
}

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

function cli(root: string, env: Record<string, string>): number {
  return timed(() => execFileSync('node', [CLI, 'build', '-q', '-C', root], { env: { ...process.env, ...env }, stdio: 'inherit' }));
}

function appendLine(f: string, line: string): void {
  fs.appendFileSync(f, `\n${line}\n`);
}

function scenarios(toolchain: string): Record<string, number> {
  const root = copyProject();
  const env = { RASPVISOR_TOOLCHAIN: toolchain };
  const r: Record<string, number> = {};
  r['cold, no cache'] = cli(root, { ...env, RASPVISOR_NO_CACHE: '1' });
  fs.rmSync(path.join(root, 'build'), { recursive: true });
  r['cold, cached steps'] = cli(root, env);
  r['no-op'] = cli(root, env);
  appendLine(path.join(root, 'hypervisor/drivers/mini-uart.ts'), `// edit ${Date.now()}`); // a file the build compiles
  r['hypervisor .ts edited'] = cli(root, env);
  const guestS = discoverPrograms(root).find((p) => p.kind === 'guest' && p.asmSources.length > 0)?.asmSources[0];
  if (guestS) {
    appendLine(path.join(root, guestS), `// edit ${Date.now()}`);
    r['guest .S edited'] = cli(root, env);
  }
  fs.rmSync(root, { recursive: true, force: true });
  return r;
}

/** asc's CLI alone on every program's entry, flags as the build passes them. */
function ascCli(): number {
  const libDir = path.join(ROOT, RUNTIME_LIB_DIR);
  const panic = path.posix.join(RUNTIME_LIB_DIR, `${ABORT_MODULE}.ts`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-buildtime-asc-'));
  let t = 0;
  for (const p of discoverPrograms(ROOT, PROGRAM_LAYOUTS)) {
    if (!p.entry) continue;
    const flags = ascFlags(p, libDir).map((f) => (f.startsWith('abort=') ? `abort=${panic.replace(/\.ts$/, '')}/rv_abort` : f));
    t += timed(() => execFileSync('node', [ASC, p.entry!, panic, ...flags, '-o', path.join(out, `${p.name}.wasm`), '-t', path.join(out, `${p.name}.wat`)], { cwd: ROOT, stdio: 'inherit' }));
  }
  fs.rmSync(out, { recursive: true, force: true });
  return t;
}

const asc = ascCli();
const ours = scenarios('ours');
const gnu = scenarios('gnu');
console.log(`asc CLI alone on the same entry files (plain node): ${asc.toFixed(2)} s`);
console.log('scenario                 ours (s)   gnu binutils (s)   ours/gnu   ours/asc-CLI');
for (const k of Object.keys(ours)) {
  console.log(`${k.padEnd(24)} ${ours[k].toFixed(2).padStart(8)}   ${gnu[k].toFixed(2).padStart(16)}   ${(ours[k] / gnu[k]).toFixed(2).padStart(8)}   ${(ours[k] / asc).toFixed(2).padStart(12)}`);
}
