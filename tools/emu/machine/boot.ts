// Getting a kernel into RAM and the cores into their first state, two ways:
//  - like QEMU's `-kernel` on raspi3b: a raw image at 0x80000 with core 0 starting in a tiny
//    loader at 0 that jumps to it with x0 = 0x100, cores 1-3 in the spin-table loop at 0x300
//    polling 0xd8 + 8 * core, all at EL2; an ELF file at its own addresses with all four
//    cores at its entry in EL3 (QEMU boots an ELF as bare metal, not as Linux);
//  - like the Pi firmware from an SD image: config.txt on the first FAT partition decides the
//    file (kernel=, default kernel8.img), its address (kernel_address, kernel_old=1 -> 0) and
//    the entry (EL2 through the armstub, or with kernel_old=1 every core at 0 in EL3).
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../../common/diagnostics.ts';
import { readFileOrFail } from '../../common/files.ts';
import { parseConfigTxt, type BootConfig } from './config-txt.ts';
import { BOOT } from './memory-map.ts';
import { atags, checkCmdline, linuxImageHeader, patchDtb, placeAfterKernel, type KernelArgs } from './kernel-args.ts';

export interface CoreStart {
  pc: number;
  el: 2 | 3;
  x: [number, number, number, number];
}

export interface BootPlan {
  /** Blobs to copy into RAM. */
  loads: { addr: number; bytes: Uint8Array; what: string }[];
  cores: CoreStart[];
  /** Firmware-set state: GPIO 14/15 to the mini-UART and the UART enabled (enable_uart=1). */
  enableUart: boolean;
  description: string;
  config?: BootConfig;
}

/** A64 words of the loaders QEMU writes for raspi3b (hw/arm/raspi.c and boot.c); tiny and fixed. */
const PRIMARY_LOADER = [
  0x580000c0, // ldr x0, 0x18   (x0 = device tree / ATAGS address)
  0xaa1f03e1, // mov x1, xzr
  0xaa1f03e2, // mov x2, xzr
  0xaa1f03e3, // mov x3, xzr
  0x58000084, // ldr x4, 0x20   (x4 = kernel entry)
  0xd61f0080, // br x4
];
const SECONDARY_SPIN = [
  0xd2801b05, // mov x5, #0xd8          spin table base
  0xd53800a6, // mrs x6, mpidr_el1
  0x924004c6, // and x6, x6, #3
  0xd503205f, // 1: wfe
  0xf86678a4, // ldr x4, [x5, x6, lsl #3]
  0xb4ffffc4, // cbz x4, 1b
  0xd2800000, // mov x0, #0
  0xd2800001, // mov x1, #0
  0xd2800002, // mov x2, #0
  0xd2800003, // mov x3, #0
  0xd61f0080, // br x4
];

function words(ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  return b;
}

function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
  return b;
}

/** The loaders at 0 and 0x300 and the zeroed spin table; core 0 enters at 0, others at 0x300. */
function stubLoads(entry: number, x0: number): BootPlan['loads'] {
  return [
    { addr: 0, bytes: words(PRIMARY_LOADER), what: 'boot loader' },
    { addr: 0x18, bytes: u64(x0), what: 'boot loader' },
    { addr: 0x20, bytes: u64(entry), what: 'boot loader' },
    { addr: BOOT.SPIN_TABLE, bytes: new Uint8Array(32), what: 'spin table' },
    { addr: BOOT.SECONDARY_STUB, bytes: words(SECONDARY_SPIN), what: 'secondary spin loop' },
  ];
}

function el2Cores(): CoreStart[] {
  return [0, 1, 2, 3].map((c) => ({ pc: c === 0 ? 0 : BOOT.SECONDARY_STUB, el: 2 as const, x: [0, 0, 0, 0] as [number, number, number, number] }));
}

/** armstub8.S's marker at offset 0xf0 that tells the firmware where to patch in its values. */
const ARMSTUB_MAGIC = 0x5afe570b;

interface LoadedImage {
  segments: { addr: number; bytes: Uint8Array }[];
  entry: number;
  kind: 'raw' | 'ELF';
}

