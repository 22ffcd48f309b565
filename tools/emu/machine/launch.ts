// Everything `raspvisor run` does before the first instruction: open the SD image (and check
// it), plan the boot, create the CPU core and the machine, load RAM.
import * as fs from 'node:fs';
import { UserError } from '../../common/diagnostics.ts';
import { ImageFileStore, BLOCK } from '../devices/sd-card.ts';
import { planKernelBoot, planSdBoot, type BootPlan, type BootVolume } from './boot.ts';
import type { CpuPort, StopReasons } from './cpu-port.ts';
import { Machine, type UartId } from './machine.ts';
import { Bus } from './bus.ts';
import { RAM_BYTES } from './memory-map.ts';

export interface LaunchOptions {
  image?: string; // positional sdcard.img: boot from it, and it is the SD card
  kernel?: string;
  sd?: string;
  dtb?: string;
  append?: string;
  initrd?: string;
  realtime?: boolean;
  quantum?: number;
  onOutput?: (byte: number, uart: UartId) => void;
  jit?: boolean;   // translate hot guest code (undefined: the core's default, on unless RASPVISOR_JIT=0)
  jitHot?: number; // entries before a page is translated (tests: 1)
}

function openImageFd(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e: any) {
    throw new UserError(`${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message}`);
  }
  const st = fs.fstatSync(fd);
  if (st.isDirectory()) { fs.closeSync(fd); throw new UserError(`${file}: is a directory`); }
  if (st.size < BLOCK) { fs.closeSync(fd); throw new UserError(`${file}: SD image is ${st.size} bytes, smaller than one 512-byte block`, { offset: { file, offset: st.size } }); }
  return { fd, size: st.size };
}

/** Check that the MBR's partitions lie inside the image (a truncated download or copy). */
function checkNotTruncated(file: string, fd: number, size: number): void {
  const mbr = Buffer.alloc(512);
  fs.readSync(fd, mbr, 0, 512, 0);
  if (mbr[510] !== 0x55 || mbr[511] !== 0xaa) return; // not an MBR: the FAT reader will say what it is
  for (let i = 0; i < 4; i++) {
    const e = 446 + 16 * i;
    const type = mbr[e + 4];
    const start = mbr.readUInt32LE(e + 8);
    const count = mbr.readUInt32LE(e + 12);
    if (type === 0 || count === 0) continue;
    const end = (start + count) * 512;
    if (end > size) {
      throw new UserError(`SD image is truncated: partition ${i + 1} ends at byte ${end} but the image has only ${size} bytes`, { offset: { file, offset: e + 8 } });
    }
  }
}

async function openBootVolume(file: string): Promise<BootVolume & { close(): void }> {
  const { openFat32Image } = await import('../../../sdcard/index.ts');
  const img = openFat32Image(file, { name: file });
  return {
    name: file,
    stat: (p) => img.stat(p),
    readFile: (p) => img.readFile(p),
    close: () => img.close(),
  };
}

export async function loadCpuModule(): Promise<{ createCpu: (o: any) => Promise<CpuPort>; StopReason: StopReasons }> {
  // Resolved at run time: the core is built separately (tools/emu/cpu.ts, issue 3).
  const mod: any = await import(new URL('../cpu.ts', import.meta.url).href);
  return { createCpu: mod.createCpu, StopReason: mod.StopReason };
}

export async function launch(o: LaunchOptions): Promise<{ machine: Machine; plan: BootPlan }> {
  if (o.image && o.kernel) throw new UserError('give either an SD image to boot or --kernel FILE (with --sd IMAGE for the card), not both');
  if (o.image && o.sd) throw new UserError('the SD image to boot is also the card: --sd is only for --kernel boots');
  if (o.image && (o.append !== undefined || o.initrd)) throw new UserError('--append and --initrd are for --kernel boots; an SD boot reads them from cmdline.txt and config.txt (initramfs FILE followkernel)');
  if (!o.image && !o.kernel) throw new UserError('nothing to run: give an SD image (raspvisor run sdcard.img) or --kernel FILE');
  const sdFile = o.image ?? o.sd;
  let store: ImageFileStore | null = null;
  let plan: BootPlan;
  if (sdFile) {
    const { fd, size } = openImageFd(sdFile);
    checkNotTruncated(sdFile, fd, size);
    store = new ImageFileStore(fd, size);
  }
  if (o.image) {
    const vol = await openBootVolume(o.image);
    try {
      plan = planSdBoot(vol, { dtb: o.dtb, ramBytes: RAM_BYTES });
    } finally {
      vol.close();
    }
  } else {
    plan = planKernelBoot(o.kernel!, { dtb: o.dtb, append: o.append, initrd: o.initrd, ramBytes: RAM_BYTES });
  }
  const { createCpu, StopReason } = await loadCpuModule();
  const bus = new Bus();
  const cpu = await createCpu({ cores: 4, ramBytes: RAM_BYTES, bus, jit: o.jit, jitHot: o.jitHot });
  const machine = new Machine({ cpu, stop: StopReason, bus, sd: store, realtime: o.realtime, quantum: o.quantum, onOutput: o.onOutput });
  machine.boot(plan);
  return { machine, plan };
}
