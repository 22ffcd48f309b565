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
  test('source lines, next/step, bt into vectors.S, watchpoint, system registers, detach', async () => {
    // Lines looked up in the copied source, so the test follows edits of the scheduler.
    const src = fs.readFileSync(path.join(ROOT, 'hypervisor/vm/scheduler.ts'), 'utf8').split('\n');
    const keepLine = src.findIndex((l) => /^\s*const keep = /.test(l)) + 1;
    expect(keepLine).toBeGreaterThan(0);
    const s = await session(['--until', 'abcde', '--timeout', '240'], [
      'info threads',
      'watch *(char *)&hypervisor_console_output_atLineStart',
      'continue',
      'delete',
      `info line hypervisor/vm/scheduler.ts:${keepLine}`,
      `break hypervisor/vm/scheduler.ts:${keepLine}`,
      'continue',
      `list ${keepLine},${keepLine}`,
      'next',
      'info line *$pc',
      'step',
      'bt 2',
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
    expect(t).toMatch(/hit Hardware watchpoint 1: \*\(char \*\)&hypervisor_console_output_atLineStart\s+Old value = \d+ .*\s+New value = \d+ /);
    expect(t).toMatch(new RegExp(`Line ${keepLine} of ".*${sched}" starts at address 0x[0-9a-f]+ <hypervisor_vm_scheduler_schedule\\+\\d+>`));
    expect(t).toMatch(new RegExp(`Breakpoint 2 at 0x[0-9a-f]+: file .*${sched}, line ${keepLine}\\.`));
    expect(t.match(new RegExp(`hit Breakpoint 2, hypervisor_vm_scheduler_schedule \\(\\) at .*scheduler\\.ts:${keepLine}\n`, 'g'))?.length).toBe(2);
    expect(t).toContain(`${keepLine}\t${src[keepLine - 1]}`);
    const shown = `${keepLine}\t${src[keepLine - 1]}`;
    const listed = t.indexOf(shown, t.indexOf(shown) + 1); // the hit prints it, then `list`
    const after = new RegExp(`^(\\d+)\t.*\nLine (\\d+) of ".*${sched}" starts at`).exec(t.slice(t.indexOf('\n', listed) + 1)); // next, then info line
    expect(after).not.toBeNull();
    expect(Number(after![1])).toBeGreaterThan(keepLine);
    expect(after![1]).toBe(after![2]);
    expect(t).toMatch(/#1  0x[0-9a-f]+ in hypervisor_vm_scheduler_schedule \(\) at .*scheduler\.ts:\d+/); // after step
    expect(t).toMatch(/#0  handle_exit \(\) at .*\.ts:\d+\n#1  0x[0-9a-f]+ in guest_save \(\) at .*hypervisor\/vectors\.S:\d+\n/);
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
