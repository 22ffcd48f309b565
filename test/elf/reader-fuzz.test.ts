// Corrupted objects given to the ELF reader and the linker: a UserError naming the file (and
// offset where one applies) or a successful link, never another exception.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assembleFile, objectBytes } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { readElf } from '../../tools/elf/reader.ts';
import { SHT_RELA, SHT_SYMTAB } from '../../tools/elf/constants.ts';
import { UserError, UserErrors } from '../../tools/common/diagnostics.ts';
import { loadIsa } from '../asm/oracle.ts';

const COUNT = process.env.RASPVISOR_LONG ? 20000 : 5000;

describe('ELF reader / linker fuzz', async () => {
  const { isa } = await loadIsa();
  const base = objectBytes(assembleFile(path.join(__dirname, '../asm/fixtures/boot.S'), { isa, includeDirs: [path.join(__dirname, '../asm/fixtures')] }));
  const stub = objectBytes(assembleFile(path.join(__dirname, 'fixtures/main-stub.S'), { isa }));
  // Structure lives in the headers, the section table, the symbol table and the relocations.
  const parsed = readElf(base, 'base');
  const shoff = Number(Buffer.from(base).readBigUInt64LE(40));
  const regions: [number, number][] = [[0, 64], [shoff, parsed.sections.length * 64],
    ...parsed.sections.filter((x) => x.type === SHT_SYMTAB || x.type === SHT_RELA).map((x) => [x.offset, x.size] as [number, number])];
  it('the uncorrupted object links', () => {
    link([{ name: 'boot.o', bytes: base }, { name: 'stub.o', bytes: stub }], { base: 0x80000n });
  });
  it(`${COUNT} corrupted objects`, () => {
    let seed = Number(process.env.RASPVISOR_FUZZ_SEED ?? 12345);
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    let linked = 0, rejected = 0;
    for (let i = 0; i < COUNT; i++) {
      const b = Uint8Array.from(base);
      const edits = 1 + rnd(8);
      for (let k = 0; k < edits; k++) {
        // Bias towards headers, where structure lives.
        const region = regions[rnd(regions.length)];
        const pos = rnd(4) === 0 ? rnd(b.length) : region[0] + rnd(Math.max(1, region[1]));
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
    expect(linked).toBeGreaterThan(0);
  }, 600_000);
});
