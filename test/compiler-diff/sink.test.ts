// Definitions sunk along the one edge that reads them (opt/sink.ts: `code[pc++]`'s increment
// below the read of the old pc, past the bounds check) and the web splitting before GVN:
// programs in assembly/sink/, V8 as the oracle. Our AArch64 under qemu-aarch64 must print the
// same bytes and end the same way: normally (`ok`) or with asc's abort (exit 71).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PROGRAM_DIR, runBothWays } from './harness.ts';

const NAMES = fs.readdirSync(path.join(PROGRAM_DIR, 'sink')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('sunk definitions: V8 vs our AArch64', () => {
  for (const name of NAMES) {
    test(name, async () => {
      const { printed, v8, r } = await runBothWays('sink', name);
      expect(r.stdout).toBe(printed);
      expect(printed.length).toBeGreaterThan(0);
      if (name.startsWith('ok')) {
        expect(v8).toBeNull();
        expect(printed).toMatch(/done\n$/);
        expect(r.exitCode).toBe(0);
      } else {
        expect(v8?.message).toMatch(/^abort: Index out of range in /);
        expect(r.stderr).toBe(`${v8!.message}\n`);
        expect(r.exitCode).toBe(71);
      }
    });
  }
});
