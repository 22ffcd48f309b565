// What the boot hands a kernel besides its image, against qemu-system-aarch64 -M raspi3b:
// the device tree QEMU would pass (-machine dumpdtb) with -dtb/-append/-initrd equals ours
// (/memory@0 = 960 MiB, /chosen/bootargs, linux,initrd-start/end, property order), the tree's
// and the initrd's addresses, an arm64 Linux Image loaded at 2 MiB + text_offset, and the SD
// path's cmdline.txt/initramfs/device tree (the firmware's edits are QEMU's).
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planKernelBoot, planSdBoot, type BootVolume } from '../../tools/emu/machine/boot.ts';
import { RAM_BYTES } from '../../tools/emu/machine/memory-map.ts';
import { assembleToObject } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { buildImage, IMAGES_DIR, tempDir, warmCpu } from './conformance-images.ts';
import { dumpDtb, sampleDtb } from './dtb-samples.ts';
import { fileURLToPath } from 'node:url';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');

async function qemuDtb(dir: string, kernel: string, dtb: string, extra: string[]): Promise<Uint8Array> {
  const out = path.join(dir, 'qemu-out.dtb');
  fs.rmSync(out, { force: true });
  await execa('qemu-system-aarch64', ['-M', `raspi3b,dumpdtb=${out}`, '-kernel', kernel, '-dtb', dtb, ...extra, '-display', 'none', '-monitor', 'none', '-serial', 'null'], { reject: false, timeout: 30_000 });
  return fs.readFileSync(out);
}

async function qemuTranscript(args: string[]): Promise<string> {
  const r = await execa('qemu-system-aarch64', ['-M', 'raspi3b', ...args, '-display', 'none', '-monitor', 'none', '-serial', 'null', '-serial', 'stdio', '-no-reboot'], { reject: false, timeout: 30_000, stripFinalNewline: false });
  return String(r.stdout);
}

