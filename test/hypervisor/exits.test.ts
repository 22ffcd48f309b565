// The hypervisor end to end with small test guests (test/hypervisor/guests/*.S): each
// transcript is written out here from the specification (docs/hypervisor.md) and must come
// out the same from our emulator and from qemu-system-aarch64 -M raspi3b.
import { describe, expect, test } from 'vitest';
import { buildWithGuests, runEmu, runQemu, upTo } from './harness.ts';

const BANNER = '\nraspvisor: hypervisor in AssemblyScript, booted at EL2, running at EL2\n';
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
    const want = BANNER + loading(['hvc_abi']) + 'hvc: console write\n' + 'WARN[1]: HVC #777\n' +
      'hvc: version, unknown ids, yield ok\n' + until;
    const [emu, qemu] = await both({ hvc_abi: 'hvc_abi' }, until);
    expect(emu).toBe(want);
    expect(qemu).toBe(want);
  }, 200_000);

  test('MMIO decoding: ISV=1, LDP/STP, pre/post-index writeback, register offset, XZR', async () => {
    const until = 'abcdefg';
    const want = BANNER + loading(['mmio']) + until;
    const [emu, qemu] = await both({ mmio: 'mmio' }, until);
    expect(emu).toBe(want);
    expect(qemu).toBe(want);
  }, 200_000);

  test('a VM that faults is stopped with its report; the other VM goes on', async () => {
    const until = 'spin: tick 3';
    const b = await buildWithGuests({ aspin: 'spin', bfault: 'fault' });
    const [emu, qemu] = await Promise.all([runEmu(b.image, until), runQemu(b.image, until)]);
    const report = /^WARN\[2\]: stopped: data abort at IPA 0x50000000, outside its memory \(DFSC 0x5\) \(ELR_EL2 0x80004, ESR_EL2 0x93810005, FAR_EL2 0x50000000\)\n/m;
    const want = BANNER + loading(['aspin', 'bfault']) + 'spin: tick 1\nspin: tick 2\nspin: tick 3';
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    for (const out of [upTo(emu.output, until), upTo(qemu, until)]) {
      // The report comes between two of VM 1's lines, where depends on timing (QEMU: real time).
      expect(out, out).toMatch(report);
      expect(out.replace(report, '')).toBe(want);
    }
  }, 200_000);
});
