// ?k from the console on the real hypervisor in our emulator: two echo VMs on one card; VM 2
// (in the foreground) echoes, then `?k2` stops it (one INFO line, ?l shows it stopped, what is
// typed is no longer echoed), and VM 1 still echoes afterwards.
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { execa } from 'execa';
import { REPO, emuInput, sdImage, type Step } from '../hypervisor/harness.ts';

const VMS = 'echo   echo.bin  0x80000 0x80000 16M 10ms\n' +
  'echo2  echo.bin  0x80000 0x80000 16M 10ms\n';
const STEPS: Step[] = [
  { after: 'Exception level: 1', send: '?2' },
  { after: '(echo2)', send: 'abc' },
  { after: 'abc', send: '?k2' },
  { after: 'stopped from the console', send: 'xyz?l' },
  { after: 'out-dropped', send: '?1' },
  { after: '(echo)', send: 'ok1' },
];
const UNTIL = 'ok1';

describe('?k on the hypervisor (our emulator)', () => {
  test('?k2 stops echo2: its output stops, ?l says stopped, VM 1 still echoes', async () => {
    const img = await sdImage(VMS);
    const cli = path.join(REPO, 'tools/cli/raspvisor.mjs');
    const emu = await execa('node', [cli, 'run', img, '--input', emuInput(STEPS), '--until', UNTIL, '--max-insns', '2000000000'],
      { reject: false, timeout: 200_000, stdin: 'ignore' });
    const out = emu.stdout.replace(/\r+\n/g, '\n');
    expect(emu.exitCode, out + emu.stderr).toBe(0);
    const after = out.slice(out.indexOf('console: switched to VM 2 (echo2)\n'));
    expect(after).toMatch(/^console: switched to VM 2 \(echo2\)\n(Exception level: 1\n)?abc\nINFO: VM 2 stopped from the console\n id  name/);
    expect(after).not.toContain('xyz');
    const rows = after.slice(after.indexOf(' id  name')).split('\n');
    expect(rows[1]).toMatch(/^ {2}1  echo +(waiting|running) /);
    expect(rows[2]).toMatch(/^ {2}2\* echo2 +stopped /);
    expect(rows[3]).toMatch(/^pool: \d+ of \d+ pages free, heap: \d+ bytes used$/);
    expect(rows[4]).toBe('console: switched to VM 1 (echo)');
    expect(rows[5]).toMatch(/ok1$/);
  }, 300_000);
});

// ?r2 on the same card: echo2 has echoed what was typed; after ?r2 it prints its banner again
// (its image read again from the card into fresh memory) and echoes again; ?l shows its
// counters started again and one restart; VM 1 echoes throughout.
const R_STEPS: Step[] = [
  { after: 'Exception level: 1', send: '?2' },
  { after: '(echo2)', send: 'abc' },
  { after: 'abc', send: '?r2' },
  { after: 'INFO[2]: loaded', send: '' },
  { after: 'Exception level: 1', send: 'xyz' },
  { after: 'xyz', send: '?l' },
  { after: 'bytes used', send: '?1' },
  { after: '(echo)', send: 'ok1' },
];

describe('?r on the hypervisor (our emulator)', () => {
  test('?r2 restarts echo2: banner again, echoes again, ?l counts one restart, VM 1 still echoes', async () => {
    const img = await sdImage(VMS);
    const cli = path.join(REPO, 'tools/cli/raspvisor.mjs');
    const emu = await execa('node', [cli, 'run', img, '--input', emuInput(R_STEPS), '--until', UNTIL, '--max-insns', '2000000000'],
      { reject: false, timeout: 200_000, stdin: 'ignore' });
    const out = emu.stdout.replace(/\r+\n/g, '\n');
    expect(emu.exitCode, out + emu.stderr).toBe(0);
    const after = out.slice(out.indexOf('console: switched to VM 2 (echo2)\n'));
    expect(after).toMatch(new RegExp('^console: switched to VM 2 \\(echo2\\)\n(Exception level: 1\n)?abc\n' +
      'INFO: VM 2 restarting from the console\nINFO\\[2\\]: loading echo.bin...\nINFO\\[2\\]: loaded\n' +
      'Exception level: 1\nxyz\n id  name'));
    const rows = after.slice(after.indexOf(' id  name')).split('\n');
    expect(rows[0]).toMatch(/ irq +rst +in-held/);
    // Its counters started again: as many pages as VM 1 (the same image, run the same way).
    const cols = (r: string) => r.trim().split(/ +/);
    const [v1, v2] = [cols(rows[1]), cols(rows[2])];
    expect(v1.slice(0, 3)).toEqual(['1', 'echo', 'waiting']);
    expect(v2.slice(0, 3)).toEqual(['2*', 'echo2', 'waiting']);
    expect(v2[3]).toBe(v1[3]); // pages: the same image, the same pages touched
    expect(v1[11]).toBe('0'); // restarts
    expect(v2[11]).toBe('1');
    expect(rows[3]).toMatch(/^pool: \d+ of \d+ pages free, heap: \d+ bytes used$/);
    expect(rows[4]).toBe('console: switched to VM 1 (echo)');
    expect(rows[5]).toMatch(/ok1$/);
  }, 300_000);
});
