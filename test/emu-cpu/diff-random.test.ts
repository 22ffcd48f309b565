// Differential test: random instruction sequences of every integer, load/store, branch and
// bit-manipulation class, run by qemu-aarch64 and by our core; registers, NZCV and memory are
// compared after each sequence. FP/SIMD sequences run under a random FPCR (rounding mode, FZ,
// DN, AHP) on operands biased to edge cases (denormals, overflow, ties, NaNs) — every third FP
// batch with FPCR = 0 on mostly normal operands instead, for the core's native fast paths — and
// compare q0..q31 bit for bit and the whole FPSR (every cumulative flag).
// CI: 3 integer + 3 FP batches x 1000 sequences; RASPVISOR_LONG=1: 10x more.
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import { generateProgram, RECORD_SIZE, INT_CLASSES } from './randgen.ts';
import { assembleAndLink, runQemu, runOurs, tmpDir } from './oracle.ts';

const LONG = process.env.RASPVISOR_LONG === '1';
const BATCHES = LONG ? 30 : 3;
const PER_BATCH = 1000;

function explain(seq: string[], ours: Buffer, theirs: Buffer): string {
  const lines = ['sequence:', ...seq.map((s) => '  ' + s)];
  for (let i = 0; i < 32; i++) {
    const o = ours.readBigUInt64LE(256 + i * 8), q = theirs.readBigUInt64LE(256 + i * 8);
    if (o !== q) lines.push(`${i === 31 ? 'nzcv' : 'x' + i}: ours 0x${o.toString(16)} qemu 0x${q.toString(16)}`);
  }
  for (let i = 0; i < 32; i++) {
    const o = ours.subarray(512 + i * 16, 528 + i * 16).toString('hex'), q = theirs.subarray(512 + i * 16, 528 + i * 16).toString('hex');
    if (o !== q) lines.push(`q${i} (bytes, little-endian): ours ${o} qemu ${q}`);
  }
  const fpsr = (b: Buffer) => b.readBigUInt64LE(1024).toString(16);
  if (fpsr(ours) !== fpsr(theirs)) lines.push(`fpsr: ours 0x${fpsr(ours)} qemu 0x${fpsr(theirs)} (IOC 1 DZC 2 OFC 4 UFC 8 IXC 10 IDC 80)`);
  if (ours.readBigUInt64LE(1032) !== theirs.readBigUInt64LE(1032)) lines.push(`fpcr: ours 0x${ours.readBigUInt64LE(1032).toString(16)} qemu 0x${theirs.readBigUInt64LE(1032).toString(16)}`);
  for (let i = 0; i < 256; i++) if (ours[i] !== theirs[i]) { lines.push(`memory differs from byte ${i} (FP sequences: word i/4 = FPSR after the (i/4)th str w27)`); break; }
  return lines.join('\n');
}

describe('random instruction sequences vs qemu-aarch64', () => {
  const dir = tmpDir('emu-diff-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // simd: integer AdvSIMD (every form of tools/isa/forms/simd-int.ts) with FP among it (which
  // also gives the V registers their random start values)
  const kinds: Array<[string, string[]]> = [['integer', INT_CLASSES], ['fp', ['fp', 'fp', 'simd']], ['simd', ['simdint', 'simdint', 'simdint', 'simdls', 'simdls1', 'simd', 'fp']]];
  for (let b = 0; b < BATCHES * 3; b++) {
    const [kind, classes] = kinds[b % 3];
    // every third FP batch: FPCR = 0 on mostly normal operands (the core's native fast paths)
    const fpMode = kind === 'fp' && Math.floor(b / 3) % 3 === 1 ? 'nearest' : 'random';
    it(`batch ${b}: ${PER_BATCH} sequences (${classes.join(', ')}${kind !== 'integer' ? `; FPCR ${fpMode}` : ''})`, async () => {
      const { asm, sequences } = generateProgram(1000 + b, PER_BATCH, 12, classes, fpMode);
      const elf = await assembleAndLink(asm, dir, `batch${b}`);
      const [q, o] = await Promise.all([runQemu(elf), runOurs(elf)]);
      const ours = Buffer.from(o.stdout);
      const n = Math.min(ours.length, q.stdout.length);
      for (let off = 0; off < n; off += RECORD_SIZE) {
        const a = ours.subarray(off, off + RECORD_SIZE), c = q.stdout.subarray(off, off + RECORD_SIZE);
        if (!a.equals(c)) expect.fail(`sequence ${off / RECORD_SIZE} differs\n${explain(sequences[off / RECORD_SIZE], a, c)}`);
      }
      expect({ len: ours.length, exit: o.exitCode, fault: o.faultInfo }).toEqual({ len: q.stdout.length, exit: q.exitCode, fault: undefined });
      expect(ours.length).toBe(PER_BATCH * RECORD_SIZE);
    });
  }
});
