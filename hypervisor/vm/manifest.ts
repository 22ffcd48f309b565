// vms.txt, the VM manifest on the boot partition: one VM per line,
//
//   name  image  load  entry  memory  slice  [cores [vcpus]]     # comment
//   echo  echo.bin  0x80000  0x80000  16M  10ms  0x1
//
// parsed into VmSpecs, or refused with a located error "vms.txt:3:12: error: ...". The grammar
// and every message are in docs/hypervisor-storage.md; sdcard/vms-manifest.ts checks the same
// grammar with the same messages when the card is made.
import { Fat32Volume } from "../fs/fat32";

/** The most VMs the hypervisor runs (console `?1`-`?9`, VMIDs 1-9). */
export const MAX_VMS: i32 = 9;
export const MAX_NAME: i32 = 16;
export const MAX_IMAGE_PATH: i32 = 255;
/** A VM's RAM is IPA [0, memory); its devices start at 0x3F000000. */
export const PERIPHERAL_IPA: u64 = 0x3F000000;
export const MIN_MEMORY: u64 = 64 * 1024;
export const PAGE: u64 = 4096;
/** RAM the host has for VMs: 0x800000 (end of the hypervisor) to 0x3C000000 (the VideoCore's
 *  part), less 8 MiB for stage-2 tables. */
export const VM_RAM_TOTAL: u64 = 0x3C000000 - 0x800000 - 0x800000;
export const MIN_SLICE_US: u64 = 100;
export const MAX_SLICE_US: u64 = 10_000_000;
const MAX_ADDRESS: u64 = 0xFFFFFFFFFF; // 40-bit physical addresses

export class VmSpec {
  name: string = "";
  image: string = "";
  loadAddress: u64 = 0;
  entry: u64 = 0;
  memoryBytes: u64 = 0;
  sliceMicros: u32 = 0;
  /** Bit n: may run on core n; 0: any core. */
  cores: u32 = 0;
  /** vCPUs (1-4; vCPU 0 starts at the entry, the others by PSCI CPU_ON). */
  vcpus: u32 = 1;
  /** Where the VM's line and its image field are in the manifest (0 for defaultVms). */
  line: i32 = 0;
  imageColumn: i32 = 0;
}

let lastError = "";

/** "vms.txt:3:12: error: ..." after parseManifest returned null. */
export function lastManifestError(): string {
  return lastError;
}

// ---- Tokens of one line: [start, end) column ranges (0-based) of its fields. ----
const starts = new StaticArray<i32>(9);
const ends = new StaticArray<i32>(9);

class LineScan {
  fields: i32 = 0;
  /** Column just after the last field (where a missing one would go). */
  contentEnd: i32 = 0;
}

function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09;
}

function isAlpha(c: i32): bool {
  return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A);
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

function hex(v: u64): string {
  return "0x" + v.toString(16);
}

function charText(c: i32): string {
  return c >= 0x20 && c < 0x7F ? "'" + String.fromCharCode(c) + "'" : "0x" + (c < 16 ? "0" : "") + c.toString(16);
}

class Parser {
  vms: VmSpec[] = [];
  totalMemory: u64 = 0;
  error: string = "";

  constructor(public text: string, public file: string) {}

  fail(line: i32, col: i32, message: string): bool {
    this.error = this.file + ":" + line.toString() + ":" + (col + 1).toString() + ": error: " + message;
    return false;
  }

  parse(): bool {
    const t = this.text;
    let lineNo = 1;
    let i = 0;
    while (i <= t.length) {
      let end = i;
      while (end < t.length && t.charCodeAt(end) != 0x0A) end++;
      let stop = end;
      if (stop > i && t.charCodeAt(stop - 1) == 0x0D) stop--;
      if (!this.line(lineNo, i, stop)) return false;
      if (end >= t.length) break;
      i = end + 1;
      lineNo++;
    }
    if (this.vms.length == 0) return this.fail(1, 0, "no VMs: the manifest needs at least one line 'name image load entry memory slice'");
    return true;
  }

