// C programs (gcc -O2 -static -nostdlib) run by qemu-aarch64 and by our core: stdout and exit
// status (or the fatal signal) must be identical.
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileC, runQemu, runOurs, tmpDir } from './oracle.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const progs = path.join(here, 'progs');
const dir = tmpDir('emu-user-');

const cases: Array<[string, string, string[]]> = [
  ['hello', path.join(progs, 'hello.c'), []],
  ['features', path.join(progs, 'features.c'), []],
  ['compute (short)', path.join(here, '../bench/cpu/compute.c'), ['short']],
  ['segv', path.join(progs, 'fault.c'), ['segv']],
  ['sigill', path.join(progs, 'fault.c'), ['ill']],
  ['sigtrap', path.join(progs, 'fault.c'), ['brk']],
  ['sigbus (unaligned exclusive)', path.join(progs, 'fault.c'), ['align']],
  ['write to text', path.join(progs, 'fault.c'), ['xtext']],
];

describe('static C programs: our core vs qemu-aarch64', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, src, args] of cases) {
    it(name, async () => {
      const elf = await compileC(src, dir);
      const [q, o] = await Promise.all([runQemu(elf, args), runOurs(elf, args)]);
      expect(Buffer.from(o.stdout).toString('latin1')).toBe(q.stdout.toString('latin1'));
      expect(o.exitCode).toBe(q.exitCode);
      expect(o.signal).toBe(q.signal);
    });
  }
});
