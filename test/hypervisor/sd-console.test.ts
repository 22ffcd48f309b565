// The hypervisor booted from an SD card made by `raspvisor image` (kernel8.img, the guests,
// vms.txt), in our emulator (like the Pi firmware: config.txt) and under QEMU raspi3b
// (-kernel + -drive if=sd): loading lines, a missing image stopping only its VM, the C
// original's `mov x8, N; hvc #0` line, switching the console to an echo VM, typing and
// pasting 200 characters at once (all echoed), ?l and a bad command. Both transcripts must be
// the one written here (the ?l counters depend on timing: compared by shape).
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { execa } from 'execa';
import { REPO, emuInput, runQemuScript, sdImage, type Step } from './harness.ts';

const VMS = 'echo   echo.bin         0x80000 0x80000 16M 10ms\n' +
  'tb     test_binary.bin  0x80000 0x80000 16M 10ms\n' +
  'echo2  echo.bin         0x80000 0x80000 16M 10ms\n';
const CARD_VMS = VMS + 'lost   missing.bin      0x80000 0x80000 1M  10ms\n';
const PASTE = Array.from({ length: 195 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('') + '<200>';

const STEPS: Step[] = [
  // (VM 2 runs on another core than VM 1: in our emulator its line comes first; our emulator
  // waits for these in this order, QEMU in any.)
  { after: ['WARN[2]: HVC #777', 'Exception level: 1'], send: '?3' },
  { after: 'Exception level: 1', send: 'hello\r' },
  { after: 'hello', send: PASTE + '\r' },
  { after: '<200>', send: '?l' },
  { after: 'out-dropped', send: '?x' },
];
const UNTIL = 'console: unknown command ?x (?h for help)';

const EXPECTED_HEAD =
  '\nraspvisor: hypervisor in AssemblyScript, booted at EL2, running at EL2\n' +
  'INFO[1]: loading echo.bin...\nINFO[1]: loaded\n' +
  'INFO[2]: loading test_binary.bin...\nINFO[2]: loaded\n' +
  'INFO[3]: loading echo.bin...\nINFO[3]: loaded\n' +
  "INFO[4]: loading missing.bin...\nWARN[4]: stopped: missing.bin: no such file (no 'missing.bin' in /)\n";

function check(raw: string): void {
  // The echo VM sends a typed CR back as a CR: as a line end here. (With the VMs on several
  // cores the echoed CR may come just before the console's own line end: "\r\r\n".)
  const out = raw.replace(/\r+\n/g, '\n').replace(/\r/g, '\n').replace(/\n\n/g, '\n');
  expect(out.startsWith(EXPECTED_HEAD), out).toBe(true);
  const rest = out.slice(EXPECTED_HEAD.length);
  // VM 1 (foreground) prints its line; VM 2's HVC line comes before or after it.
  expect(rest).toMatch(/^(Exception level: 1\nWARN\[2\]: HVC #777\n|WARN\[2\]: HVC #777\nException level: 1\n)console: switched to VM 3 \(echo2\)\n/);
  const after = rest.slice(rest.indexOf('(echo2)\n') + 8);
  expect(after.startsWith('Exception level: 1\nhello\n' + PASTE + '\n'), after).toBe(true);
  const table = after.slice(after.indexOf(PASTE) + PASTE.length + 1);
  const rows = table.split('\n');
  expect(rows[0]).toMatch(/^ id  name +state +pages +saved-pc +wfx +hvc +sysreg +pf +mmio +irq +rst +in-held +out-dropped$/);
  expect(rows[1]).toMatch(/^ {2}1  echo +waiting +\d+ +0x[0-9a-f]+ +\d+ +0 +0 +\d+ +\d+ +0 +0 +0 +0$/);
  // test_binary: the legacy HVC and the version hypercall, then WFI for good.
  expect(rows[2]).toMatch(/^ {2}2  tb +waiting +\d+ +0x[0-9a-f]+ +1 +2 +\d+ +\d+ +\d+ +0 +0 +0 +0$/);
  // echo2: one injected IRQ per burst of input at least, nothing held or dropped.
  expect(rows[3]).toMatch(/^ {2}3\* echo2 +(waiting|running) +\d+ +0x[0-9a-f]+ +\d+ +0 +0 +\d+ +\d+ +[1-9]\d* +0 +0 +0$/);
  expect(rows[4]).toMatch(/^ {2}4  lost +stopped +0 +0x80000 +0 +0 +0 +0 +0 +0 +0 +0 +0$/);
  expect(rows[5]).toMatch(/^pool: \d+ of \d+ pages free, heap: \d+ bytes used$/);
  expect(rows[6]).toBe(UNTIL);
}

describe('the hypervisor from an SD card: console transcript', () => {
  test('our emulator (firmware boot of the card) and QEMU raspi3b (-kernel, -drive if=sd)', async () => {
    const img = await sdImage(VMS, CARD_VMS);
    const kernel = path.join(REPO, 'build/kernel8.img');
    const cli = path.join(REPO, 'tools/cli/raspvisor.mjs');
    const [emu, qemu] = await Promise.all([
      execa('node', [cli, 'run', img, '--input', emuInput(STEPS), '--until', UNTIL, '--max-insns', '2000000000'], { reject: false, timeout: 200_000, stdin: 'ignore' }),
      runQemuScript(['-kernel', kernel, '-drive', `if=sd,file=${img},format=raw`], STEPS, UNTIL),
    ]);
    const emuOut = emu.stdout.replace(/\r\n/g, '\n');
    expect(emu.exitCode, emuOut + emu.stderr).toBe(0);
    check(emuOut.slice(0, emuOut.indexOf(UNTIL) + UNTIL.length));
    check(qemu.slice(0, qemu.indexOf(UNTIL) + UNTIL.length));
  }, 300_000);
});
