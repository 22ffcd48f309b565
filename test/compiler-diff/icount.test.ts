// The instruction counter the compiler benchmark relies on, against a program whose count is
// known by construction: 1 + 1000 x (sub, cbnz) + 3 = 2004 instructions.
import { expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countInstructions } from '../bench/lib/icount.ts';

test('qemu-aarch64 block log counts every executed instruction', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-icount-'));
  fs.writeFileSync(path.join(dir, 'loop.S'), '.globl _start\n_start:\n mov x0, #1000\n1: sub x0, x0, #1\n cbnz x0, 1b\n mov x0, #0\n mov x8, #93\n svc #0\n');
  await execa('aarch64-linux-gnu-as', [path.join(dir, 'loop.S'), '-o', path.join(dir, 'loop.o')]);
  await execa('aarch64-linux-gnu-ld', [path.join(dir, 'loop.o'), '-o', path.join(dir, 'loop')]);
  const r = await countInstructions(path.join(dir, 'loop'));
  expect(r.exitCode).toBe(0);
  expect(r.instructions).toBe(2004);
});

test('QEMU block-log count equals our emulator core count on a gcc -O2 program', async () => {
  const { runUserElf } = await import('../../tools/emu/user/linux.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-icount-'));
  const exe = path.join(dir, 'bignum');
  await execa('aarch64-linux-gnu-gcc', ['-O2', '-ffreestanding', '-nostdlib', '-static', '-fno-stack-protector', path.join(import.meta.dirname, '../bench/c/bignum.c'), '-o', exe]);
  const q = await countInstructions(exe);
  let out = '';
  const e = await runUserElf(fs.readFileSync(exe), exe, { args: [], maxInsns: 1e9, onStdout: (b: Uint8Array) => { out += Buffer.from(b).toString('latin1'); }, onStderr: () => {} });
  expect(e.exitCode).toBe(0);
  expect(out).toBe(q.stdout);
  expect(q.instructions).toBeGreaterThan(100_000);
  expect(e.insns).toBe(q.instructions);
});
