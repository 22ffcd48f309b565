// Both ways a Pi enters the hypervisor, in our emulator and under QEMU raspi3b:
//  - EL3 at the link address (an ELF: our emulator starts every core at its entry in EL3;
//    QEMU: the raw image put at 0x80000 and core 0 reset there);
//  - kernel_old=1: the image loaded at 0 and every core started there in EL3 (our emulator:
//    an SD card whose config.txt says kernel_old=1; QEMU: the image loaded at 0 and the cores
//    reset at 0), so the hypervisor first copies itself to its link address.
// A guest's SMC is trapped (HCR_EL2.TSC) and stops only that VM, never reaching EL3.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { buildWithGuests, runEmu, runQemu, upTo, sdImage, runQemuScript, REPO } from './harness.ts';

const el3Banner = '\nraspvisor: hypervisor in AssemblyScript, booted at EL3, running at EL2\n';

describe('boot paths', () => {
  test('EL3 entry at the link address: a guest SMC is trapped at EL2 and stops its VM', async () => {
    const b = await buildWithGuests({ smc: 'smc' });
    const until = 'FAR_EL2 ';
    const want = el3Banner + 'INFO: no SD card' ;
    const [emu, qemu] = await Promise.all([runEmu(b.elf, until), runQemu(b.image, until, 'el3')]);
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    for (const out of [emu.output, qemu]) {
      expect(out.startsWith(want), out).toBe(true);
      expect(out).toContain('INFO[1]: loading smc...\nINFO[1]: loaded\nWARN[1]: stopped: SMC (not available to VMs) (ELR_EL2 0x80004, ESR_EL2 0x5e000000, FAR_EL2 ');
      expect(out).not.toContain('EL3: unexpected exception');
    }
  }, 200_000);

  test('kernel_old=1: loaded at 0, entered at EL3 on every core, relocates itself', async () => {
    const vms = 'tb test_binary.bin 0x80000 0x80000 16M 10ms\n';
    const img = await sdImage(vms);
    // config.txt on the card gets kernel_old=1 (mtools), as the C original's card had it.
    const offset = fs.readFileSync(img).subarray(0, 512).readUInt32LE(446 + 8) * 512;
    const cfg = path.join(path.dirname(img), 'config.txt');
    await execa('mcopy', ['-o', '-i', `${img}@@${offset}`, '::/config.txt', cfg]);
    fs.appendFileSync(cfg, '\nkernel_old=1\n');
    await execa('mcopy', ['-o', '-i', `${img}@@${offset}`, cfg, '::/config.txt']);
    const until = 'WARN[1]: HVC #777';
    const want = el3Banner + 'INFO[1]: loading test_binary.bin...\nINFO[1]: loaded\n' + until;
    const kernel = path.join(REPO, 'build/kernel8.img');
    const [emu, qemu] = await Promise.all([
      runEmu(img, until),
      runQemuScript(['-device', `loader,file=${kernel},addr=0x0,force-raw=on`, '-drive', `if=sd,file=${img},format=raw`], [], until),
    ]);
    expect(emu.exitCode, emu.output + emu.stderr).toBe(0);
    expect(upTo(emu.output, until)).toBe(want);
    // QEMU (only on this path, all cores entering at 0 in EL3) shows one '\r' before the banner
    // that our emulator does not: not yet explained, so tolerated here and nowhere else.
    expect(upTo(qemu.replace(/^\r(?=\n)/, ''), until)).toBe(want);
  }, 200_000);
});
