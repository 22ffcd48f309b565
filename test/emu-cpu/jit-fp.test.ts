// The translator's FP, AdvSIMD and system-instruction code (tools/emu/jit/fp.ts, simd.ts,
// sys.ts) against qemu-aarch64: random FP/SIMD sequences (randgen.ts) with every page translated
// at its first entry (jitHot 1), so each instruction the translator covers runs translated, and
// everything it leaves to the interpreter is left at the right point. Three FPCR regimes: 0 on
// normal operands (the translated native paths), 0 on edge-biased operands (zeros, denormals,
// NaNs, infinities, overflow: the exits to the interpreter), random FPCR (every FP instruction
// falls back). Registers, NZCV, q0..q31, FPSR and FPCR compared as in diff-random.test.ts.
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import { generateProgram, RECORD_SIZE } from './randgen.ts';
import { assembleAndLink, runQemu, tmpDir } from './oracle.ts';
import { runUserElf } from '../../tools/emu/user/linux.ts';

const LONG = process.env.RASPVISOR_LONG === '1';
const PER_BATCH = LONG ? 3000 : 400;
const dir = tmpDir('emu-jitfp-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const BATCHES: Array<[string, string[], 'random' | 'nearest' | 'edges']> = [
  ['fp, FPCR 0, normal operands', ['fp', 'fp', 'fp', 'simd'], 'nearest'],
  ['fp, FPCR 0, edge operands', ['fp', 'fp', 'fp', 'simd'], 'edges'],
  ['fp, random FPCR', ['fp', 'fp', 'simd'], 'random'],
  ['simd integer and loads/stores', ['simdint', 'simdls', 'simdls1', 'simd', 'simd', 'fp'], 'nearest'],
];

describe('random FP/SIMD sequences, translated, vs qemu-aarch64', () => {
  BATCHES.forEach(([name, classes, mode], b) => {
    it(`${name}: ${PER_BATCH} sequences`, async () => {
      const { asm, sequences } = generateProgram(5000 + b, PER_BATCH, 12, classes, mode);
      const elf = await assembleAndLink(asm, dir, `jitfp${b}`);
      const [q, o] = await Promise.all([runQemu(elf), runUserElf(fs.readFileSync(elf), elf, { maxInsns: 2e9, jit: true, jitHot: 1 })]);
      const ours = Buffer.from(o.stdout);
      for (let off = 0; off < Math.min(ours.length, q.stdout.length); off += RECORD_SIZE) {
        const a = ours.subarray(off, off + RECORD_SIZE), c = q.stdout.subarray(off, off + RECORD_SIZE);
        if (!a.equals(c)) expect.fail(`sequence ${off / RECORD_SIZE} differs:\n${sequences[off / RECORD_SIZE].join('\n')}\nfirst differing byte ${[...a].findIndex((x, i) => x !== c[i])}`);
      }
      expect({ len: ours.length, exit: o.exitCode }).toEqual({ len: PER_BATCH * RECORD_SIZE, exit: q.exitCode });
    }, 300_000);
  });
});