/** A raw image at `addr`, or an ELF64 AArch64 executable's PT_LOAD segments at their physical addresses. */
export function loadKernelImage(bytes: Uint8Array, file: string, addr: number): LoadedImage {
  if (bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return loadElf(bytes, file);
  if (bytes.length === 0) throw new UserError(`${file}: the kernel file is empty`);
  return { segments: [{ addr, bytes }], entry: addr, kind: 'raw' };
}

function loadElf(b: Uint8Array, file: string): LoadedImage {
  const fail = (msg: string, offset: number): never => { throw new UserError(msg, { offset: { file, offset } }); };
  if (b.length < 64) fail('truncated ELF header', b.length);
  if (b[4] !== 2) fail('not a 64-bit ELF file (EI_CLASS is not ELFCLASS64)', 4);
  if (b[5] !== 1) fail('not a little-endian ELF file', 5);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint16(18, true) !== 183) fail(`not an AArch64 ELF file (e_machine ${dv.getUint16(18, true)}, expected 183)`, 18);
  const entry = Number(dv.getBigUint64(24, true));
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phnum === 0) fail('ELF file has no program headers (is it an object file rather than an executable?)', 56);
  if (phoff + phnum * phentsize > b.length) fail('program header table runs past the end of the file', 32);
  const segments: LoadedImage['segments'] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, true) !== 1) continue; // PT_LOAD
    const off = Number(dv.getBigUint64(ph + 8, true));
    const paddr = Number(dv.getBigUint64(ph + 24, true));
    const filesz = Number(dv.getBigUint64(ph + 32, true));
    const memsz = Number(dv.getBigUint64(ph + 40, true));
    if (off + filesz > b.length) fail(`segment ${i} runs past the end of the file`, ph + 8);
    const seg = new Uint8Array(memsz);
    seg.set(b.subarray(off, off + filesz));
    segments.push({ addr: paddr, bytes: seg });
  }
  return { segments, entry, kind: 'ELF' };
}

function checkFits(loads: BootPlan['loads'], ramBytes: number, file: string): void {
  for (const l of loads) {
    if (l.addr < 0 || l.addr + l.bytes.length > ramBytes) {
      throw new UserError(
        `${file}: ${l.what} does not fit in RAM: it needs 0x${l.addr.toString(16)}..0x${(l.addr + l.bytes.length).toString(16)}, RAM is 0..0x${ramBytes.toString(16)} (${ramBytes >> 20} MiB)`,
      );
    }
  }
}

function readDtb(dtbFile: string, bytes?: Uint8Array): Uint8Array {
  const dtb = bytes ?? readFileOrFail(dtbFile);
  if (dtb.length < 4 || Buffer.from(dtb.buffer, dtb.byteOffset, 4).readUInt32BE(0) !== 0xd00dfeed) throw new UserError(`${dtbFile}: not a device tree blob (no 0xd00dfeed magic)`, { offset: { file: dtbFile, offset: 0 } });
  return dtb;
}

/** The tree after everything loaded so far, on a 64 KiB boundary (the firmware path). */
function placeDtb(loads: BootPlan['loads'], dtb: Uint8Array | undefined): number | undefined {
  if (!dtb) return undefined;
  const end = Math.max(...loads.map((l) => l.addr + l.bytes.length));
  const addr = Math.ceil(end / 0x10000) * 0x10000;
  loads.push({ addr, bytes: dtb, what: 'device tree' });
  return addr;
}

export interface KernelBootOptions {
  dtb?: string;
  ramBytes: number;
  /** --append: the kernel command line (/chosen/bootargs, or ATAG_CMDLINE without a tree). */
  append?: string;
  /** --initrd: a file loaded after the kernel and described in /chosen (or ATAG_INITRD2). */
  initrd?: string;
}

