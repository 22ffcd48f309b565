// C programs (gcc -O2 -static -nostdlib) run by qemu-aarch64 and by our core: stdout and exit
// status (or the fatal signal) must be identical.
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { compileC, runQemu, runOurs, tmpDir } from './oracle.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const progs = path.join(here, 'progs');
const dir = tmpDir('emu-user-');

const cases: Array<[string, string, string[], string[]?]> = [
  ['hello', path.join(progs, 'hello.c'), []],
  ['features', path.join(progs, 'features.c'), []],
  ['compute (short)', path.join(here, '../bench/cpu/compute.c'), ['short']],
  ['segv', path.join(progs, 'fault.c'), ['segv']],
  ['sigill', path.join(progs, 'fault.c'), ['ill']],
  ['sigtrap', path.join(progs, 'fault.c'), ['brk']],
  ['sigbus (unaligned exclusive)', path.join(progs, 'fault.c'), ['align']],
  ['write to text', path.join(progs, 'fault.c'), ['xtext']],
  // AdvSIMD as gcc emits it for vectorised loops (the SIGILL at ushr v2.4s, v0.4s, #1)
  ['vectorised loops (-O2 -ftree-vectorize)', path.join(progs, 'vector.c'), [], ['-ftree-vectorize']],
  ['vectorised loops (-O3)', path.join(progs, 'vector.c'), [], ['-O3', '-ftree-vectorize']],
  // NEON intrinsics: by element, LD1R/LDn/STn of one lane, estimates and steps, fixed point, FCVTXN
  ['NEON intrinsics (neon.c)', path.join(progs, 'neon.c'), []],
];

describe('static C programs: our core vs qemu-aarch64', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, src, args, cflags] of cases) {
    it(name, async () => {
      const elf = await compileC(src, dir, cflags);
      const [q, o] = await Promise.all([runQemu(elf, args), runOurs(elf, args)]);
      expect(Buffer.from(o.stdout).toString('latin1')).toBe(q.stdout.toString('latin1'));
      expect(o.exitCode).toBe(q.exitCode);
      expect(o.signal).toBe(q.signal);
    });
  }
});

describe('raspvisor user-run', () => {
  const cli = path.join(here, '../../tools/cli/raspvisor.mjs');
  const cdir = tmpDir('emu-cli-');
  afterAll(() => fs.rmSync(cdir, { recursive: true, force: true }));
  it('passes the program output and exit status through', async () => {
    const elf = await compileC(path.join(progs, 'hello.c'), cdir);
    const r = await execa('node', [cli, 'user-run', elf], { reject: false });
    expect(r.stdout).toContain('hello from aarch64');
    expect(r.exitCode).toBe(3);
  });
  it('rejects a truncated executable with the byte offset, exit 1', async () => {
    const elf = await compileC(path.join(progs, 'hello.c'), cdir);
    const cut = path.join(cdir, 'cut.elf');
    fs.writeFileSync(cut, fs.readFileSync(elf).subarray(0, 100));
    const r = await execa('node', [cli, 'user-run', cut], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cut\.elf: byte offset \d+: /);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
  it('rejects a non-AArch64 file', async () => {
    const r = await execa('node', [cli, 'user-run', cli], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/not an ELF file/);
  });
});
