// Array bounds checks, differentially: each program in assembly/bounds/ exercises a pattern the
// backend's redundancy elimination and loop-invariant load hoisting handle (opt/gvn.ts,
// opt/licm.ts), or a near miss where the check must stay. V8 is the oracle: our AArch64 under
// qemu-aarch64 must print the same bytes, then end the same way — normally, with asc's abort
// ("Index out of range", exit 71) or with a wasm trap (exit 70).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PROGRAM_DIR, TRAPS, runBothWays } from './harness.ts';

const NAMES = fs.readdirSync(path.join(PROGRAM_DIR, 'bounds')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('array bounds checks: V8 vs our AArch64', () => {
  for (const name of NAMES) {
    test(name, async () => {
      const { printed, v8, r } = await runBothWays('bounds', name);
      expect(r.stdout).toBe(printed);
      if (name.startsWith('ok')) expect(printed).toMatch(/done\n$/);
      else expect(printed.length).toBeGreaterThan(0); // the near misses run a while first
      if (v8 === null) {
        expect(name.startsWith('ok')).toBe(true); // every other program ends out of range
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
      } else if (v8.message.startsWith('abort: ')) {
        expect(v8.message).toMatch(/^abort: Index out of range in /);
        expect(r.stderr).toBe(`${v8.message}\n`);
        expect(r.exitCode).toBe(71);
      } else {
        const kind = TRAPS.find(([re]) => re.test(v8.message))?.[1];
        expect(v8).toBeInstanceOf(WebAssembly.RuntimeError);
        expect(kind).toBeDefined();
        expect(r.stderr).toMatch(new RegExp(`^wasm trap: ${kind} at 0x[0-9a-f]+\\n$`));
        expect(r.exitCode).toBe(70);
      }
    });
  }
});
