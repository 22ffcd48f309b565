// ?k from the console on the real hypervisor in our emulator: two echo VMs on one card; VM 2
// (in the foreground) echoes, then `?k2` stops it (one INFO line, ?l shows it stopped, what is
// typed is no longer echoed), and VM 1 still echoes afterwards.
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { execa } from 'execa';
import { REPO, emuInput, sdImage, type Step } from '../hypervisor/harness.ts';
import { buildHostile, consoleLines, runHostile, vmBytes } from './harness.ts';

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

// Many restarts beside the hostile suite's two well-behaved VMs (guests/good.S: a fresh page
// each round must read zero, so a page a restarted VM gave back must come back zeroed): VM 4
// (guests/refault.S) faulting at once, restarted 50 times; VM 3 (restartee.S, computing on
// some core) restarted 10 times while it runs; VM 5 (reset.S) resetting itself with PSCI
// SYSTEM_RESET. Each boot of each must see fresh memory (marker 0x0); the good VMs' transcripts
// must be the one they print alone (suite.test.ts asserts that run); nothing leaks: the pool's
// free pages plus the pages every VM holds, and the heap in use, are the same after the 50.
const GOOD = Array.from({ length: 24 }, (_, i) => `good: round 0x${(i + 1).toString(16)} ok\n`).join('') + 'good: done\n';
const RESTARTS = 50;
const RUNNING_RESTARTS = 10;
const UP3 = 'restartee: up, marker 0x0\n';
const UP4 = 'refault: up, marker 0x0\n';
const UP5 = 'reset: up, marker 0x0\n';
const MANY_INPUT = `\\w{WARN[4]: stopped}?4\\w{${UP4}}?l\\w{bytes used}` +
  `?r4\\w{${UP4}}\\w{WARN[4]: stopped}`.repeat(RESTARTS) + '?l\\w{bytes used}' +
  `?3\\w{${UP3}}` + `?r3\\w{${UP3}}`.repeat(RUNNING_RESTARTS) +
  `?5\\w{${UP5}}\\w{${UP5}}\\w{${UP5}}` +
  '?1\\w{good: done\n}?2\\w{good: done\n}?h';

/** The ?l table after `from`: free pages + every VM's pages, the heap in use, VM 4's restarts. */
function table(raw: string, from: number) {
  const at = raw.indexOf(' id  name', from);
  const lines = raw.slice(at).split('\r\n');
  const rows = lines.slice(1, 6).map((r) => r.trim().split(/ +/));
  const pool = /^pool: (\d+) of (\d+) pages free, heap: (\d+) bytes used$/.exec(lines[6]);
  expect(pool, lines.slice(0, 7).join('\n')).not.toBeNull();
  const held = rows.reduce((n, r) => n + Number(r[3]), 0);
  return { at, pagesAccounted: Number(pool![1]) + held, heap: Number(pool![3]), restarts4: rows[3][11] };
}

/** A VM's own bytes in a stretch of the transcript, without the console's lines and ?l tables. */
const own = (s: string) => vmBytes(s.replace(/ id  name[^]*?bytes used\r\n/g, ''));

describe('restarts beside well-behaved VMs (our emulator, no card: the images in kernel8.img)', () => {
  test(`a faulting VM restarted ${RESTARTS} times, a running one ${RUNNING_RESTARTS}, SYSTEM_RESET: fresh memory, good VMs untouched, no leak`, async () => {
    const image = await buildHostile({ a_good: 'good', b_good: 'good', c_restartee: 'restartee', d_refault: 'refault', e_reset: 'reset' });
    const r = await runHostile(image, '?h      this help', MANY_INPUT, 6_000_000_000);
    expect(r.exitCode, r.raw.slice(-3000) + r.stderr).toBe(0);
    const raw = r.raw;
    expect(raw).not.toMatch(/EL2 exception|abort:|trap:|EL3: unexpected/i);
    const sw = (n: number, name: string) => {
      const i = raw.indexOf(`console: switched to VM ${n} (${name})\r\n`);
      expect(i, `switch to VM ${n}`).toBeGreaterThan(0);
      return i;
    };
    const [s4, s3, s5, s1, s2] = [sw(4, 'd_refault'), sw(3, 'c_restartee'), sw(5, 'e_reset'), sw(1, 'a_good'), sw(2, 'b_good')];
    const end = raw.indexOf('console commands:');
    // The good VMs: VM 1 printed live until ?4, the rest held until ?1; VM 2 held until ?2.
    expect(own(raw.slice(0, s4)) + own(raw.slice(s1, s2))).toBe(GOOD);
    expect(own(raw.slice(s2, end))).toBe(GOOD);
    const lines = consoleLines(raw);
    // VM 4: stopped with its report at boot and after each restart, in fresh memory each time.
    expect(own(raw.slice(s4, s3))).toBe(UP4.repeat(RESTARTS + 1));
    const stops4 = lines.filter((l) => l.startsWith('WARN[4]'));
    expect(stops4).toHaveLength(RESTARTS + 1);
    for (const l of stops4) expect(l).toMatch(/^WARN\[4\]: stopped: data abort at IPA 0x2000000, outside its memory \(DFSC 0x/);
    expect(lines.filter((l) => l === 'INFO: VM 4 restarting from the console')).toHaveLength(RESTARTS);
    // VM 3: its first boot and each restart while it computes (the core running it is sent an IPI).
    expect(own(raw.slice(s3, s5))).toBe(UP3.repeat(RUNNING_RESTARTS + 1));
    // VM 5: comes back from each SYSTEM_RESET (the call never returns), in fresh memory.
    const out5 = own(raw.slice(s5, s1));
    expect(out5).toMatch(new RegExp(`^(${UP5})+$`));
    expect(out5.split('\n').length - 1).toBeGreaterThanOrEqual(3);
    expect(lines).toContain('INFO[5]: reset (PSCI SYSTEM_RESET): restarting');
    // No leak: the same pages accounted for and the same heap after 50 restarts.
    const a = table(raw, s4);
    const b = table(raw, a.at + 1);
    expect(b.pagesAccounted).toBe(a.pagesAccounted);
    expect(b.heap).toBe(a.heap);
    expect(a.restarts4).toBe('0');
    expect(b.restarts4).toBe(String(RESTARTS));
  }, 400_000);
});
