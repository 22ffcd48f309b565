// The backend's per-program address base (a high-half kernel's wasm memory lives at
// 0xffff000000000000 + A): the differential programs compiled with memory mapped far from 0,
// run under qemu-aarch64, print what V8 prints. A base with bits above 32 set (low 32 clear),
// like the high-half one, which linux-user cannot map itself.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildLinuxUser } from '../../tools/build/linux-user.ts';
import { compileProgram, runInV8, runNative, PROGRAMS, MEMORY_SIZE, WORK } from '../compiler-diff/harness.ts';

const BASES = [0x10_0000_0000, 0x7f00_0000_0000];

describe('programs with an address base, V8 vs qemu-aarch64', () => {
  const wasms = new Map<string, Uint8Array>();
  beforeAll(async () => {
    for (const p of PROGRAMS) wasms.set(p, await compileProgram(p));
  }, 300_000);

  for (const base of BASES) {
    for (const name of PROGRAMS) {
      test(`${name} at base 0x${base.toString(16)}`, async () => {
        const wasm = wasms.get(name)!;
        const expected = await runInV8(wasm);
        const b = await buildLinuxUser({ name, wasm, workDir: path.join(WORK, `base-${base.toString(16)}-${name}`), memorySize: MEMORY_SIZE, addressBase: base });
        // the code really goes through the base: register + zero-extended 32-bit index
        expect(fs.readFileSync(path.join(path.dirname(b.exe), `${name}.s`), 'utf8')).toMatch(/, uxtw\]/);
        const r = await runNative(b.exe);
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
        expect(r.stdout).toBe(expected);
      }, 120_000);
    }
  }
});