/** `raspvisor run --kernel FILE`: the QEMU -kernel boot. */
export function planKernelBoot(file: string, opts: KernelBootOptions): BootPlan {
  // Refuse an impossible size before reading the whole file.
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size !== undefined && size > opts.ramBytes) {
    throw new UserError(`${file}: kernel of ${size} bytes is larger than the ${opts.ramBytes >> 20} MiB of RAM below the peripherals`);
  }
  let bytes: Uint8Array = readFileOrFail(file);
  // A gzip-compressed image (Debian's vmlinuz) is unpacked first, as QEMU's loader does
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try { bytes = gunzipSync(bytes); } catch (e: any) { throw new UserError(`${file}: gzip-compressed kernel does not unpack: ${e.message}`, { offset: { file, offset: 0 } }); }
  }
  // An arm64 Linux Image goes where QEMU puts it: 2 MiB + text_offset (its loader owns the
  // first 4 KiB); anything else raw at 0x80000.
  const linux = linuxImageHeader(bytes);
  const base = linux ? (linux.textOffset < 0x1000 ? linux.textOffset + 0x200000 : linux.textOffset) : BOOT.KERNEL8_ADDR;
  const img = loadKernelImage(bytes, file, base);
  const loads: BootPlan['loads'] = img.segments.map((s) => ({ addr: s.addr, bytes: s.bytes, what: 'kernel' }));
  checkFits(loads, opts.ramBytes, file);
  if (img.kind === 'ELF') {
    // QEMU treats an ELF as a bare-metal image, not a Linux kernel: every core starts at its
    // entry in the reset state, EL3, with no loader and no spin table.
    if (opts.dtb) throw new UserError(`--dtb applies to raw kernel images; ${file} is an ELF file that starts at EL3 without one`);
    if (opts.append !== undefined || opts.initrd) throw new UserError(`--append and --initrd apply to raw kernel images; ${file} is an ELF file, booted as bare metal without them`);
    return {
      loads,
      cores: [0, 1, 2, 3].map(() => ({ pc: img.entry, el: 3 as const, x: [0, 0, 0, 0] as [number, number, number, number] })),
      enableUart: false,
      description: `ELF kernel ${file}, entry 0x${img.entry.toString(16)}, all cores at EL3 (as QEMU -kernel with an ELF)`,
    };
  }
  const args: KernelArgs = { cmdline: opts.append === undefined ? undefined : checkCmdline(opts.append, '--append') };
  const kernelEnd = base + Math.max(bytes.length, linux?.imageSize ?? 0);
  const initrd = opts.initrd ? readFileOrFail(opts.initrd) : undefined;
  const at = placeAfterKernel(kernelEnd, initrd?.length ?? 0);
  if (initrd) {
    args.initrd = { addr: at.initrd, size: initrd.length };
    loads.push({ addr: at.initrd, bytes: initrd, what: 'initrd' });
    checkFits(loads, opts.ramBytes, opts.initrd!);
  }
  let x0: number = BOOT.QEMU_ATAGS_ADDR;
  if (opts.dtb) {
    x0 = at.dtb;
    loads.push({ addr: at.dtb, bytes: patchDtb(readDtb(opts.dtb), opts.dtb, args, 'qemu'), what: 'device tree' });
  }
  loads.unshift(...stubLoads(img.entry, x0));
  if (!opts.dtb) {
    const tags = atags(args);
    if (tags.length > BOOT.SECONDARY_STUB - BOOT.QEMU_ATAGS_ADDR) throw new UserError(`--append: a command line of ${args.cmdline!.length} bytes does not fit in the ATAGS below 0x300 (give a --dtb)`);
    loads.push({ addr: BOOT.QEMU_ATAGS_ADDR, bytes: tags, what: 'ATAGS' });
  }
  checkFits(loads, opts.ramBytes, opts.dtb ?? file);
  return {
    loads,
    cores: el2Cores(),
    // QEMU's mini-UART works without set-up, as the firmware leaves it with enable_uart=1.
    enableUart: true,
    description: `${linux ? 'Linux' : img.kind} kernel ${file} at 0x${base.toString(16)}, entry 0x${img.entry.toString(16)}, EL2, x0 = 0x${x0.toString(16)}${initrd ? `, initrd at 0x${at.initrd.toString(16)}` : ''}`,
  };
}

/** config.txt's initramfs (`initramfs FILE [ADDR|followkernel]`, or ramfsfile=/ramfsaddr=),
 *  cmdline.txt (cmdline=) and device tree (device_tree=, else the Pi 3 B tree on the partition,
 *  else --dtb): the tree gets /memory and /chosen as the firmware writes them. */
function firmwareDtb(vol: BootVolume, cfg: BootConfig, dtbFile: string | undefined, loads: BootPlan['loads'], kernelEnd: number): Uint8Array | undefined {
  const file = (name: string, key: string): Uint8Array => {
    const e = vol.stat(name);
    if (!e || e.isDir) throw new UserError(`${vol.name}:config.txt:${cfg.where.get(key) ?? 1}: ${key} names ${name}: no such file on the boot partition`);
    return vol.readFile(name);
  };
  const args: KernelArgs = {};
  const cmdName = cfg.options.get('cmdline') ?? 'cmdline.txt';
  const cmdEntry = vol.stat(cmdName);
  if (cmdEntry && !cmdEntry.isDir) args.cmdline = checkCmdline(Buffer.from(vol.readFile(cmdName)).toString('latin1').replace(/\r?\n[\s\S]*$/, '').trim(), `${vol.name}:${cmdName}`);
  else if (cfg.options.has('cmdline')) file(cmdName, 'cmdline');
  if (cfg.initramfs) {
    const bytes = file(cfg.initramfs.file, 'initramfs');
    const a = cfg.initramfs.addr ?? Math.ceil(kernelEnd / 0x1000) * 0x1000;
    loads.push({ addr: a, bytes, what: 'initramfs' });
    args.initrd = { addr: a, size: bytes.length };
  }
  let dtb: Uint8Array | undefined;
  let dtbName: string;
  if (dtbFile) { dtb = readDtb(dtbFile); dtbName = dtbFile; }
  else {
    const name = cfg.deviceTree ?? ['bcm2710-rpi-3-b.dtb', 'bcm2837-rpi-3-b.dtb'].find((n) => vol.stat(n) && !vol.stat(n)!.isDir);
    if (!name) return undefined;
    dtbName = `${vol.name}:${name}`;
    dtb = readDtb(dtbName, file(name, 'device_tree'));
  }
  return patchDtb(dtb, dtbName, args);
}

