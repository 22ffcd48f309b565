// Builds the conformance images (test/emu-machine/images/*.S) with our assembler and linker,
// and runs them under qemu-system-aarch64 -M raspi3b (the oracle) and under raspvisor.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleToObject } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';

export const IMAGES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');

export interface Conformance {
  name: string;
  /** ELF images start every core at EL3 (QEMU's bare-metal ELF boot); raw ones at EL2. */
  format: 'elf' | 'raw';
  input?: string;
  /** Send the input once the guest has printed this (both under QEMU and raspvisor). */
  inputAfter?: string;
  sd?: boolean;
  /** The UART whose transcript is compared (QEMU: PL011 is serial 0, mini-UART serial 1). */
  uart?: 'mini' | 'pl011';
}

export const CONFORMANCE: Conformance[] = [
  { name: 'hello_el2', format: 'raw' },
  { name: 'uart_preset', format: 'raw' },
  { name: 'el_levels', format: 'elf' },
  { name: 'systimer_irq', format: 'raw' },
  { name: 'local_timer_irq', format: 'raw' },
  { name: 'uart_rx_irq', format: 'raw', input: 'abc.', inputAfter: 'ready\n' },
  { name: 'sd_read', format: 'raw', sd: true },
  { name: 'stage2_mmio', format: 'raw' },
  { name: 'mailbox_props', format: 'raw' },
  { name: 'ipi_fiq', format: 'raw' },
  { name: 'gpio_regs', format: 'raw' },
  { name: 'uart_tx_irq', format: 'raw' },
  { name: 'pl011_irq', format: 'raw', input: 'xy.', inputAfter: 'ready\n', uart: 'pl011' },
];

export interface BuiltImage { elf: string; img: string; assembler: 'raspvisor' }

export async function buildImage(name: string, outDir: string): Promise<BuiltImage> {
  const obj = await assembleToObject(path.join(IMAGES_DIR, `${name}.S`), { includeDirs: [IMAGES_DIR] });
  const r = link([{ name: `${name}.o`, bytes: obj }], { base: 0x80000n });
  const elf = path.join(outDir, `${name}.elf`);
  const img = path.join(outDir, `${name}.img`);
  fs.writeFileSync(elf, r.elf);
  fs.writeFileSync(img, r.binary);
  return { elf, img, assembler: 'raspvisor' };
}

/** A 1 MiB card (QEMU wants a power-of-two size): an MBR with one FAT32-LBA entry at 2048,
 *  then every 32-bit word of block b at byte i holding (b * 0x01000193) ^ (i * 0x9e3779b1). */
export function knownSdImage(file: string): void {
  const img = Buffer.alloc(1 << 20);
  img[0x1be + 4] = 0x0c;
  img.writeUInt32LE(2048, 0x1be + 8);
  img[510] = 0x55;
  img[511] = 0xaa;
  for (let b = 1; b < 2048; b++) {
    for (let i = 0; i < 512; i += 4) img.writeUInt32LE((Math.imul(b, 0x01000193) ^ Math.imul(i, 0x9e3779b1)) >>> 0, b * 512 + i);
  }
  fs.writeFileSync(file, img);
}

/** Compile (or load the cached) CPU core once, inside a hook with the long hook timeout: the
 *  first run after the core's sources change builds its wasm, which takes a while. */
export async function warmCpu(): Promise<void> {
  const { loadCpuModule } = await import('../../tools/emu/machine/launch.ts');
  const { createCpu } = await loadCpuModule();
  await createCpu({ cores: 1, ramBytes: 1 << 20 });
}

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `raspvisor-${tag}-`));
}

/** The mini-UART transcript under QEMU (its second serial port); -no-reboot ends the run at
 *  the images' watchdog reset. Input goes through a pipe once `inputAfter` has been printed. */
export async function runQemu(kernel: string, opts: { sd?: string; input?: string; inputAfter?: string; timeoutMs?: number; uart?: 'mini' | 'pl011' } = {}): Promise<string> {
  const serial = opts.uart === 'pl011' ? ['-serial', 'stdio', '-serial', 'null'] : ['-serial', 'null', '-serial', 'stdio'];
  const args = ['-M', 'raspi3b', '-kernel', kernel, ...serial, '-display', 'none', '-no-reboot', '-monitor', 'none'];
  if (opts.sd) args.push('-drive', `file=${opts.sd},if=sd,format=raw`);
  const child = execa('qemu-system-aarch64', args, { reject: false, timeout: opts.timeoutMs ?? 30_000, stdin: 'pipe', stripFinalNewline: false });
  if (opts.input !== undefined) {
    let seen = '';
    let sent = false;
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      if (!sent && seen.includes(opts.inputAfter ?? '')) { sent = true; child.stdin?.write(opts.input!); }
    });
  }
  const r = await child;
  return String(r.stdout);
}
