// Differential test of the whole compiler: each AssemblyScript program in assembly/ runs as
// wasm in V8 (the oracle) and, compiled by our backend (target linux-user) with our assembler,
// linker and runtime, under qemu-aarch64. Same bytes out, exit status 0.
import { describe, expect, test } from 'vitest';
import { PROGRAMS, buildNative, compileProgram, runInV8, runNative } from './harness.ts';

/** Programs the backend still miscompiles (expected to fail until fixed; then remove here). */
const KNOWN_BACKEND_BUGS: Record<string, string> = {};

describe('AssemblyScript programs: V8 vs our AArch64 under qemu-aarch64', () => {
  for (const name of PROGRAMS) {
    const run = KNOWN_BACKEND_BUGS[name] ? test.fails : test;
    run(name, async () => {
      const wasm = await compileProgram(name);
      const expected = await runInV8(wasm);
      expect(expected.length).toBeGreaterThan(50);
      const { exe } = await buildNative(name, wasm);
      const r = await runNative(exe);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(expected);
      expect(r.exitCode).toBe(0);
    });
  }
});
