// Traps, differentially: each program in assembly/traps/ prints a line, then traps. V8 (the
// oracle) throws a RuntimeError; our AArch64 under qemu-aarch64 must print the same line, then
// report the same trap kind through the linux-user runtime (`wasm trap: <kind> at <pc>`,
// exit 70). The out-of-bounds load is caught by the guard region's SIGSEGV.
import { describe, expect, test } from 'vitest';
import { buildNative, compileProgram, runInV8, runNative } from './harness.ts';

/** V8's RuntimeError messages and the spec's trap names our runtime prints. */
const CASES: Record<string, { v8: RegExp; kind: string }> = {
  divzero: { v8: /divide by zero/, kind: 'integer divide by zero' },
  overflow: { v8: /divide result unrepresentable/, kind: 'integer overflow' },
  unreachable: { v8: /unreachable/, kind: 'unreachable' },
  oob: { v8: /memory access out of bounds/, kind: 'out of bounds memory access' },
};

describe('traps: V8 vs our AArch64', () => {
  for (const [name, c] of Object.entries(CASES)) {
    test(name, async () => {
      const wasm = await compileProgram(`traps/${name}`);
      let printed = '';
      const v8 = await runInV8(wasm, (s) => (printed = s)).then(() => null, (e) => e);
      expect(v8).toBeInstanceOf(WebAssembly.RuntimeError);
      expect(v8.message).toMatch(c.v8);
      expect(printed).toBe('before\n');
      const { exe } = await buildNative(name, wasm, '-trap');
      const r = await runNative(exe);
      expect(r.stdout).toBe(printed);
      expect(r.stderr).toMatch(new RegExp(`^wasm trap: ${c.kind} at 0x[0-9a-f]+\\n$`));
      expect(r.exitCode).toBe(70);
    });
  }
});
