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
    expect(rows[3]).toBe('console: switched to VM 1 (echo)');
    expect(rows[4]).toMatch(/ok1$/);
  }, 300_000);
});
