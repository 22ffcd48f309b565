// Third-party firmware in our machine: Debian's U-Boot (u-boot-rpi, rpi_arm64) booted with
// `--kernel u-boot.bin --dtb bcm2837-rpi-3-b.dtb` (the tree from Debian's kernel package),
// against qemu-system-aarch64 -M raspi3b on the same files. Both packages are fetched at test
// time with apt-get download (60 MB); the test skips with the reason when that fails. Long
// (minutes on a loaded machine): only with RASPVISOR_LONG=1.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './conformance-images.ts';

const LONG = process.env.RASPVISOR_LONG === '1';
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');
// Lines that differ for a reason: no USB host controller (DWC2) and no framebuffer are modelled,
// so U-Boot reports the USB port missing and keeps its console on the serial port (QEMU: the
// video console and one USB device, whose boot target then answers "Device 0: unknown device").
const KNOWN = /usb|USB|Storage Device|^mbox: |display resolution|^(Out|Err):|Please issue|^Device 0: unknown device/;

async function fetchDebian(dir: string): Promise<{ uboot: string; dtb: string } | string> {
  for (const pkg of ['u-boot-rpi:arm64', 'linux-image-6.1.0-*-arm64:arm64']) {
    let name = pkg;
    if (pkg.includes('*')) {
      const dep = await execa('apt-cache', ['depends', 'linux-image-arm64:arm64'], { reject: false });
      const m = /Depends: (linux-image-[^\s:]+)/.exec(String(dep.stdout));
      if (!m) return 'apt-cache finds no linux-image-arm64:arm64 (add the arm64 architecture: tools/setup/apt-deps.sh)';
      name = `${m[1]}:arm64`;
    }
    const r = await execa('apt-get', ['download', name], { cwd: dir, reject: false, timeout: 300_000 });
    if (r.exitCode !== 0) return `apt-get download ${name} failed: ${String(r.stderr).trim().split('\n').pop()}`;
  }
  for (const deb of fs.readdirSync(dir).filter((f) => f.endsWith('.deb'))) await execa('dpkg-deb', ['-x', path.join(dir, deb), path.join(dir, 'x')]);
  const uboot = path.join(dir, 'x/usr/lib/u-boot/rpi_arm64/u-boot.bin');
  const kdir = fs.readdirSync(path.join(dir, 'x/usr/lib')).find((d) => d.startsWith('linux-image-'));
  const dtb = kdir ? path.join(dir, 'x/usr/lib', kdir, 'broadcom/bcm2837-rpi-3-b.dtb') : '';
  if (!fs.existsSync(uboot) || !fs.existsSync(dtb)) return 'the packages do not hold rpi_arm64/u-boot.bin and broadcom/bcm2837-rpi-3-b.dtb';
  return { uboot, dtb };
}

/** Lines up to the first prompt, with the known differences left out. */
const banner = (t: string): string[] => t.slice(0, t.indexOf('U-Boot>')).replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '' && !KNOWN.test(l));

describe.skipIf(!LONG)("Debian's U-Boot (rpi_arm64) with --kernel --dtb", () => {
  const dir = tempDir('uboot');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it('reaches U-Boot> with QEMU\'s banner lines; version, bdinfo and md run at the prompt', async (ctx) => {
    const got = await fetchDebian(dir);
    if (typeof got === 'string') { console.warn(`skipping: ${got}`); ctx.skip(); return; }
    // QEMU: both UARTs (PL011 first, then the mini-UART the tree's stdout-path names) on one stream
    const q = execa('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', got.uboot, '-dtb', got.dtb, '-display', 'none', '-monitor', 'none',
      '-chardev', 'stdio,id=c,mux=on', '-serial', 'chardev:c', '-serial', 'chardev:c', '-no-reboot'], { reject: false, timeout: 120_000, stdin: 'pipe' });
    let qout = '';
    q.stdout?.on('data', (d: Buffer) => { qout += d.toString('latin1'); if (qout.includes('U-Boot>')) q.kill(); });
    await q;
    expect(qout).toContain('U-Boot>');
    const r = await execa('node', [CLI, 'run', '--kernel', got.uboot, '--dtb', got.dtb, '--until', '00080010:',
      '--input', '\\w{U-Boot>}version\\r\\w{U-Boot>}bdinfo\\r\\w{U-Boot>}md 0x80000 8\\r'], { reject: false, timeout: 900_000 });
    const out = String(r.stdout);
    expect(r.exitCode).toBe(0);
    expect(banner(out)).toEqual(banner(qout));
    expect(banner(out)).toContain('DRAM:  960 MiB');
    expect(out).toMatch(/U-Boot> version\r?\nU-Boot 2023\.\d+/);
    expect(out).toMatch(/-> size\s+= 0x000000003c000000/); // bdinfo: the firmware's 960 MiB
    // md shows u-boot.bin itself, loaded at 0x80000
    const b = fs.readFileSync(got.uboot);
    const words = [0, 4, 8, 12].map((o) => b.readUInt32LE(o).toString(16).padStart(8, '0')).join(' ');
    expect(out).toContain(`00080000: ${words}`);
  }, 1_200_000);
});
