// Builds the core: generates decode.gen.ts (from the ISA forms) and sysregs.gen.ts, compiles
// tools/emu/core/*.ts with asc (-O3, noAssert, stub runtime, imported memory) and caches the
// .wasm under node_modules/.cache/raspvisor keyed by a hash of every input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadForms, formSourceFiles } from './forms.ts';
import { generateDecoder } from './gen-decoder.ts';
import { generateSysregs } from './sysreg-list.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const coreDir = path.join(here, '..', 'core');
const repoRoot = path.resolve(here, '../../..');
const cacheDir = path.join(repoRoot, 'node_modules', '.cache', 'raspvisor');

async function sources(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(coreDir).sort()) {
    if (f.endsWith('.ts') && !f.endsWith('.gen.ts')) files.set(f, fs.readFileSync(path.join(coreDir, f), 'utf8'));
  }
  // the translator's AssemblyScript side (tools/emu/jit)
  for (const f of fs.readdirSync(path.join(coreDir, 'jit')).sort()) {
    if (f.endsWith('.ts')) files.set(`jit/${f}`, fs.readFileSync(path.join(coreDir, 'jit', f), 'utf8'));
  }
  const { source, forms } = await loadForms();
  files.set('decode.gen.ts', generateDecoder(forms, source));
  files.set('sysregs.gen.ts', generateSysregs());
  return files;
}

export async function coreWasmPath(opts: { emitGenerated?: boolean } = {}): Promise<string> {
  const files = await sources();
  if (opts.emitGenerated) for (const [n, t] of files) if (n.endsWith('.gen.ts')) fs.writeFileSync(path.join(coreDir, n), t);
  const ascPkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules/assemblyscript/package.json'), 'utf8'));
  const h = crypto.createHash('sha256');
  h.update(ascPkg.version);
  for (const [n, t] of files) h.update(n + '\0' + t + '\0');
  for (const f of [...formSourceFiles(), path.join(here, 'build-core.ts')]) h.update(fs.readFileSync(f));
  const key = h.digest('hex').slice(0, 20);
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
  const asc = (await import('assemblyscript/asc')).default;
  const outputs = new Map<string, Uint8Array | string>();
  const stderrChunks: string[] = [];
  const { error } = await asc.main([
    'index.ts', '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--importTable',
    '--memoryBase', '65536', '--outFile', 'core.wasm', '--use', 'abort=',
  ], {
    readFile: (name: string, baseDir: string) => files.get(path.posix.normalize(path.posix.join(baseDir ?? '.', name)).replace(/^\.\//, '')) ?? null,
    writeFile: (name: string, contents: Uint8Array | string) => { outputs.set(path.basename(name), contents); },
    listFiles: () => [...files.keys()],
    stdout: { write: () => true } as any,
    stderr: { write: (s: string) => { stderrChunks.push(String(s)); return true; } } as any,
  } as any);
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
  coreWasmPath({ emitGenerated: process.argv.includes('--emit') }).then((p) => console.log(`${p} (${Date.now() - t0} ms)`), (e) => { console.error(e.message); process.exit(1); });
}