export interface BootVolume {
  name: string;
  stat(p: string): { isDir: boolean; size: number } | undefined;
  readFile(p: string): Uint8Array;
}

/** Boot from the FAT partition of an SD image like start.elf + armstub8 on a Pi 3. */
export function planSdBoot(vol: BootVolume, opts: { dtb?: string; ramBytes: number }): BootPlan {
  const cfgEntry = vol.stat('config.txt');
  const cfg = cfgEntry && !cfgEntry.isDir ? parseConfigTxt(Buffer.from(vol.readFile('config.txt')).toString('latin1'), `${vol.name}:config.txt`) : parseConfigTxt('');
  if (!cfg.arm64) {
    throw new UserError(`${vol.name}:config.txt:${cfg.where.get('arm_64bit') ?? 1}: arm_64bit=0 asks for a 32-bit kernel; the emulator runs AArch64 kernels only (set arm_64bit=1)`);
  }
  const name = cfg.kernel ?? 'kernel8.img';
  const entry = vol.stat(name);
  if (!entry || entry.isDir) {
    const line = cfg.where.get('kernel');
    throw new UserError(
      line ? `${vol.name}:config.txt:${line}: kernel=${name}: no such file on the boot partition` : `${vol.name}: no ${name} on the boot partition (and config.txt names no other kernel)`,
    );
  }
  const addr = cfg.kernelOld ? 0 : (cfg.kernelAddress ?? BOOT.KERNEL8_ADDR);
  const where = `${vol.name}:${name}`;
  if (addr + entry.size > opts.ramBytes) {
    throw new UserError(`${where}: kernel of ${entry.size} bytes at 0x${addr.toString(16)} does not fit in RAM (${opts.ramBytes >> 20} MiB)`);
  }
  // The firmware loads the file as raw bytes, whatever it contains.
  const bytes = vol.readFile(name);
  const loads: BootPlan['loads'] = [{ addr, bytes, what: 'kernel' }];
  checkFits(loads, opts.ramBytes, where);
  if (cfg.kernelOld) {
    return {
      loads,
      cores: [0, 1, 2, 3].map(() => ({ pc: 0, el: 3 as const, x: [0, 0, 0, 0] as [number, number, number, number] })),
      enableUart: cfg.enableUart,
      description: `${where} at 0x0 (kernel_old=1), all cores at EL3`,
      config: cfg,
    };
  }
  const dtbAddr = placeDtb(loads, firmwareDtb(vol, cfg, opts.dtb, loads, addr + entry.size));
  if (cfg.armStub) {
    // A custom Arm stub replaces the built-in one: loaded at 0, run by every core at EL3. If
    // it carries armstub8's magic at 0xf0, the firmware fills in the device tree address
    // (0xf8) and the kernel entry (0xfc) as 32-bit words.
    const stubEntry = vol.stat(cfg.armStub);
    if (!stubEntry || stubEntry.isDir) {
      throw new UserError(`${vol.name}:config.txt:${cfg.where.get('armstub')}: armstub=${cfg.armStub}: no such file on the boot partition`);
    }
    const stub = Uint8Array.from(vol.readFile(cfg.armStub));
    if (stub.length > addr) throw new UserError(`${vol.name}:${cfg.armStub}: the Arm stub (${stub.length} bytes) overlaps the kernel at 0x${addr.toString(16)}`);
    const dv = new DataView(stub.buffer);
    if (stub.length >= 0x100 && dv.getUint32(0xf0, true) === ARMSTUB_MAGIC) {
      dv.setUint32(0xf8, dtbAddr ?? 0, true);
      dv.setUint32(0xfc, addr, true);
    }
    loads.unshift({ addr: 0, bytes: stub, what: 'Arm stub' });
    return {
      loads,
      cores: [0, 1, 2, 3].map(() => ({ pc: 0, el: 3 as const, x: [0, 0, 0, 0] as [number, number, number, number] })),
      enableUart: cfg.enableUart,
      description: `${where} at 0x${addr.toString(16)}, Arm stub ${cfg.armStub} at 0 run by all cores at EL3`,
      config: cfg,
    };
  }
  loads.unshift(...stubLoads(addr, dtbAddr ?? 0));
  checkFits(loads, opts.ramBytes, where);
  return {
    loads,
    cores: el2Cores(),
    enableUart: cfg.enableUart,
    description: `${where} at 0x${addr.toString(16)}, EL2 through the armstub, cores 1-3 on the spin table`,
    config: cfg,
  };
}