describe('kernel arguments: device tree, command line, initrd (vs qemu-system-aarch64 -M raspi3b)', () => {
  let dir = '';
  let kernel = '';
  let initrd = '';
  beforeAll(async () => {
    await warmCpu();
    dir = tempDir('kargs');
    kernel = (await buildImage('hello_el2', dir)).img;
    initrd = path.join(dir, 'initrd.img');
    fs.writeFileSync(initrd, Buffer.alloc(300_001, 0x5a));
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  const CASES: Array<{ what: string; variant: 'pi3' | 'bare' | 'cells2'; append?: string; initrd?: boolean }> = [
    { what: 'Pi 3 shaped tree, no arguments', variant: 'pi3' },
    { what: 'Pi 3 shaped tree, -append and -initrd', variant: 'pi3', append: 'console=ttyS1,115200 earlycon rdinit=/init', initrd: true },
    { what: 'no /memory and no /chosen', variant: 'bare', append: 'quiet', initrd: true },
    { what: '2-cell addresses', variant: 'cells2', initrd: true },
  ];
  for (const c of CASES) {
    it(`${c.what}: our tree and address equal QEMU's`, async () => {
      const dtb = path.join(dir, `${c.variant}.dtb`);
      fs.writeFileSync(dtb, sampleDtb(c.variant));
      const extra = [...(c.append !== undefined ? ['-append', c.append] : []), ...(c.initrd ? ['-initrd', initrd] : [])];
      const plan = planKernelBoot(kernel, { dtb, append: c.append, initrd: c.initrd ? initrd : undefined, ramBytes: RAM_BYTES });
      const ours = plan.loads.find((l) => l.what === 'device tree')!;
      const theirs = await qemuDtb(dir, kernel, dtb, extra);
      expect(dumpDtb(ours.bytes)).toBe(dumpDtb(theirs));
      expect(dumpDtb(ours.bytes)).toContain('/memory@0 reg = ');
      // The address QEMU passes in x0 (hello_el2 prints it)
      const q = await qemuTranscript(['-kernel', kernel, '-dtb', dtb, ...extra]);
      expect(q).toContain(`x0=${ours.addr.toString(16).padStart(8, '0')}`);
    });
  }

  it('the CLI passes --append/--initrd through (x0 as under QEMU), and refuses them for ELF kernels and SD boots', async () => {
    const dtb = path.join(dir, 'pi3.dtb');
    fs.writeFileSync(dtb, sampleDtb('pi3'));
    const r = await execa('node', [CLI, 'run', '--kernel', kernel, '--dtb', dtb, '--append', 'x', '--initrd', initrd, '--until', 'core 1'], { reject: false, timeout: 110_000 });
    expect(r.exitCode).toBe(0);
    const q = await qemuTranscript(['-kernel', kernel, '-dtb', dtb, '-append', 'x', '-initrd', initrd]);
    const x0 = /x0=[0-9a-f]+/.exec(q)![0];
    expect(r.stdout).toContain(x0);
    const elf = (await buildImage('el_levels', dir)).elf;
    const e = await execa('node', [CLI, 'run', '--kernel', elf, '--append', 'x'], { reject: false, timeout: 60_000 });
    expect(e.exitCode).toBe(1);
    expect(e.stderr).toMatch(/--append and --initrd apply to raw kernel images/);
  });

  it('an arm64 Linux Image (ARM\\x64 header) runs at 2 MiB + text_offset, as under QEMU', async () => {
    const obj = await assembleToObject(path.join(IMAGES_DIR, 'hello_el2.S'), { includeDirs: [IMAGES_DIR] });
    const body = link([{ name: 'h.o', bytes: obj }], { base: 0x200040n }).binary;
    const img = Buffer.alloc(64 + body.length);
    img.writeUInt32LE(0x14000010, 0); // b +64
    img.writeBigUInt64LE(0n, 8); // text_offset
    img.writeBigUInt64LE(BigInt(img.length + 0x10000), 16); // image_size (with bss)
    img.write('ARM\x64', 56, 'latin1');
    Buffer.from(body).copy(img, 64);
    const f = path.join(dir, 'Image');
    fs.writeFileSync(f, img);
    const q = await qemuTranscript(['-kernel', f]);
    expect(q).toContain('hello from EL2, x0=00000100\ncore 1 up');
    const r = await execa('node', [CLI, 'run', '--kernel', f, '--until', 'core 3 up'], { reject: false, timeout: 110_000 });
    expect(r.stdout).toContain(q.slice(0, q.indexOf('core 3 up') + 9));
  });

  it('SD boot: cmdline.txt, `initramfs FILE followkernel` and the Pi 3 tree on the partition are handed over as the firmware does', () => {
    const files: Record<string, Uint8Array> = {
      'config.txt': Buffer.from('arm_64bit=1\nenable_uart=1\ninitramfs initrd.img followkernel\n'),
      'kernel8.img': new Uint8Array(0x12345),
      'cmdline.txt': Buffer.from('console=serial0,115200 root=/dev/mmcblk0p2\n'),
      'initrd.img': new Uint8Array(5000),
      'bcm2710-rpi-3-b.dtb': sampleDtb('pi3'),
    };
    const vol: BootVolume = {
      name: 'sd.img',
      stat: (p) => (files[p] ? { isDir: false, size: files[p].length } : undefined),
      readFile: (p) => files[p],
    };
    const plan = planSdBoot(vol, { ramBytes: RAM_BYTES });
    const dt = plan.loads.find((l) => l.what === 'device tree')!;
    const rd = plan.loads.find((l) => l.what === 'initramfs')!;
    expect(rd.addr).toBe(0x93000); // after the kernel (0x80000 + 0x12345), page-aligned
    const d = dumpDtb(dt.bytes);
    const hex = (s: string) => Buffer.from(s + '\0').toString('hex');
    expect(d).toContain(`/chosen bootargs = ${hex('console=serial0,115200 root=/dev/mmcblk0p2')}`);
    expect(d).toContain('/chosen linux,initrd-start = 00093000');
    expect(d).toContain(`/chosen linux,initrd-end = ${(0x93000 + 5000).toString(16).padStart(8, '0')}`);
    expect(d).toContain('/memory@0 reg = 000000003c000000'); // 960 MiB: 1 GiB less gpu_mem=64
    expect(dt.addr % 0x10000).toBe(0);
    expect(dt.addr).toBeGreaterThanOrEqual(rd.addr + 5000);
    // x0 of core 0 (the loader's literal at 0x18) is the tree's address
    const lit = plan.loads.find((l) => l.addr === 0x18)!;
    expect(Number(Buffer.from(lit.bytes).readBigUInt64LE(0))).toBe(dt.addr);
  });
});
