// vms.txt checked when the card is made: the grammar of hypervisor/vm/manifest.ts (the parser the
// hypervisor runs at boot) with the same located messages, plus what only the build knows: the
// image files exist, each fits its VM's memory, and each entry lies inside its image.
// Keep the two in step; test/hypervisor-storage/manifest.test.ts runs both on every bad input.
import { UserError } from '../tools/common/diagnostics.ts';

export const MAX_VMS = 9;
const MAX_NAME = 16;
const MAX_IMAGE_PATH = 255;
const PERIPHERAL_IPA = 0x3f000000;
const MIN_MEMORY = 64 * 1024;
const PAGE = 4096;
const VM_RAM_TOTAL = 0x3c000000 - 0x800000 - 0x800000;
const MIN_SLICE_US = 100;
const MAX_SLICE_US = 10_000_000;
const MAX_ADDRESS = 0xff_ffff_ffff;

export interface VmLine {
  name: string;
  image: string;
  loadAddress: number;
  entry: number;
  memoryBytes: number;
  sliceMicros: number;
  cores: number;
  /** vCPUs, 1-4. */
  vcpus: number;
  line: number;
  /** 1-based columns of the fields, for messages. */
  columns: number[];
}

export class ManifestError extends Error {
  constructor(readonly file: string, readonly line: number, readonly col: number, readonly reason: string, readonly lineText?: string) {
    super(`${file}:${line}:${col}: error: ${reason}`);
  }
  toUserError(): UserError {
    return new UserError(this.reason, { loc: { file: this.file, line: this.line, col: this.col, lineText: this.lineText } });
  }
}

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const charText = (c: number) => (c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16).padStart(2, '0')}`);

/** Decimal or 0x-hex, at most 40 bits; undefined if malformed. */
export function parseNumber(s: string): number | undefined {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|([0-9]+))$/.exec(s);
  if (!m) return undefined;
  const v = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
  // Digit by digit in the AssemblyScript parser: any prefix above 40 bits fails the same way.
  return v > MAX_ADDRESS ? undefined : v;
}

export function parseSize(s: string): number | undefined {
  const u = 'KMG'.indexOf(s.slice(-1));
  const digits = u >= 0 && s.length > 0 ? s.slice(0, -1) : s;
  const n = parseNumber(digits);
  if (n === undefined) return undefined;
  const mult = u >= 0 ? 2 ** (10 * (u + 1)) : 1;
  if (u >= 0 && n > Math.floor(MAX_ADDRESS / mult)) return undefined;
  return n * mult;
}

export function parseDuration(s: string): number | undefined {
  const m = /^([0-9]+)(us|ms|s)$/.exec(s);
  if (!m) return undefined;
  const n = parseNumber(m[1]);
  if (n === undefined || n > 100_000_000_000) return undefined;
  return n * { us: 1, ms: 1000, s: 1_000_000 }[m[2] as 'us' | 'ms' | 's'];
}

export function sizeText(v: number): string {
  for (const [shift, unit] of [[30, 'G'], [20, 'M'], [10, 'K']] as const) if (v !== 0 && v % 2 ** shift === 0) return `${v / 2 ** shift}${unit}`;
  return String(v);
}

const MISSING = [
  '',
  'expected the image file after the name (e.g. echo.bin)',
  'expected the load address (e.g. 0x80000)',
  'expected the entry address (e.g. 0x80000)',
  'expected the memory size (e.g. 16M)',
  'expected the time slice (e.g. 10ms)',
];

/** The VMs of a manifest; throws ManifestError at the first mistake (as the hypervisor stops). */
export function parseManifest(text: string, file = 'vms.txt'): VmLine[] {
  const vms: VmLine[] = [];
  let total = 0;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fail = (col0: number, reason: string): never => {
      throw new ManifestError(file, lineNo, col0 + 1, reason, t);
    };
    const fields: { start: number; end: number; text: string }[] = [];
    let c = 0;
    while (c < t.length) {
      const ch = t.charCodeAt(c);
      if (ch === 0x20 || ch === 0x09) { c++; continue; }
      if (ch === 0x23) break;
      const start = c;
      while (c < t.length) {
        const k = t.charCodeAt(c);
        if (k === 0x20 || k === 0x09 || k === 0x23) break;
        if (k < 0x20 || k > 0x7e) fail(c, `unexpected character ${charText(k)} (the manifest is plain ASCII)`);
        c++;
      }
      if (fields.length === 8) fail(start, `unexpected '${t.slice(start, c)}': a VM line has at most 8 fields (name image load entry memory slice cores vcpus)`);
      fields.push({ start, end: c, text: t.slice(start, c) });
    }
    for (let k = c; k < t.length; k++) {
      const ch = t.charCodeAt(k);
      if ((ch < 0x20 && ch !== 0x09) || ch > 0x7e) fail(k, `unexpected character ${charText(ch)} (the manifest is plain ASCII)`);
    }
    if (fields.length === 0) return;
    if (vms.length === MAX_VMS) fail(fields[0].start, `a ${MAX_VMS + 1}th VM: the hypervisor runs at most ${MAX_VMS} VMs`);
    if (fields.length < 6) fail(fields[fields.length - 1].end, MISSING[fields.length]);
    const [fName, fImage, fLoad, fEntry, fMem, fSlice, fCores, fVcpus] = fields;

    const name = fName.text;
    if (!isAlpha(name.charCodeAt(0))) fail(fName.start, `a VM name starts with a letter: '${name}'`);
    for (let k = 0; k < name.length; k++) {
      const ch = name.charCodeAt(k);
      if (!(isAlpha(ch) || isDigit(ch) || ch === 0x2d || ch === 0x5f || ch === 0x2e)) fail(fName.start + k, `bad character ${charText(ch)} in VM name (letters, digits, '-', '_', '.')`);
    }
    if (name.length > MAX_NAME) fail(fName.start, `VM name '${name}' is longer than ${MAX_NAME} characters`);

    const image = fImage.text;
    for (let k = 0; k < image.length; k++) {
      const ch = image.charCodeAt(k);
      if ('\\:*?"<>|'.includes(image[k])) fail(fImage.start + k, `bad character ${charText(ch)} in image file name`);
      if (ch === 0x2f && image.charCodeAt(k + 1) === 0x2f) fail(fImage.start + k, "empty folder name ('//') in image file name");
    }
    if (image.endsWith('/')) fail(fImage.end - 1, "image file name ends with '/' (a folder)");
    if (image.length > MAX_IMAGE_PATH) fail(fImage.start, `image file name longer than ${MAX_IMAGE_PATH} characters`);

    const memText = fMem.text;
    const mem = parseSize(memText);
    if (mem === undefined) fail(fMem.start, `memory size '${memText}': expected a size such as 16M, 512K or 1G`);
    if (mem! % PAGE !== 0) fail(fMem.start, `memory size ${memText} is not a multiple of 4K (the stage-2 page)`);
    if (mem! < MIN_MEMORY) fail(fMem.start, `memory size ${memText} is below the minimum 64K`);
    if (mem! > PERIPHERAL_IPA) fail(fMem.start, `memory size ${memText} reaches the VM's devices at 0x3f000000 (at most 1008M)`);

    const load = parseNumber(fLoad.text);
    if (load === undefined) fail(fLoad.start, `load address '${fLoad.text}': expected a number (decimal or 0x hex, at most 40 bits)`);
    if (load! >= mem!) fail(fLoad.start, `load address ${fLoad.text} lies outside the VM's ${memText} of memory`);

    const entry = parseNumber(fEntry.text);
    if (entry === undefined) fail(fEntry.start, `entry '${fEntry.text}': expected a number (decimal or 0x hex, at most 40 bits)`);
    if (entry! % 4 !== 0) fail(fEntry.start, `entry ${fEntry.text} is not 4-byte aligned (A64 instructions)`);
    if (entry! >= mem!) fail(fEntry.start, `entry ${fEntry.text} lies outside the VM's ${memText} of memory`);

    const slice = parseDuration(fSlice.text);
    if (slice === undefined) fail(fSlice.start, `time slice '${fSlice.text}': expected a number with us, ms or s (e.g. 10ms)`);
    if (slice! < MIN_SLICE_US) fail(fSlice.start, `time slice ${fSlice.text} is shorter than 100us`);
    if (slice! > MAX_SLICE_US) fail(fSlice.start, `time slice ${fSlice.text} is longer than 10s`);

    let cores = 0;
    if (fCores) {
      const n = parseNumber(fCores.text);
      if (n === undefined || n === 0 || n > 0xf) fail(fCores.start, `core mask '${fCores.text}': expected 0x1-0xf (bit n = core n)`);
      cores = n!;
    }
    let vcpus = 1;
    if (fVcpus) {
      const n = parseNumber(fVcpus.text);
      if (n === undefined || n === 0 || n > 4) fail(fVcpus.start, `vCPU count '${fVcpus.text}': expected 1-4`);
      vcpus = n!;
    }
    total += mem!;
    if (total > VM_RAM_TOTAL) fail(fMem.start, `the VMs' memory would overlap: with this one they need ${sizeText(total)}, the host has ${sizeText(VM_RAM_TOTAL)} for VMs`);
    vms.push({ name, image, loadAddress: load!, entry: entry!, memoryBytes: mem!, sliceMicros: slice!, cores, vcpus, line: lineNo, columns: fields.map((f) => f.start + 1) });
  });
  if (vms.length === 0) throw new ManifestError(file, 1, 1, "no VMs: the manifest needs at least one line 'name image load entry memory slice'");
  return vms;
}

