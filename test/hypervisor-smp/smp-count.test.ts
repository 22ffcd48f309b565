// SMP under the hypervisor, end to end: guests/smp-count, one VM with four vCPUs (vms.txt
// `0xf 4`), on a card made by `raspvisor image`, in our emulator (firmware boot of the card,
// four cores) and under QEMU raspi3b (-kernel, -drive if=sd; four cores). It starts vCPUs 1-3
// with PSCI CPU_ON, meets them at a barrier, sends each an IPI through the virtual ARM-local
// mailboxes, sees them power off (AFFINITY_INFO), takes its own virtual timer interrupt and
// powers the VM off. Both transcripts must be the one written here, whose checksums come from
// the same xorshift computed in JavaScript (not from the guest).
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import { REPO, runEmu, runQemuScript, sdImage } from '../hypervisor/harness.ts';

const ROUNDS = 200000;
const UNTIL = 'INFO[1]: powered off (PSCI SYSTEM_OFF)';

/** guests/smp-count's count(n), as a reference. */
function checksum(n: number): string {
  const M = (1n << 64n) - 1n;
  let x = 0x9e3779b97f4a7c15n ^ BigInt(n);
  for (let i = 0; i < ROUNDS * (n + 1); i++) {
    x ^= (x << 13n) & M;
    x ^= x >> 7n;
    x ^= (x << 17n) & M;
  }
  return x.toString(16);
}

function expected(): string {
  const cpus = [0, 1, 2, 3].map((n) => `cpu ${n}: MPIDR ${(0x80000000 + n).toString(16)}, counted ${ROUNDS * (n + 1)} rounds, checksum ${checksum(n)}\n`);
  return 'INFO[1]: loading smp-count.bin...\nINFO[1]: loaded\n' +
    'smp-count: EL1, 4 vCPUs, PSCI 0.2 (through SMC: 0.2)\n' +
    'cpu 1: CPU_ON -> SUCCESS\ncpu 2: CPU_ON -> SUCCESS\ncpu 3: CPU_ON -> SUCCESS\n' +
    'cpu 1: CPU_ON again -> ALREADY_ON\ncpu 4: CPU_ON -> INVALID_PARAMETERS\n' +
    'barrier: 4 of 4 vCPUs arrived\n' + cpus.join('') +
    'cpu 1: got mailbox 101, then CPU_OFF; AFFINITY_INFO -> OFF\n' +
    'cpu 2: got mailbox 102, then CPU_OFF; AFFINITY_INFO -> OFF\n' +
    'cpu 3: got mailbox 103, then CPU_OFF; AFFINITY_INFO -> OFF\n' +
    'cpu 0: AFFINITY_INFO -> 0 (ON)\n' +
    'cpu 0: virtual timer interrupt, IRQ source 8\n' +
    'cpu 0: it ended a WFI\n' +
    'cpu 0: timer off, IRQ source 0\n' +
    'smp-count: done\n' + UNTIL;
}

function transcript(out: string): string {
  const s = out.replace(/\r\n/g, '\n');
  const from = s.indexOf('INFO[1]: loading');
  const to = s.indexOf(UNTIL);
  return from < 0 || to < 0 ? s : s.slice(from, to + UNTIL.length);
}

describe('a VM with four vCPUs (PSCI, virtual mailboxes, virtual timer)', () => {
  test('the same transcript in our emulator and under QEMU raspi3b', async () => {
    const img = await sdImage('smp  smp-count.bin  0x80000 0x80000 16M 10ms 0xf 4\n');
    const kernel = path.join(REPO, 'build/kernel8.img');
    const [emu, qemu] = await Promise.all([
      runEmu(img, UNTIL, ['--stats'], 1_000_000_000),
      runQemuScript(['-kernel', kernel, '-drive', `if=sd,file=${img},format=raw`], [], UNTIL, 120_000),
    ]);
    const want = expected();
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    expect(transcript(emu.output)).toBe(want);
    expect(transcript(qemu)).toBe(want);
    // All four physical cores ran guest work in our emulator (the vCPUs were not serialised).
    const perCore = [...emu.stderr.concat(emu.output).matchAll(/core (\d): (\d+) instructions/g)].map((m) => Number(m[2]));
    expect(perCore.length).toBe(4);
    for (const n of perCore) expect(n).toBeGreaterThan(2_000_000);
  }, 300_000);
});
