// Function entry/exit and calls (tools/backend/opt/calls.ts), differentially against V8: self
// tail calls turned into jumps, shrink-wrapped early exits, and the runaway recursions that must
// still end in "call stack exhausted" (V8: RangeError) after printing the same output.
import { describe, expect, test } from 'vitest';
import { buildNative, compileProgram, runInV8, runNative } from './harness.ts';

describe('calls: V8 vs our AArch64', () => {
  test('tail calls and early exits', async () => {
    const wasm = await compileProgram('calls/tail');
    const expected = await runInV8(wasm);
    expect(expected).toContain('switchy=');
    const { exe } = await buildNative('calls-tail', wasm);
    const r = await runNative(exe);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect(r.exitCode).toBe(0);
  });

  for (const name of ['runaway-tail', 'runaway-deep', 'runaway-mutual']) {
    test(name, async () => {
      const wasm = await compileProgram(`calls/${name}`);
      let printed = '';
      const v8 = await runInV8(wasm, (s) => (printed = s)).then(() => null, (e) => e);
      expect(v8).toBeInstanceOf(RangeError);
      expect(printed).toBe('before\n');
      const { exe } = await buildNative(`calls-${name}`, wasm);
      const r = await runNative(exe);
      expect(r.stdout).toBe(printed);
      expect(r.stderr).toMatch(/^wasm trap: call stack exhausted at 0x[0-9a-f]+\n$/);
      expect(r.exitCode).toBe(70);
    });
  }
});
