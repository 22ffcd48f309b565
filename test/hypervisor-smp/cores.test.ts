// The hypervisor's four cores in our emulator (whose --stats count each core's instructions):
// the five-VM card of the C original runs with its VMs spread over all four cores (and under
// QEMU raspi3b), and the manifest's core mask keeps a VM on the cores it names.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runEmu, runQemuScript, sdImage } from '../hypervisor/harness.ts';

function perCore(text: string): number[] {
  return [...text.matchAll(/core (\d): (\d+) instructions/g)].map((m) => Number(m[2]));
}

const LOADED = [1, 2, 3, 4, 5].map((n) => `INFO[${n}]: loading ${n % 2 ? 'mini-os' : 'echo'}.bin...\nINFO[${n}]: loaded\n`).join('');

describe('four cores', () => {
  test('the five-VM card: every core runs VMs; the same card under QEMU raspi3b', async () => {
    const img = await sdImage(fs.readFileSync(path.join(REPO, 'hypervisor/vms.txt'), 'utf8'));
    const UNTIL = 'abcde';
    const [emu, qemu] = await Promise.all([
      runEmu(img, UNTIL, ['--stats', '--input', '\\w{User process}\\w{12345}\\w{abcde}?l'], 1_500_000_000),
      runQemuScript(['-kernel', path.join(REPO, 'build/kernel8.img'), '-drive', `if=sd,file=${img},format=raw`], [], 'Kernel process started. EL 1', 150_000),
    ]);
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    for (const out of [emu.output, qemu.replace(/\r\n/g, '\n')]) {
      expect(out).toContain(LOADED);
      expect(out).toContain('Kernel process started. EL 1\n');
    }
    expect(emu.output).toMatch(/User process\n[1-5a-e]*12345/);
    const cores = perCore(emu.output + emu.stderr);
    expect(cores.length).toBe(4);
    for (const n of cores) expect(n).toBeGreaterThan(1_000_000);
  }, 300_000);

  test('a core mask keeps each VM on its core; the cores no VM may use stay idle', async () => {
    // Two CPU-bound VMs (smp-spin, one vCPU each): VM 1 on core 2 only, VM 2 on core 3 only.
    const img = await sdImage('a  smp-spin.bin  0x80000 0x80000 16M 10ms 0x4\nb  smp-spin.bin  0x80000 0x80000 16M 10ms 0x8\n');
    const emu = await runEmu(img, 'report 3:', ['--stats'], 1_500_000_000);
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    expect(emu.output).toContain('smp-spin: EL1, 1 vCPUs\nreport 1: t=50 ms');
    const [c0, c1, c2, c3] = perCore(emu.output + emu.stderr);
    // Core 0 brought the hypervisor up (the SD card, the VMs): some millions; core 1 only
    // started and waits in WFI; cores 2 and 3 ran their VM all the time (lock-step slices: as
    // many instructions as virtual nanoseconds).
    expect(c1).toBeLessThan(100_000);
    expect(c2).toBeGreaterThan(0.9 * c3);
    expect(c3).toBeGreaterThan(0.9 * c2);
    expect(c2).toBeGreaterThan(5 * c0);
  }, 300_000);
});
