// The front end (asc through its API) against V8 running the same wasm: static data at
// memoryBase, memory of fixed size, abort routed to rv_abort with the source position;
// located errors; duplicate exports; the intrinsics module.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileAssemblyScript } from '../../tools/frontend/compile.ts';
import { UserError, UserErrors } from '../../tools/common/diagnostics.ts';
import { generateIntrinsics, OUTPUT } from '../../tools/runtime/gen-intrinsics.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FX = 'test/build/fixtures/assembly';
const MEMORY_BASE = 0x200000; // 2097152: asc must get it in decimal
const MEMORY_SIZE = 0x400000;

function asString(mem: WebAssembly.Memory, ptr: number): string {
  const len = new Uint32Array(mem.buffer, ptr - 4, 1)[0];
  return Buffer.from(new Uint8Array(mem.buffer, ptr, len)).toString('utf16le');
}

async function compileFx(...files: string[]) {
  return compileAssemblyScript({ name: 'probe', root: ROOT, entries: files.map((f) => `${FX}/${f}`), memoryBase: MEMORY_BASE, memorySize: MEMORY_SIZE });
}

describe('asc with the bare-metal flag set, run in V8', async () => {
  const out = await compileFx('probe.ts');
  let aborted: number[] = [];
  const imports = { env: { rv_abort: (m: number, f: number, l: number, c: number) => { aborted = [m, f, l, c]; throw new Error('abort'); } } };
  const { instance } = await WebAssembly.instantiate(new Uint8Array(out.wasm), imports);
  const ex = instance.exports as any;
  const mem = ex.memory as WebAssembly.Memory;

  test('static data lives at memoryBase', () => {
    const p = ex.greeting();
    expect(p).toBeGreaterThanOrEqual(MEMORY_BASE);
    expect(p).toBeLessThan(MEMORY_BASE + 4096);
    expect(asString(mem, p)).toBe('hello');
  });

  test('memory has a fixed size: memory.size constant, memory.grow fails', () => {
    expect(ex.pages()).toBe(MEMORY_SIZE / 65536);
    expect(ex.grow()).toBe(-1);
    expect(ex.pages()).toBe(MEMORY_SIZE / 65536);
  });

  test('abort goes to env.rv_abort with message, file, line and column', () => {
    expect(ex.check(21)).toBe(42);
    expect(() => ex.check(0)).toThrow('abort');
    expect(asString(mem, aborted[0])).toBe('x must not be zero');
    expect(asString(mem, aborted[1])).toBe(`${FX}/probe.ts`);
    expect(aborted.slice(2)).toEqual([12, 3]);
    const imp = WebAssembly.Module.imports(new WebAssembly.Module(new Uint8Array(out.wasm)));
    expect(imp).toEqual([{ module: 'env', name: 'rv_abort', kind: 'function' }]);
  });

  test('the dependency list names the sources read', () => {
    expect(out.sources).toContain(path.join(ROOT, FX, 'probe.ts'));
  });
});

describe('bad input', () => {
  test('an asc error is located at file:line:col', async () => {
    const e = await compileFx('error.ts').catch((e) => e);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/Cannot find name 'missingName'/);
    expect(e.loc).toMatchObject({ line: 3, col: 14, length: 11 });
    expect(e.loc.file).toMatch(/fixtures\/assembly\/error\.ts$/);
  });

  test('a duplicate export name is reported at the second declaration', async () => {
    const e = await compileFx('dup-a.ts', 'dup-b.ts').catch((e) => e);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/export 'twice' is also exported by .*dup-a\.ts/);
    expect(e.loc).toMatchObject({ line: 2, col: 17 });
    expect(e.loc.file).toMatch(/dup-b\.ts$/);
  });

  test('a missing entry file', async () => {
    await expect(compileFx('nope.ts')).rejects.toThrow(/entry file .*nope\.ts not found/);
  });

  test('a memory size that is not whole pages', async () => {
    await expect(compileAssemblyScript({ name: 'p', root: ROOT, entries: [`${FX}/probe.ts`], memoryBase: 0x1000, memorySize: 100000 })).rejects.toThrow(/multiple of 64 KiB/);
  });
});

describe('intrinsics module', () => {
  test('tools/runtime/as/aarch64.ts is what the generator makes', () => {
    expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(generateIntrinsics());
  });

  test('every declaration compiles to an "aarch64" import named as the contract says', async () => {
    const text = fs.readFileSync(OUTPUT, 'utf8');
    // Call every declared function (namespaced ones as NS.read/NS.write) from one program.
    const calls: string[] = [];
    let ns = '';
    for (const line of text.split('\n')) {
      const n = /^export namespace (\w+)/.exec(line);
      if (n) ns = n[1];
      if (line === '}') ns = '';
      const f = /declare function (\w+)\(([^)]*)\)/.exec(line);
      if (!f) continue;
      const args = f[2] ? f[2].split(',').map(() => '0') : [];
      calls.push(`  ${ns ? ns + '.' : ''}${f[1]}(${args.join(', ')});`);
    }
    const names = [...text.matchAll(/@external\("aarch64", "([^"]+)"\) export declare function/g)].map((m) => m[1]);
    const prog = path.join(ROOT, 'build/test-tmp/all-intrinsics.ts');
    fs.mkdirSync(path.dirname(prog), { recursive: true });
    fs.writeFileSync(prog, `import * as a from "aarch64";\nexport function all(): void {\n${calls.map((c) => c.replace(/^ {2}/, '  a.')).join('\n')}\n}\n`);
    const out = await compileAssemblyScript({ name: 'all', root: ROOT, entries: [prog], memoryBase: 0x10000, memorySize: 0x20000 });
    const imp = WebAssembly.Module.imports(new WebAssembly.Module(new Uint8Array(out.wasm))).filter((i) => i.module === 'aarch64').map((i) => i.name);
    expect(new Set(imp)).toEqual(new Set(names));
    // The contract's name forms (tools/runtime-intrinsics.md).
    const forms = [/^mrs\.\w+$/, /^msr\.\w+$/, /^daif(set|clr)\.(\d|1[0-5])$/, /^d[sm]b\.\w+$/, /^tlbi\.\w+$/, /^(dc|at|ic)\.\w+$/,
      /^(eret|wfi|wfe|sev|sevl|nop|yield|clrex|isb|sp|current_el)$/, /^(hvc|svc|smc|brk)\.\d+$/, /^mmio\.(read|write)(8|16|32|64)$/,
      /^volatile\.(load|store)(8|16|32|64)$/, /^(ldar|stlr)\.(8|16|32|64)$/, /^(ldxr|ldaxr|stxr|stlxr)\.(32|64)$/, /^atomic\.(cas|swap|add)(32|64)$/, /^spin\.(lock|trylock|unlock)$/];
    for (const n of names) expect(forms.some((f) => f.test(n)), n).toBe(true);
    expect(names.length).toBeGreaterThan(200);
  });
});