/** Normalised card path of an image field ("/guests//x.bin" is refused above; "./" and case are FAT's). */
function cardKey(p: string): string {
  return p.split('/').filter((s) => s !== '' && s !== '.').join('/').toLowerCase();
}

/**
 * Checks a manifest against the files going onto the card (name -> size). Throws a located
 * UserError for the first problem, as `raspvisor image` and `install` report it.
 */
export function checkManifest(
  text: string,
  file: string,
  cardFiles: Map<string, number>,
  buildDirLabel: string,
  /** Given: an image missing from the build is only reported here (`raspvisor run`: the
   *  hypervisor stops that VM with a report and runs the others). */
  warnMissing?: (message: string) => void,
): VmLine[] {
  let vms: VmLine[];
  try {
    vms = parseManifest(text, file);
  } catch (e) {
    if (e instanceof ManifestError) throw e.toUserError();
    throw e;
  }
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const sizes = new Map([...cardFiles].map(([k, v]) => [cardKey(k), v]));
  const at = (v: VmLine, field: number, reason: string): never => {
    throw new UserError(reason, { loc: { file, line: v.line, col: v.columns[field], lineText: lines[v.line - 1] } });
  };
  const hex = (n: number) => '0x' + n.toString(16);
  for (const v of vms) {
    const size = sizes.get(cardKey(v.image));
    if (size === undefined) {
      const guests = [...cardFiles.keys()].filter((k) => k.endsWith('.bin')).sort();
      const reason = `${v.image} is not in the build (${buildDirLabel} has ${guests.length > 0 ? guests.join(', ') : 'no guest .bin files'})`;
      if (!warnMissing) return at(v, 1, reason);
      warnMissing(`${file}:${v.line}:${v.columns[1]}: warning: ${reason}; the hypervisor will stop that VM and run the others`);
      continue;
    }
    if (v.loadAddress + size! > v.memoryBytes) {
      at(v, 1, `${v.image} (${size} bytes) loaded at ${hex(v.loadAddress)} ends at ${hex(v.loadAddress + size!)}, beyond the VM's ${sizeText(v.memoryBytes)} of memory`);
    }
    if (v.entry < v.loadAddress || v.entry >= v.loadAddress + size!) {
      at(v, 3, `entry ${hex(v.entry)} is outside ${v.image}, loaded at ${hex(v.loadAddress)}-${hex(v.loadAddress + Math.max(size!, 1) - 1)}`);
    }
  }
  return vms;
}
