// gdb-multiarch (batch scripts) on the hypervisor booted from the default five-VM SD card in
// our emulator, four cores as threads: breakpoints by .ts source line, next/step/list/info
// line from the DWARF line table, bt through compiled code into vectors.S (ended by its CFI),
// a write watchpoint on a hypervisor global, system registers, stepi, then a detach after
// which the machine runs on to the --until text; and --timeout ending a run that gdb holds
// stopped.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'tools/cli/raspvisor.mjs');
// A fixed folder: the build's step cache keys on the project root, so reruns are quick.
const ROOT = path.join(os.tmpdir(), 'rv-gdb-hypervisor');
const ELF = path.join(ROOT, 'build/kernel8.elf');
const CARD = path.join(ROOT, 'build/sdcard.img');

beforeAll(async () => {
  fs.rmSync(path.join(ROOT, 'hypervisor'), { recursive: true, force: true });
  fs.rmSync(path.join(ROOT, 'guests'), { recursive: true, force: true });
  for (const d of ['hypervisor', 'guests']) fs.cpSync(path.join(REPO, d), path.join(ROOT, d), { recursive: true });
  await execa('node', [CLI, 'build', '-C', ROOT]);
  await execa('node', [CLI, 'image', '-C', ROOT, '-o', CARD]);
}, 900_000);

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
});

/** `raspvisor run CARD --gdb PORT ...extra`, and gdb-multiarch running `commands` against it. */
async function session(extra: string[], commands: string[]) {
  const port = await freePort();
  const emu = execa('node', [CLI, 'run', CARD, '--gdb', String(port), ...extra], { reject: false, timeout: 300_000, stdin: 'ignore' });
  let err = '';
  await new Promise<void>((resolve) => emu.stderr!.on('data', (d: Buffer) => { err += d; if (err.includes('waiting for gdb')) resolve(); }));
  const args = ['-nx', '-batch', '-ex', 'set architecture aarch64', '-ex', 'set confirm off', '-ex', 'set pagination off', '-ex', `file ${ELF}`, '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  let emuEnd = 0;
  const emuDone = emu.then((r) => { emuEnd = Date.now(); return r; });
  const g = await execa('gdb-multiarch', args, { reject: false, timeout: 240_000, all: true });
  const gdbEnd = Date.now();
  const r = await emuDone;
  return { gdb: g.all ?? '', emu: r, emuEnd, gdbEnd };
}

describe('gdb on the hypervisor, SD boot, four cores', () => {
  test('source lines, step/next, bt into vectors.S, watchpoint, system registers, detach', async () => {
    const s = await session(['--until', 'abcde', '--timeout', '240'], [
      'info threads',
      'info line hypervisor/vm/scheduler.ts:113',
      'break hypervisor/vm/scheduler.ts:113',
      'continue',
      'continue',
      'list 113,114',
      'next',
      'next',
      'info line *$pc',
      'step',
      'bt 2',
      'delete',
      'watch *(long *)&hypervisor_vm_scheduler_sliceEnd',
      'continue',
      'delete',
      'break handle_exit',
      'continue',
      'bt',
      'p/x $ESR_EL2',
      'p/x $pc',
      'stepi',
      'p/x $pc',
      'delete',
      'detach',
    ]);
    const t = s.gdb;
    const sched = /hypervisor\/vm\/scheduler\.ts/.source;
    expect(t).toMatch(/Thread 4 \(core 3 EL2/);
    expect(t).toMatch(new RegExp(`Line 113 of ".*${sched}" starts at address 0x[0-9a-f]+ <hypervisor_vm_scheduler_schedule\\+\\d+>`));
    expect(t).toMatch(new RegExp(`Breakpoint 1 at 0x[0-9a-f]+: file .*${sched}, line 113\\.`));
    expect(t.match(/Thread 1 hit Breakpoint 1, hypervisor_vm_scheduler_schedule \(\) at .*scheduler\.ts:113/g)).toHaveLength(2);
    expect(t).toContain('113\t  const keep = cur !== null');
    expect(t).toContain('114\t  if (!keep) {');
    expect(t).toMatch(/\n115\t    next = pickNext\(curIndex\);/);
    expect(t).toMatch(/hypervisor_vm_scheduler_pickNext \(\) at .*scheduler\.ts:\d+/);
    expect(t).toMatch(/#1  0x[0-9a-f]+ in hypervisor_vm_scheduler_schedule \(\) at .*scheduler\.ts:115/);
    expect(t).toMatch(/Thread \d hit Hardware watchpoint 2: \*\(long \*\)&hypervisor_vm_scheduler_sliceEnd\s+Old value = \d+\s+New value = \d+/);
    expect(t).toMatch(/#0  handle_exit \(\) at .*hypervisor\/exits\/dispatch\.ts:\d+\n#1  0x[0-9a-f]+ in guest_save \(\) at .*hypervisor\/vectors\.S:\d+\n/);
    expect(t).not.toMatch(/corrupt stack|Backtrace stopped/);
    expect(t).toMatch(/\$\d+ = 0x[0-9a-f]{8}\n/); // ESR_EL2 of the exit
    const pcs = [...t.matchAll(/\$\d+ = (0x[0-9a-f]+)\n/g)].map((m) => m[1]).slice(-2);
    expect(pcs[0]).not.toBe(pcs[1]);
    expect(t).toMatch(/Inferior 1 \(Remote target\) detached/);
    // After the detach the machine ran on, without gdb, to the --until text.
    expect(s.emu.exitCode).toBe(0);
    expect(s.emu.stderr).toContain('gdb gone: the machine runs on');
    expect(s.emu.stdout).toContain('abcde');
  }, 400_000);

  test('--timeout ends the run while gdb holds the target stopped', async () => {
    const s = await session(['--timeout', '15'], ['break hypervisor_vm_scheduler_schedule', 'continue', 'shell sleep 40', 'p/x $pc']);
    expect(s.gdb).toMatch(/hit Breakpoint 1/);
    expect(s.emu.exitCode).toBe(0);
    expect(s.emu.stderr).toMatch(/timeout/);
    expect(s.gdbEnd - s.emuEnd).toBeGreaterThan(15_000); // the emulator did not wait for gdb
  }, 400_000);
});
