// Memory disambiguation, differentially (opt/alias.ts, opt/gvn.ts, opt/licm.ts): each program
// of assembly/alias/ keeps loads across stores, or leaves loops with them, where it can prove
// (or test before the loop) that the stores miss them, and includes the near misses where they
// must be read again: overlapping fields, arrays overlapping through changetype so that a
// store in a loop rewrites another array's length or an object's field. V8 is the oracle: the
// same output, then the same end (normal, or asc's abort with exit 71).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PROGRAM_DIR, runBothWays } from './harness.ts';

const NAMES = fs.readdirSync(path.join(PROGRAM_DIR, 'alias')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('memory disambiguation: V8 vs our AArch64', () => {
  for (const name of NAMES) {
    test(name, async () => {
      const { printed, v8, r } = await runBothWays('alias', name);
      expect(r.stdout).toBe(printed);
      expect(printed.length).toBeGreaterThan(0);
      if (v8 === null) {
        expect(printed).toMatch(/done\n$/);
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
      } else {
        expect(v8.message).toMatch(/^abort: Index out of range in /);
        expect(r.stderr).toBe(`${v8.message}\n`);
        expect(r.exitCode).toBe(71);
      }
    });
  }
});
