// Function entry/exit and calls (tools/backend/opt/calls.ts), differentially against V8: self
// tail calls turned into jumps, shrink-wrapped early exits, and the runaway recursions that must
// still end in "call stack exhausted" (V8: RangeError) after printing the same output;
// call_indirect through per-signature tables, with wrong signatures, null entries and indices
// beyond the table that must trap with the spec's kind.
import { describe, expect, test } from 'vitest';
import { buildNative, compileProgram, runInV8, runNative } from './harness.ts';

describe('calls: V8 vs our AArch64', () => {
  for (const [name, last] of [['tail', 'switchy='], ['indirect', 'x='], ['globals', 'len='], ['promoted', 'early=']]) {
    test(name, async () => {
      const wasm = await compileProgram(`calls/${name}`);
      const expected = await runInV8(wasm);
      expect(expected).toContain(last);
      const { exe } = await buildNative(`calls-${name}`, wasm);
      const r = await runNative(exe);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(expected);
      expect(r.exitCode).toBe(0);
    });
  }

  /** Programs that print, then trap: V8's error and the trap kind our runtime reports. */
  const TRAPS: Record<string, { v8: (e: unknown) => boolean; kind: string }> = {
    'runaway-tail': { v8: (e) => e instanceof RangeError, kind: 'call stack exhausted' },
    'runaway-down': { v8: (e) => e instanceof RangeError, kind: 'call stack exhausted' },
    'runaway-deep': { v8: (e) => e instanceof RangeError, kind: 'call stack exhausted' },
    'runaway-mutual': { v8: (e) => e instanceof RangeError, kind: 'call stack exhausted' },
    'indirect-sig': { v8: (e) => e instanceof WebAssembly.RuntimeError && /signature mismatch/.test(e.message), kind: 'indirect call type mismatch' },
    'indirect-oob': { v8: (e) => e instanceof WebAssembly.RuntimeError && /table index is out of bounds/.test(e.message), kind: 'undefined element' },
    'indirect-null': { v8: (e) => e instanceof WebAssembly.RuntimeError && /null function/.test(e.message), kind: 'uninitialized element' },
  };
  for (const [name, c] of Object.entries(TRAPS)) {
    test(name, async () => {
      const wasm = await compileProgram(`calls/${name}`);
      let printed = '';
      const v8 = await runInV8(wasm, (s) => (printed = s)).then(() => null, (e) => e);
      expect(c.v8(v8)).toBe(true);
      expect(printed).toMatch(/before\n$/);
      const { exe } = await buildNative(`calls-${name}`, wasm);
      const r = await runNative(exe);
      expect(r.stdout).toBe(printed);
      expect(r.stderr).toMatch(new RegExp(`^wasm trap: ${c.kind} at 0x[0-9a-f]+\\n$`));
      expect(r.exitCode).toBe(70);
    });
  }
});
