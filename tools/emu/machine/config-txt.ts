// config.txt as the Pi firmware reads it (raspberrypi.com "config.txt" documentation):
// `name=value` lines, `#` comments, and conditional sections of which a Pi 3 Model B applies
// [all], [pi3] and [none]-free ones. Only the options that decide how the kernel is loaded and
// entered matter to the emulator; the rest are kept for display.
import { UserError } from '../../common/diagnostics.ts';

export interface BootConfig {
  kernel?: string;
  arm64: boolean;
  /** armstub=FILE: the firmware loads it at 0 and starts every core there at EL3. */
  armStub?: string;
  kernelOld: boolean;
  kernelAddress?: number;
  enableUart: boolean;
  deviceTree?: string;
  /** `initramfs FILE [ADDR|followkernel]` (or ramfsfile= / ramfsaddr=); no address: after the kernel. */
  initramfs?: { file: string; addr?: number };
  /** Every option that applied, in order (last one wins). */
  options: Map<string, string>;
  /** file:line of each option, for error messages. */
  where: Map<string, number>;
}

/** Section filters that match a Raspberry Pi 3 Model B. */
const MATCHING_SECTIONS = new Set(['all', 'pi3', 'board-type=0x8', 'board-type=8']);

function parseNumber(text: string, file: string, line: number, name: string): number {
  const v = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^[0-9]+$/.test(text) ? parseInt(text, 10) : NaN;
  if (!Number.isFinite(v)) {
    throw new UserError(`${name}=${text}: not a number`, { loc: { file, line, col: name.length + 2, lineText: `${name}=${text}` } });
  }
  return v;
}

export function parseConfigTxt(text: string, file = 'config.txt'): BootConfig {
  const options = new Map<string, string>();
  const where = new Map<string, number>();
  let active = true;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      active = MATCHING_SECTIONS.has(section[1].trim().toLowerCase());
      return;
    }
    if (!active) return;
    // `initramfs` is the one option written with blanks instead of '='
    const ramfs = /^initramfs\s+(\S+)(?:\s+(\S+))?$/i.exec(line);
    if (ramfs) {
      options.set('initramfs', ramfs[1]);
      if (ramfs[2] && ramfs[2].toLowerCase() !== 'followkernel') options.set('ramfsaddr', ramfs[2]);
      else options.delete('ramfsaddr');
      where.set('initramfs', i + 1);
      where.set('ramfsaddr', i + 1);
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) return; // bare words (e.g. `include` without a file) are ignored like the firmware does
    const name = line.slice(0, eq).trim().toLowerCase();
    options.set(name, line.slice(eq + 1).trim());
    where.set(name, i + 1);
  });
  const num = (name: string): number | undefined => {
    const v = options.get(name);
    return v === undefined ? undefined : parseNumber(v, file, where.get(name)!, name);
  };
  const arm64 = options.has('arm_64bit') ? num('arm_64bit') !== 0 : options.has('arm_control') ? ((num('arm_control')! >> 9) & 1) === 1 : true;
  return {
    kernel: options.get('kernel'),
    arm64,
    armStub: options.get('armstub'),
    kernelOld: (num('kernel_old') ?? 0) !== 0,
    kernelAddress: num('kernel_address'),
    enableUart: (num('enable_uart') ?? 0) !== 0,
    deviceTree: options.get('device_tree'),
    initramfs: options.has('initramfs') || options.has('ramfsfile')
      ? { file: (options.get('initramfs') ?? options.get('ramfsfile'))!, addr: num('ramfsaddr') }
      : undefined,
    options,
    where,
  };
}