  /** One line: text[from, to) without its end of line. */
  line(lineNo: i32, from: i32, to: i32): bool {
    const t = this.text;
    let fields = 0;
    let contentEnd = 0;
    let c = from;
    while (c < to) {
      const ch = t.charCodeAt(c);
      if (isSpace(ch)) {
        c++;
        continue;
      }
      if (ch == 0x23) break; // '#': comment to the end of the line
      const start = c;
      while (c < to) {
        const k = t.charCodeAt(c);
        if (isSpace(k) || k == 0x23) break;
        if (k < 0x20 || k > 0x7E) return this.fail(lineNo, c - from, "unexpected character " + charText(k) + " (the manifest is plain ASCII)");
        c++;
      }
      if (fields == 8) return this.fail(lineNo, start - from, "unexpected '" + t.substring(start, c) + "': a VM line has at most 8 fields (name image load entry memory slice cores vcpus)");
      starts[fields] = start - from;
      ends[fields] = c - from;
      fields++;
      contentEnd = c - from;
    }
    // A control character in a comment is as wrong as anywhere else.
    for (let k = c; k < to; k++) {
      const ch = t.charCodeAt(k);
      if ((ch < 0x20 && ch != 0x09) || ch > 0x7E) return this.fail(lineNo, k - from, "unexpected character " + charText(ch) + " (the manifest is plain ASCII)");
    }
    if (fields == 0) return true;
    return this.vm(lineNo, from, fields, contentEnd);
  }

  field(from: i32, k: i32): string {
    return this.text.substring(from + starts[k], from + ends[k]);
  }

  vm(lineNo: i32, from: i32, fields: i32, contentEnd: i32): bool {
    if (this.vms.length == MAX_VMS) {
      return this.fail(lineNo, starts[0], "a " + (MAX_VMS + 1).toString() + "th VM: the hypervisor runs at most " + MAX_VMS.toString() + " VMs");
    }
    const MISSING: string[] = [
      "",
      "expected the image file after the name (e.g. echo.bin)",
      "expected the load address (e.g. 0x80000)",
      "expected the entry address (e.g. 0x80000)",
      "expected the memory size (e.g. 16M)",
      "expected the time slice (e.g. 10ms)",
    ];
    if (fields < 6) return this.fail(lineNo, contentEnd, MISSING[fields]);
    const spec = new VmSpec();
    spec.line = lineNo;
    spec.imageColumn = starts[1] + 1;

    // name
    const name = this.field(from, 0);
    if (!isAlpha(name.charCodeAt(0))) return this.fail(lineNo, starts[0], "a VM name starts with a letter: '" + name + "'");
    for (let k = 0; k < name.length; k++) {
      const ch = name.charCodeAt(k);
      if (!(isAlpha(ch) || isDigit(ch) || ch == 0x2D || ch == 0x5F || ch == 0x2E)) {
        return this.fail(lineNo, starts[0] + k, "bad character " + charText(ch) + " in VM name (letters, digits, '-', '_', '.')");
      }
    }
    if (name.length > MAX_NAME) return this.fail(lineNo, starts[0], "VM name '" + name + "' is longer than " + MAX_NAME.toString() + " characters");
    spec.name = name;

    // image
    const image = this.field(from, 1);
    const BAD_PATH = "\\:*?\"<>|";
    for (let k = 0; k < image.length; k++) {
      const ch = image.charCodeAt(k);
      if (BAD_PATH.indexOf(String.fromCharCode(ch)) >= 0) return this.fail(lineNo, starts[1] + k, "bad character " + charText(ch) + " in image file name");
      if (ch == 0x2F && k + 1 < image.length && image.charCodeAt(k + 1) == 0x2F) return this.fail(lineNo, starts[1] + k, "empty folder name ('//') in image file name");
    }
    if (image.charCodeAt(image.length - 1) == 0x2F) return this.fail(lineNo, ends[1] - 1, "image file name ends with '/' (a folder)");
    if (image.length > MAX_IMAGE_PATH) return this.fail(lineNo, starts[1], "image file name longer than " + MAX_IMAGE_PATH.toString() + " characters");
    spec.image = image;

    // memory first: the addresses are checked against it.
    const memText = this.field(from, 4);
    const mem = parseSize(memText);
    if (mem == u64.MAX_VALUE) return this.fail(lineNo, starts[4], "memory size '" + memText + "': expected a size such as 16M, 512K or 1G");
    if (mem % PAGE != 0) return this.fail(lineNo, starts[4], "memory size " + memText + " is not a multiple of 4K (the stage-2 page)");
    if (mem < MIN_MEMORY) return this.fail(lineNo, starts[4], "memory size " + memText + " is below the minimum 64K");
    if (mem > PERIPHERAL_IPA) return this.fail(lineNo, starts[4], "memory size " + memText + " reaches the VM's devices at 0x3f000000 (at most 1008M)");
    spec.memoryBytes = mem;

    const loadText = this.field(from, 2);
    const load = parseNumber(loadText);
    if (load == u64.MAX_VALUE) return this.fail(lineNo, starts[2], "load address '" + loadText + "': expected a number (decimal or 0x hex, at most 40 bits)");
    if (load >= mem) return this.fail(lineNo, starts[2], "load address " + loadText + " lies outside the VM's " + memText + " of memory");
    spec.loadAddress = load;

    const entryText = this.field(from, 3);
    const entry = parseNumber(entryText);
    if (entry == u64.MAX_VALUE) return this.fail(lineNo, starts[3], "entry '" + entryText + "': expected a number (decimal or 0x hex, at most 40 bits)");
    if (entry & 3) return this.fail(lineNo, starts[3], "entry " + entryText + " is not 4-byte aligned (A64 instructions)");
    if (entry >= mem) return this.fail(lineNo, starts[3], "entry " + entryText + " lies outside the VM's " + memText + " of memory");
    spec.entry = entry;

    const sliceText = this.field(from, 5);
    const slice = parseDuration(sliceText);
    if (slice == u64.MAX_VALUE) return this.fail(lineNo, starts[5], "time slice '" + sliceText + "': expected a number with us, ms or s (e.g. 10ms)");
    if (slice < MIN_SLICE_US) return this.fail(lineNo, starts[5], "time slice " + sliceText + " is shorter than 100us");
    if (slice > MAX_SLICE_US) return this.fail(lineNo, starts[5], "time slice " + sliceText + " is longer than 10s");
    spec.sliceMicros = <u32>slice;

    if (fields == 8) {
      const vcpusText = this.field(from, 7);
      const vcpus = parseNumber(vcpusText);
      if (vcpus == 0 || vcpus > 4) return this.fail(lineNo, starts[7], "vCPU count '" + vcpusText + "': expected 1-4");
      spec.vcpus = <u32>vcpus;
    }
    if (fields >= 7) {
      const coresText = this.field(from, 6);
      const cores = parseNumber(coresText);
      if (cores == 0 || cores > 0xF) return this.fail(lineNo, starts[6], "core mask '" + coresText + "': expected 0x1-0xf (bit n = core n)");
      spec.cores = <u32>cores;
    }

    this.totalMemory += mem;
    if (this.totalMemory > VM_RAM_TOTAL) {
      return this.fail(lineNo, starts[4], "the VMs' memory would overlap: with this one they need " + sizeText(this.totalMemory) + ", the host has " + sizeText(VM_RAM_TOTAL) + " for VMs");
    }
    this.vms.push(spec);
    return true;
  }
}

