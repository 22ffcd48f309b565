// Builds the core: generates decode.gen.ts (from the ISA forms) and sysregs.gen.ts, compiles
// tools/emu/core/*.ts with asc (-O3, noAssert, stub runtime, imported memory) and caches the
// .wasm under node_modules/.cache/raspvisor keyed by a hash of every input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { loadForms, formSourceFiles } from './forms.ts';
import { generateDecoder } from './gen-decoder.ts';
import { generateSysregs } from './sysreg-list.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const coreDir = path.join(here, '..', 'core');
const repoRoot = path.resolve(here, '../../..');
const cacheDir = path.join(repoRoot, 'node_modules', '.cache', 'raspvisor');
/** Cores built when the npm package was packed (`npm pack` runs `prepack`), so that a user's
 *  first `raspvisor run` does not wait for asc. Same key as the cache: a stale one is unused. */
const prebuiltDir = path.join(here, 'prebuilt');

async function sources(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(coreDir).sort()) {
    if (f.endsWith('.ts') && !f.endsWith('.gen.ts')) files.set(f, fs.readFileSync(path.join(coreDir, f), 'utf8'));
  }
  // the translator's AssemblyScript side (core/jit; asc's host looks files up by base name)
  for (const f of fs.readdirSync(path.join(coreDir, 'jit')).sort()) {
    if (f.endsWith('.ts') && !files.has(f)) files.set(f, fs.readFileSync(path.join(coreDir, 'jit', f), 'utf8'));
  }
  const { source, forms } = await loadForms();
  files.set('decode.gen.ts', generateDecoder(forms, source));
  files.set('sysregs.gen.ts', generateSysregs());
  return files;
}

export async function coreWasmPath(opts: { emitGenerated?: boolean } = {}): Promise<string> {
  const files = await sources();
  if (opts.emitGenerated) for (const [n, t] of files) if (n.endsWith('.gen.ts')) fs.writeFileSync(path.join(coreDir, n), t);
  // Resolved the way Node does: in an installed package, assemblyscript sits beside raspvisor.
  const ascPkg = JSON.parse(fs.readFileSync(createRequire(import.meta.url).resolve('assemblyscript/package.json'), 'utf8'));
  const h = crypto.createHash('sha256');
  h.update(ascPkg.version);
  for (const [n, t] of files) h.update(n + '\0' + t + '\0');
  for (const f of [...formSourceFiles(), path.join(here, 'build-core.ts')]) h.update(fs.readFileSync(f));
  const key = h.digest('hex').slice(0, 20);
  const prebuilt = path.join(prebuiltDir, `cpu-core-${key}.wasm`);
  if (fs.existsSync(prebuilt)) return prebuilt;
  const out = path.join(cacheDir, `cpu-core-${key}.wasm`);
  if (fs.existsSync(out)) return out;
  // One build at a time across processes (test workers start together): the loser waits.
  fs.mkdirSync(cacheDir, { recursive: true });
  const lock = `${out}.lock`;
  let fd: number | undefined;
  for (const t0 = Date.now(); ;) {
    try { fd = fs.openSync(lock, 'wx'); break; } catch { /* held by another build */ }
    if (fs.existsSync(out)) return out;
    try { if (Date.now() - fs.statSync(lock).mtimeMs > 300_000) fs.rmSync(lock, { force: true }); } catch { /* gone */ }
    if (Date.now() - t0 > 600_000) throw new Error(`timed out waiting for ${lock}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    if (fs.existsSync(out)) return out;
    await compile(files, out);
    return out;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

async function compile(files: Map<string, string>, out: string): Promise<void> {
  // In a plain-node worker: through the tsx loader asc takes ~20 s more to load.
  const { runAsc } = await import('../../frontend/asc-host.ts');
  const t0 = Date.now();
  process.stderr.write('emu: compiling the CPU core with asc (once; cached in node_modules/.cache/raspvisor)...\n');
  const r = await runAsc({
    args: ['index.ts', '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--importTable',
      '--memoryBase', '65536', '--outFile', 'core.wasm', '--use', 'abort='],
    files: Object.fromEntries(files),
  });
  const error = r.error;
  const stderrChunks = [r.stderr];
  const outputs = new Map(Object.entries(r.outputs).map(([k, v]) => [path.basename(k), v]));
  process.stderr.write(`emu: CPU core compiled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  if (error) throw new Error(`asc failed building the CPU core:\n${stderrChunks.join('')}`);
  const wasm = outputs.get('core.wasm');
  if (!wasm) throw new Error('asc produced no core.wasm');
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, wasm);
  fs.renameSync(tmp, out);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  coreWasmPath({ emitGenerated: process.argv.includes('--emit') }).then(
    (p) => {
      // --prebuilt (npm's prepack): ship this core in the package, and only this one.
      if (process.argv.includes('--prebuilt') && path.dirname(p) !== prebuiltDir) {
        fs.rmSync(prebuiltDir, { recursive: true, force: true });
        fs.mkdirSync(prebuiltDir, { recursive: true });
        fs.copyFileSync(p, path.join(prebuiltDir, path.basename(p)));
      }
      // stderr: `npm pack --json` prints its JSON on stdout after this script.
      process.stderr.write(`${p} (${Date.now() - t0} ms)\n`);
    },
    (e) => { console.error(e.message); process.exit(1); },
  );
}
