// Corrupted objects given to the ELF reader and the linker: a UserError naming the file (and
// offset where one applies) or a successful link, never another exception.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { UserError, UserErrors } from '../../tools/common/diagnostics.ts';
import { loadIsa } from '../asm/oracle.ts';

const COUNT = process.env.RASPVISOR_LONG ? 20000 : 5000;

describe('ELF reader / linker fuzz', async () => {
  const { isa } = await loadIsa();
  const base = objectBytes(assembleFile(path.join(__dirname, '../asm/fixtures/context.S'), { isa }));
  const stub = objectBytes(assembleFile(path.join(__dirname, 'fixtures/main-stub.S'), { isa }));
  it(`${COUNT} corrupted objects`, () => {
    let seed = 12345;
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    let linked = 0, rejected = 0;
    for (let i = 0; i < COUNT; i++) {
      const b = Uint8Array.from(base);
      const edits = 1 + rnd(8);
      for (let k = 0; k < edits; k++) {
        // Bias towards headers, where structure lives.
        const pos = rnd(3) === 0 ? rnd(64) : rnd(3) === 0 ? b.length - 1 - rnd(Math.min(b.length, 640)) : rnd(b.length);
        b[pos] = rnd(4) === 0 ? 0xff : rnd(256);
      }
      const bytes = rnd(10) === 0 ? b.subarray(0, rnd(b.length)) : b;
      try {
        link([{ name: 'mutant.o', bytes }, { name: 'stub.o', bytes: stub }], { base: 0x80000n });
        linked++;
      } catch (e) {
        if (e instanceof UserErrors || e instanceof UserError) { rejected++; continue; }
        throw new Error(`mutant ${i}: ${(e as Error)?.stack ?? e}`);
      }
    }
    expect(linked + rejected).toBe(COUNT);
    expect(rejected).toBeGreaterThan(0);
  }, 600_000);
});