/** "16M", "1G", "512K", "4096", "0x1000" (bytes); u64.MAX_VALUE if malformed. */
export function parseSize(s: string): u64 {
  let digits = s.length;
  let shift: u64 = 0;
  const last = s.length > 0 ? s.charCodeAt(s.length - 1) : 0;
  const UNITS = "KMG";
  const u = UNITS.indexOf(String.fromCharCode(last));
  if (u >= 0) {
    digits--;
    shift = 10 * <u64>(u + 1);
  }
  const n = parseNumber(s.substring(0, digits));
  if (n == u64.MAX_VALUE) return n;
  if (shift > 0 && n > (MAX_ADDRESS >> shift)) return u64.MAX_VALUE;
  return n << shift;
}

/** Decimal or 0x-hex, at most 40 bits; u64.MAX_VALUE if malformed. */
export function parseNumber(s: string): u64 {
  let v: u64 = 0;
  let i = 0;
  let base: u64 = 10;
  if (s.length > 2 && s.charCodeAt(0) == 0x30 && (s.charCodeAt(1) == 0x78 || s.charCodeAt(1) == 0x58)) {
    base = 16;
    i = 2;
  }
  if (i >= s.length) return u64.MAX_VALUE;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: i32 = -1;
    if (isDigit(c)) d = c - 0x30;
    else if (base == 16 && c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
    else if (base == 16 && c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
    if (d < 0) return u64.MAX_VALUE;
    v = v * base + <u64>d;
    if (v > MAX_ADDRESS) return u64.MAX_VALUE;
  }
  return v;
}

/** "10ms", "500us", "1s" in µs; u64.MAX_VALUE if malformed. */
export function parseDuration(s: string): u64 {
  let mult: u64 = 0;
  let digits = 0;
  if (s.endsWith("us")) {
    mult = 1;
    digits = s.length - 2;
  } else if (s.endsWith("ms")) {
    mult = 1000;
    digits = s.length - 2;
  } else if (s.endsWith("s")) {
    mult = 1_000_000;
    digits = s.length - 1;
  } else return u64.MAX_VALUE;
  if (digits == 0) return u64.MAX_VALUE;
  for (let i = 0; i < digits; i++) if (!isDigit(s.charCodeAt(i))) return u64.MAX_VALUE;
  const n = parseNumber(s.substring(0, digits));
  if (n == u64.MAX_VALUE || n > 100_000_000_000) return u64.MAX_VALUE;
  return n * mult;
}

/** Bytes as the manifest writes them: 16M, 944M, 4K, 1G. */
export function sizeText(v: u64): string {
  if (v != 0 && v % (1 << 30) == 0) return (v >> 30).toString() + "G";
  if (v != 0 && v % (1 << 20) == 0) return (v >> 20).toString() + "M";
  if (v != 0 && v % (1 << 10) == 0) return (v >> 10).toString() + "K";
  return v.toString();
}

/** The VMs of a manifest's text, or null (lastManifestError() says where and why). */
export function parseManifest(text: string, fileName: string): VmSpec[] | null {
  lastError = "";
  const p = new Parser(text, fileName);
  if (!p.parse()) {
    lastError = p.error;
    return null;
  }
  return p.vms;
}

/** The located error for a VM whose image does not fit its memory ("" when it fits). */
export function imageFitError(spec: VmSpec, imageBytes: u64, fileName: string): string {
  if (spec.loadAddress + imageBytes <= spec.memoryBytes) return "";
  const where = spec.line > 0 ? fileName + ":" + spec.line.toString() + ":" + spec.imageColumn.toString() + ": error: " : "";
  return where + spec.image + " (" + imageBytes.toString() + " bytes) loaded at " + hex(spec.loadAddress) + " ends at " +
    hex(spec.loadAddress + imageBytes) + ", beyond the VM's " + sizeText(spec.memoryBytes) + " of memory";
}

/** The guests' link address (tools/build/programs.ts DEFAULT_LAYOUT.guest): load = entry. */
export const DEFAULT_LOAD: u64 = 0x80000;
export const DEFAULT_MEMORY: u64 = 16 << 20;
export const DEFAULT_SLICE_US: u32 = 10_000;

function defaultVm(name: string): VmSpec {
  const s = new VmSpec();
  s.name = name;
  s.image = name + ".bin";
  s.loadAddress = DEFAULT_LOAD;
  s.entry = DEFAULT_LOAD;
  s.memoryBytes = DEFAULT_MEMORY;
  s.sliceMicros = DEFAULT_SLICE_US;
  return s;
}

/** With no vms.txt: the C original's five VMs (mini-os, echo, mini-os, echo, mini-os), each
 *  16M of RAM with its image at 0x80000 (where our guests are linked), 10 ms slices, any core. */
export function defaultVms(): VmSpec[] {
  const names: string[] = ["mini-os", "echo", "mini-os", "echo", "mini-os"];
  const out: VmSpec[] = [];
  for (let i = 0; i < names.length; i++) out.push(defaultVm(names[i]));
  return out;
}

/** The manifest's name on the boot partition. */
export const MANIFEST_FILE = "vms.txt";
const MANIFEST_MAX_BYTES: u32 = 64 * 1024;
let source = "";

/** Where the last vmsFromCard got its VMs: "vms.txt", or why the defaults were taken. */
export function manifestSource(): string {
  return source;
}

/** The VMs to start: from vms.txt on the card's boot partition, defaultVms() when there is no
 *  vms.txt (or no volume), null when vms.txt is unreadable or wrong (lastManifestError() is the
 *  line to print; starting other VMs than the user wrote would be a guess). */
export function vmsFromCard(vol: Fat32Volume | null): VmSpec[] | null {
  lastError = "";
  if (vol == null) {
    source = "the default VMs (no FAT32 volume: " + Fat32Volume.lastError + ")";
    return defaultVms();
  }
  const f = vol.open(MANIFEST_FILE);
  if (f == null) {
    if (Fat32Volume.lastError.indexOf("no such file") < 0) {
      lastError = MANIFEST_FILE + ": error: " + Fat32Volume.lastError;
      return null;
    }
    source = "the default VMs (no " + MANIFEST_FILE + " on the card)";
    return defaultVms();
  }
  const text = f.readText(MANIFEST_MAX_BYTES);
  if (text == null) {
    lastError = MANIFEST_FILE + ": error: " + Fat32Volume.lastError;
    return null;
  }
  source = MANIFEST_FILE;
  return parseManifest(text, MANIFEST_FILE);
}
