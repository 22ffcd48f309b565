// Fuzzing the decoder/validator/compiler with mutated modules: every input either compiles or
// is refused with a UserError (located by byte offset); never another exception, never a hang.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../tools/common/diagnostics.ts';
import { compileWasm } from '../../tools/backend/index.ts';
import { buildModule, rng } from './wasm-gen.ts';

describe('backend fuzz: mutated modules', () => {
  it('never crashes or hangs', { timeout: 120_000 }, () => {
    const base = buildModule(11, 12).bytes;
    const r = rng(99);
    const n = process.env.RASPVISOR_LONG ? 20000 : 2000;
    let ok = 0;
    let refused = 0;
    const crashes: string[] = [];
    for (let i = 0; i < n; i++) {
      const b = new Uint8Array(base);
      const edits = 1 + Math.floor(r() * 4);
      let bytes: Uint8Array = b;
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * bytes.length);
        const k = r();
        if (k < 0.6) bytes[at] = Math.floor(r() * 256);
        else if (k < 0.8) bytes = bytes.subarray(0, at); // truncate
        else bytes[at] ^= 1 << Math.floor(r() * 8);
      }
      const t0 = Date.now();
      try {
        compileWasm(bytes, { file: 'fuzz.wasm', memorySize: 65536, target: 'baremetal' });
        ok++;
      } catch (e) {
        if (e instanceof UserError && e.offset && e.offset.offset >= 0 && e.offset.offset <= bytes.length) refused++;
        else crashes.push(`case ${i}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
      if (Date.now() - t0 > 2000) crashes.push(`case ${i}: took ${Date.now() - t0} ms`);
    }
    console.log(`fuzz: ${n} mutated modules, ${ok} compiled, ${refused} refused with a located error`);
    expect(crashes.slice(0, 10)).toEqual([]);
    expect(refused).toBeGreaterThan(n / 10);
  });
});
