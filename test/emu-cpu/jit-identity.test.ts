// Translation on and off must be indistinguishable: the same programs (the C programs of
// user-programs.test.ts and the benchmarks' short runs, random instruction sequences of
// diff-random.test.ts) give the same output bytes, exit status, signal and instruction count
// with the translator off, on with its normal hotness threshold, and on translating every page
// at its first entry (jitHot 1, so cold code is translated too).
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runUserElf, type UserRunResult } from '../../tools/emu/user/linux.ts';
import { compileC, assembleAndLink, tmpDir } from './oracle.ts';
import { generateProgram, INT_CLASSES } from './randgen.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const progs = path.join(here, 'progs');
const bench = path.join(here, '../bench/cpu');
const dir = tmpDir('emu-jit-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MODES: Array<[string, { jit: boolean; jitHot?: number }]> = [['off', { jit: false }], ['on', { jit: true }], ['on, hot 1', { jit: true, jitHot: 1 }]];
function summary(r: UserRunResult) {
  return { stdout: Buffer.from(r.stdout).toString('latin1'), exit: r.exitCode, signal: r.signal, insns: r.insns, fault: r.faultInfo };
}
async function allModes(elf: string, args: string[]) {
  const bytes = fs.readFileSync(elf);
  const out: Record<string, ReturnType<typeof summary>> = {};
  for (const [name, o] of MODES) out[name] = summary(await runUserElf(bytes, elf, { args, maxInsns: 2e9, ...o }));
  return out;
}

const cases: Array<[string, string, string[], string[]?]> = [
  ['hello', path.join(progs, 'hello.c'), []],
  ['features', path.join(progs, 'features.c'), []],
  ['compute (short)', path.join(bench, 'compute.c'), ['short']],
  ['memory (short)', path.join(bench, 'memory.c'), ['short']],
  ['fp (short)', path.join(bench, 'fp.c'), ['short'], ['-fno-math-errno']],
  // FP and AdvSIMD (tools/emu/jit/fp.ts, simd.ts): vectorised loops and NEON intrinsics
  ['vectorised loops (-O3)', path.join(progs, 'vector.c'), [], ['-O3', '-ftree-vectorize']],
  ['NEON intrinsics (neon.c)', path.join(progs, 'neon.c'), []],
  ['segv', path.join(progs, 'fault.c'), ['segv']],
  ['sigill', path.join(progs, 'fault.c'), ['ill']],
  ['sigtrap', path.join(progs, 'fault.c'), ['brk']],
  ['sigbus (unaligned exclusive)', path.join(progs, 'fault.c'), ['align']],
  ['write to text', path.join(progs, 'fault.c'), ['xtext']],
];

describe('C programs: translation on and off give the same bytes and instruction counts', () => {
  for (const [name, src, args, extra] of cases) {
    it(name, async () => {
      const elf = await compileC(src, dir, extra ?? []);
      const r = await allModes(elf, args);
      expect(r.off.insns).toBeGreaterThan(0);
      expect(r['on']).toEqual(r.off);
      expect(r['on, hot 1']).toEqual(r.off);
    }, 300_000);
  }
});

describe('random instruction sequences: translation on and off', () => {
  const kinds: Array<[string, string[], number]> = [['integer', INT_CLASSES, 77], ['fp', ['fp', 'fp', 'simd'], 78]];
  for (const [kind, classes, seed] of kinds) {
    it(`${kind}: 150 sequences`, async () => {
      const { asm } = generateProgram(seed, 150, 12, classes, 'random');
      const elf = await assembleAndLink(asm, dir, `rand-${kind}`);
      const r = await allModes(elf, []);
      expect(r.off.stdout.length).toBeGreaterThan(0);
      expect(r['on, hot 1']).toEqual(r.off);
      expect(r['on']).toEqual(r.off);
    }, 600_000);
  }
});
