// The hypervisor end to end with small test guests (test/hypervisor/guests/*.S): each
// transcript is written out here from the specification (docs/hypervisor.md) and must come
// out the same from our emulator and from qemu-system-aarch64 -M raspi3b.
import { describe, expect, test } from 'vitest';
import { buildWithGuests, runEmu, runQemu, upTo } from './harness.ts';

const BANNER = '\nraspvisor: hypervisor in AssemblyScript, booted at EL2, running at EL2\n';
const NO_SD = 'INFO: no SD card: running the guests linked into kernel8.img\n';
const loading = (names: string[]) => names.map((n, i) => `INFO[${i + 1}]: loading ${n}...\nINFO[${i + 1}]: loaded\n`).join('');

async function both(guests: Record<string, string>, until: string): Promise<[string, string]> {
  const b = await buildWithGuests(guests);
  const [emu, qemu] = await Promise.all([runEmu(b.image, until), runQemu(b.image, until)]);
  expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
  return [upTo(emu.output, until), upTo(qemu, until)];
}

describe('hypervisor exits, in our emulator and under QEMU raspi3b', () => {
  test('HVC ABI: version, console write, unknown ids, yield, legacy x8 line, VM exit', async () => {
    const until = 'INFO[1]: exited with code 7';
    const want = BANNER + NO_SD + loading(['hvc_abi']) + 'hvc: console write\n' + 'WARN[1]: HVC #777\n' +
      'hvc: version, unknown ids, yield ok\n' + until;
    const [emu, qemu] = await both({ hvc_abi: 'hvc_abi' }, until);
    expect(emu).toBe(want);
    expect(qemu).toBe(want);
  }, 200_000);

  test('MMIO decoding: ISV=1, LDP/STP, pre/post-index writeback, register offset, XZR', async () => {
    const until = 'abcdefg';
    const want = BANNER + NO_SD + loading(['mmio']) + until;
    const [emu, qemu] = await both({ mmio: 'mmio' }, until);
    expect(emu).toBe(want);
    expect(qemu).toBe(want);
  }, 200_000);

  test('a VM that faults is stopped with its report; the other VM goes on', async () => {
    const until = 'spin: tick 3';
    const b = await buildWithGuests({ aspin: 'spin', bfault: 'fault' });
    const [emu, qemu] = await Promise.all([runEmu(b.image, until), runQemu(b.image, until)]);
    const report = /^WARN\[2\]: stopped: data abort at IPA 0x50000000, outside its memory \(DFSC 0x5\) \(ELR_EL2 0x80004, ESR_EL2 0x93810005, FAR_EL2 0x50000000\)\n/m;
    const want = BANNER + NO_SD + loading(['aspin', 'bfault']) + 'spin: tick 1\nspin: tick 2\nspin: tick 3';
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    for (const out of [upTo(emu.output, until), upTo(qemu, until)]) {
      // The report comes between two of VM 1's lines, where depends on timing (QEMU: real time).
      expect(out, out).toMatch(report);
      // Mid-line, the console ends VM 1's partial line before the report (so the report has a
      // line of its own) and VM 1 goes on after it: without the report, the text is VM 1's
      // own, or VM 1's with that one inserted newline.
      const at = out.search(report);
      const without = out.replace(report, '');
      const joined = at > 0 && out[at - 1] === '\n' ? without.slice(0, at - 1) + without.slice(at) : without;
      expect([without, joined], out).toContain(want);
    }
  }, 200_000);

  test('WFI blocks until the system-timer compare comes due; the virtual IRQ follows CS', async () => {
    const b = await buildWithGuests({ timer: 'timer' });
    const emu = await runEmu(b.image, 'match cleared');
    const qemu = await runQemu(b.image, 'match cleared'); // not beside another emulator: real time
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    const want = (when: string) => BANNER + NO_SD + loading(['timer']) + `timer: woke ${when}\ntimer: match cleared`;
    expect(upTo(emu.output, 'match cleared')).toBe(want('on time'));
    // QEMU keeps real time on a shared host: a wake-up may come late there, never early.
    expect([want('on time'), want('within 50 ms'), want('more than 50 ms late')], JSON.stringify(qemu)).toContain(upTo(qemu, 'match cleared'));
  }, 200_000);
});
