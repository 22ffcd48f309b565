// What a boot loader hands a kernel besides the image: the device tree edited as the Pi
// firmware and QEMU's arm_load_dtb do (/memory = the ARM's share of RAM, /chosen/bootargs,
// linux,initrd-start/end), or without a tree QEMU's ATAGS at 0x100; and where the pieces go.
import { UserError } from '../../common/diagnostics.ts';
import { parseFdt, writeFdt, child, setProp, cellProp, cellsValue, stringValue, type FdtNode } from './fdt.ts';

/** The ARM's memory as the firmware (gpu_mem=64 on a 1 GiB Pi 3) and QEMU's raspi3b report it. */
export const ARM_MEMORY_BYTES = (1 << 30) - (64 << 20);

export interface KernelArgs {
  cmdline?: string;
  initrd?: { addr: number; size: number };
}

/** The tree with /memory@0 set to the ARM memory and /chosen filled in (QEMU: the old memory
 *  nodes are dropped and one new node added first under the root). */
export function patchDtb(blob: Uint8Array, file: string, args: KernelArgs, like: 'qemu' | 'firmware' = 'firmware'): Uint8Array {
  const t = parseFdt(blob, file);
  const root = t.root;
  const ac = cellProp(root, '#address-cells', 2), sc = cellProp(root, '#size-cells', 1);
  root.children = root.children.filter((c) => c.name !== 'memory' && !c.name.startsWith('memory@'));
  const mem: FdtNode = {
    name: 'memory@0',
    props: [
      { name: 'reg', value: cellsValue([ac, 0], [sc, ARM_MEMORY_BYTES]) },
      { name: 'device_type', value: stringValue('memory') },
    ],
    children: [],
  };
  root.children.unshift(mem);
  let chosen = child(root, 'chosen');
  // QEMU adds the memory node, then a missing /chosen, each as the first child
  if (!chosen) { chosen = { name: 'chosen', props: [], children: [] }; root.children.unshift(chosen); }
  if (args.cmdline !== undefined) setProp(chosen, 'bootargs', stringValue(args.cmdline));
  if (args.initrd) {
    // one cell each, as QEMU 7.2 and the firmware write them (Linux reads either size)
    setProp(chosen, 'linux,initrd-start', cellsValue([1, args.initrd.addr]));
    setProp(chosen, 'linux,initrd-end', cellsValue([1, args.initrd.addr + args.initrd.size]));
  }
  // QEMU's load_device_tree opens the file into (size + 10000) * 2 bytes and hands the guest
  // that whole buffer (Linux reserves it: 36 KiB more "reserved" in its Memory: line)
  return writeFdt(t, like === 'qemu' ? (blob.length + 10000) * 2 : 0);
}

/** QEMU's ATAGS (hw/arm/boot.c set_kernel_args) for a boot without a device tree. */
export function atags(args: KernelArgs): Uint8Array {
  const w: number[] = [5, 0x54410001, 1, 0x1000, 0]; // ATAG_CORE: flags, page size, root dev
  w.push(4, 0x54410002, ARM_MEMORY_BYTES, 0); // ATAG_MEM: size, start
  if (args.initrd) w.push(4, 0x54420005, args.initrd.addr, args.initrd.size); // ATAG_INITRD2
  if (args.cmdline) {
    const s = Buffer.from(args.cmdline + '\0', 'latin1');
    const n = (s.length + 3) >> 2;
    w.push(2 + n, 0x54410009);
    for (let i = 0; i < n; i++) w.push(wordAt(s, i * 4));
  }
  w.push(0, 0); // ATAG_NONE
  const b = new Uint8Array(w.length * 4);
  const dv = new DataView(b.buffer);
  w.forEach((x, i) => dv.setUint32(i * 4, x >>> 0, true));
  return b;
}

function wordAt(s: Buffer, o: number): number {
  return (s[o] ?? 0) | ((s[o + 1] ?? 0) << 8) | ((s[o + 2] ?? 0) << 16) | ((s[o + 3] ?? 0) << 24);
}

/** An arm64 Linux Image header (Documentation/arch/arm64/booting.rst): text_offset and
 *  image_size when the image has the "ARM\x64" magic and a non-zero size. */
export function linuxImageHeader(b: Uint8Array): { textOffset: number; imageSize: number } | undefined {
  if (b.length < 64 || b[56] !== 0x41 || b[57] !== 0x52 || b[58] !== 0x4d || b[59] !== 0x64) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const imageSize = Number(dv.getBigUint64(16, true));
  if (imageSize === 0) return undefined; // kernels before 3.17: loaded like any raw image
  return { textOffset: Number(dv.getBigUint64(8, true)), imageSize };
}

/** QEMU's placement: the initrd at 128 MiB (or above the kernel), page-aligned; the tree after
 *  it on a 2 MiB boundary (early arm64 kernels map the 2 MiB around it). */
export function placeAfterKernel(kernelEnd: number, initrdSize: number): { initrd: number; dtb: number } {
  const page = 0x1000, mib2 = 2 << 20;
  const initrd = Math.ceil(Math.max(Math.min(ARM_MEMORY_BYTES / 2, 128 << 20), kernelEnd) / page) * page;
  return { initrd, dtb: Math.ceil((initrd + initrdSize) / mib2) * mib2 };
}

export function checkCmdline(text: string, what: string): string {
  if (text.includes('\0')) throw new UserError(`${what}: the kernel command line may not contain a NUL byte`);
  return text;
}
