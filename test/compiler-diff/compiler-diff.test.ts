// Differential test of the whole compiler: each AssemblyScript program in assembly/ runs as
// wasm in V8 (the oracle) and, compiled by our backend (target linux-user) with our assembler,
// linker and runtime, under qemu-aarch64. Same bytes out, exit status 0. Each program runs at
// the build's -O3 and at two more asc levels (levels.ts: the programs share the levels out so
// that every level runs; all of them with RASPVISOR_LONG=1); a level whose wasm is byte for
// byte one already run is not run again.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { PROGRAMS, buildNative, compileProgram, runInV8, runNative } from './harness.ts';
import { LEVELS, levelsFor } from './levels.ts';

/** Programs the backend still miscompiles (expected to fail until fixed; then remove here). */
const KNOWN_BACKEND_BUGS: Record<string, string> = {};

describe('AssemblyScript programs: V8 vs our AArch64 under qemu-aarch64', () => {
  PROGRAMS.forEach((name, k) => {
    const seen = new Set<string>();
    for (const level of [LEVELS[0], ...levelsFor(k, 2)]) {
      const run = KNOWN_BACKEND_BUGS[name] ? test.fails : test;
      run(`${name} at ${level.name}`, { timeout: 60_000 }, async () => {
        const wasm = await compileProgram(name, { flags: level.flags });
        const hash = createHash('sha256').update(wasm).digest('hex');
        if (seen.has(hash)) return; // the same module as at a level run before
        seen.add(hash);
        const expected = await runInV8(wasm);
        expect(expected.length).toBeGreaterThan(50);
        const { exe } = await buildNative(`${name}${level.name}`, wasm);
        const r = await runNative(exe);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(expected);
        expect(r.exitCode).toBe(0);
      });
    }
  });
});
