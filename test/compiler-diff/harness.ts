// The differential programs: compile each with our front end, run the wasm in V8 (the oracle)
// and, compiled by our backend for linux-user, under qemu-aarch64. Shared by the test and the
// benchmarks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { compileAssemblyScript } from '../../tools/frontend/compile.ts';
import { buildLinuxUser, type LinuxBuild } from '../../tools/build/linux-user.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PROGRAM_DIR = path.join(import.meta.dirname, 'assembly');
export const PROGRAMS = ['sort', 'hash', 'bignum', 'interp', 'funcptr', 'recursion', 'strings'];
export const MEMORY_BASE = 0x10000;
export const MEMORY_SIZE = 16 << 20;
export const WORK = path.join(ROOT, 'build/compiler-diff');

export interface AscOptions {
  /** asc --uncheckedBehavior always (no array bounds checks, as in the C twins). */
  unchecked?: boolean;
  /** More asc flags, e.g. an optimisation level (levels.ts); they come after the build's -O3. */
  flags?: string[];
}

export async function compileProgram(name: string, opts: AscOptions = {}): Promise<Uint8Array> {
  return compileFile(name, path.join(PROGRAM_DIR, `${name}.ts`), opts);
}

/** Compiles one AssemblyScript file anywhere under the checkout (e.g. a generated program). */
export async function compileFile(name: string, file: string, opts: AscOptions = {}): Promise<Uint8Array> {
  const r = await compileAssemblyScript({
    extraFlags: [...(opts.unchecked ? ['--uncheckedBehavior', 'always'] : []), ...(opts.flags ?? [])],
    name,
    root: ROOT,
    entries: [path.relative(ROOT, file)],
    memoryBase: MEMORY_BASE,
    memorySize: MEMORY_SIZE,
  });
  return r.wasm;
}

/** Runs `main` in V8; returns what it wrote. A trap or abort throws; `partial` then still gets
 *  the output written before it. */
export async function runInV8(wasm: Uint8Array, partial?: (out: string) => void): Promise<string> {
  let out = '';
  let memory: WebAssembly.Memory | undefined;
  const str = (p: number) => {
    if (!p || !memory) return '';
    const len = new Uint32Array(memory.buffer, p - 4, 1)[0];
    return Buffer.from(new Uint8Array(memory.buffer, p, len)).toString('utf16le');
  };
  const imports = {
    env: {
      rv_write: (p: number, n: number) => {
        out += Buffer.from(new Uint8Array(memory!.buffer, p, n)).toString('latin1');
      },
      rv_abort: (m: number, f: number, l: number, c: number) => {
        throw new Error(`abort: ${str(m)} in ${str(f)}:${l}:${c}`);
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(new Uint8Array(wasm), imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  try {
    (instance.exports.main as () => void)();
  } finally {
    partial?.(out);
  }
  return out;
}

export async function buildNative(name: string, wasm: Uint8Array, variant = ''): Promise<LinuxBuild> {
  return buildLinuxUser({ name, wasm, workDir: path.join(WORK, name + variant), memorySize: MEMORY_SIZE });
}

export async function runNative(exe: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const r = await execa('qemu-aarch64', [exe], { reject: false, timeout: 60_000, stripFinalNewline: false });
  return { stdout: r.stdout as string, stderr: r.stderr as string, exitCode: r.exitCode ?? -1 };
}

/** One program of assembly/<dir>/ run both ways: what V8 printed, how V8 ended (null: normally,
 *  else its error), and our AArch64 build's run under qemu-aarch64. */
export async function runBothWays(dir: string, name: string) {
  const wasm = await compileProgram(`${dir}/${name}`);
  let printed = '';
  const v8 = await runInV8(wasm, (s) => (printed = s)).then(() => null, (e) => e as Error);
  const { exe } = await buildNative(`${dir}-${name}`, wasm);
  return { printed, v8, r: await runNative(exe) };
}

export function readProgram(name: string): string {
  return fs.readFileSync(path.join(PROGRAM_DIR, `${name}.ts`), 'utf8');
}

/** V8's RuntimeError messages and the trap names our linux-user runtime prints for them. */
export const TRAPS: [RegExp, string][] = [
  [/memory access out of bounds/, 'out of bounds memory access'],
  [/unreachable/, 'unreachable'],
  [/divide by zero/, 'integer divide by zero'],
  [/divide result unrepresentable/, 'integer overflow'],
];

/** How a run in V8 ended, in the words `nativeEnding` uses: `normal`, the abort message, or
 *  `trap: <kind>`. */
export function v8Ending(e: Error | null): string {
  if (e === null) return 'normal';
  if (e.message.startsWith('abort: ')) return e.message;
  const kind = TRAPS.find(([re]) => re.test(e.message))?.[1];
  return e instanceof WebAssembly.RuntimeError && kind ? `trap: ${kind}` : `error: ${e.message}`;
}

/** How a run under qemu-aarch64 ended: exit 0 with nothing on stderr, asc's abort (exit 71) or
 *  a wasm trap (exit 70); anything else is reported whole. */
export function nativeEnding(r: { stderr: string; exitCode: number }): string {
  if (r.exitCode === 0 && r.stderr === '') return 'normal';
  if (r.exitCode === 71 && /^abort: .*\n$/.test(r.stderr)) return r.stderr.slice(0, -1);
  const m = /^wasm trap: (.*) at 0x[0-9a-f]+\n$/.exec(r.stderr);
  if (r.exitCode === 70 && m) return `trap: ${m[1]}`;
  return `exit ${r.exitCode}: ${r.stderr}`;
}
