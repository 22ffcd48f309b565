// FAT directory names: 8.3 short names (with the Windows NT lower-case flags), VFAT long-name
// entries and their checksum, and the generation of a unique short alias for a long name.
import { UserError } from '../../tools/common/diagnostics.ts';

/** NT reserved byte (directory entry offset 12): the stored upper-case part is shown in lower case. */
export const NT_LOWER_BASE = 0x08;
export const NT_LOWER_EXT = 0x10;

export const ATTR_READ_ONLY = 0x01;
export const ATTR_HIDDEN = 0x02;
export const ATTR_SYSTEM = 0x04;
export const ATTR_VOLUME_ID = 0x08;
export const ATTR_DIRECTORY = 0x10;
export const ATTR_ARCHIVE = 0x20;
export const ATTR_LONG_NAME = 0x0f;

/** Characters a short name may hold besides A-Z and 0-9 (FAT specification, "short name"). */
const SHORT_SPECIALS = "!#$%&'()-@^_`{}~";
/** Characters no long name may hold. */
const LONG_FORBIDDEN = '\\/:*?"<>|';
const LFN_CHARS_PER_ENTRY = 13;
const MAX_LONG_NAME = 255;

function isShortChar(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SHORT_SPECIALS.includes(c);
}

/** A short name as stored: 11 bytes, base padded to 8 and extension padded to 3 with spaces. */
export function packShortName(base: string, ext: string): Uint8Array {
  const out = new Uint8Array(11).fill(0x20);
  for (let i = 0; i < base.length; i++) out[i] = base.charCodeAt(i);
  for (let i = 0; i < ext.length; i++) out[8 + i] = ext.charCodeAt(i);
  return out;
}

export function shortNameKey(packed: Uint8Array): string {
  return String.fromCharCode(...packed);
}

/** The checksum of an 11-byte short name that every long-name entry of it carries. */
export function lfnChecksum(packed: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = ((((sum & 1) << 7) | (sum >> 1)) + packed[i]) & 0xff;
  return sum;
}

/** Checks one path component and throws a UserError naming `where` if FAT cannot store it. */
export function validateLongName(name: string, where: string): void {
  const problem =
    name.length === 0 ? 'is empty'
    : name === '.' || name === '..' ? 'is a reserved name'
    : name.length > MAX_LONG_NAME ? `is longer than ${MAX_LONG_NAME} characters`
    : [...name].some((c) => c.charCodeAt(0) < 0x20 || LONG_FORBIDDEN.includes(c)) ? `holds a character FAT forbids (control characters or ${LONG_FORBIDDEN})`
    : /[ .]$/.test(name) ? 'ends in a space or a dot, which FAT drops'
    : undefined;
  if (problem) throw new UserError(`file name ${JSON.stringify(name)} in ${where} ${problem}`);
}

export interface DirectName {
  packed: Uint8Array;
  ntFlags: number;
}

/**
 * If `name` can be stored as a short entry alone, returns it with the NT case flags: each of
 * base and extension must be all upper or all lower case (mixed case needs a long name).
 */
export function directShortName(name: string): DirectName | undefined {
  const dot = name.lastIndexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  if (base.length < 1 || base.length > 8 || ext.length > 3 || (dot >= 0 && ext.length === 0)) return undefined;
  let ntFlags = 0;
  for (const [part, flag] of [[base, NT_LOWER_BASE], [ext, NT_LOWER_EXT]] as const) {
    const upper = part.toUpperCase();
    if (![...upper].every(isShortChar)) return undefined;
    const hasLower = part !== upper;
    const hasUpper = part !== part.toLowerCase();
    if (hasLower && hasUpper) return undefined;
    if (hasLower) ntFlags |= flag;
  }
  return { packed: packShortName(base.toUpperCase(), ext.toUpperCase()), ntFlags };
}

/**
 * A short alias for a long name, unique among `taken` (keys of packed names), following the
 * Windows scheme: upper case, invalid characters to '_', spaces and inner dots dropped, and a
 * numeric tail ~N when the name was shortened or changed or already taken.
 */
export function aliasShortName(name: string, taken: Set<string>): Uint8Array {
  const stripped = name.replace(/^[. ]+/, '');
  const dot = stripped.lastIndexOf('.');
  let lossy = stripped !== name;
  const convert = (s: string): string => {
    let out = '';
    for (const c of s.toUpperCase()) {
      if (c === ' ' || c === '.') { lossy = true; continue; }
      if (isShortChar(c)) out += c;
      else { out += '_'; lossy = true; }
    }
    return out;
  };
  let base = convert(dot <= 0 ? stripped : stripped.slice(0, dot));
  let ext = dot <= 0 ? '' : convert(stripped.slice(dot + 1));
  if (ext.length > 3) { ext = ext.slice(0, 3); lossy = true; }
  if (base.length > 8) lossy = true;
  if (base.length === 0) { base = '_'; lossy = true; }
  if (!lossy) {
    const plain = packShortName(base, ext);
    if (!taken.has(shortNameKey(plain))) return plain;
  }
  for (let n = 1; n < 1_000_000; n++) {
    const tail = `~${n}`;
    const candidate = packShortName(base.slice(0, 8 - tail.length) + tail, ext);
    if (!taken.has(shortNameKey(candidate))) return candidate;
  }
  throw new UserError(`too many files whose names shorten to ${base}.${ext}`);
}

/** The long-name entries (32 bytes each) that precede a short entry, in on-disk order. */
export function longNameEntries(name: string, packedShort: Uint8Array): Uint8Array[] {
  const units: number[] = [];
  for (let i = 0; i < name.length; i++) units.push(name.charCodeAt(i));
  const count = Math.ceil(units.length / LFN_CHARS_PER_ENTRY);
  // A name that fills its last entry exactly has no terminator; otherwise 0x0000 then 0xFFFF padding.
  if (units.length % LFN_CHARS_PER_ENTRY !== 0) units.push(0);
  while (units.length < count * LFN_CHARS_PER_ENTRY) units.push(0xffff);
  const checksum = lfnChecksum(packedShort);
  const entries: Uint8Array[] = [];
  for (let seq = count; seq >= 1; seq--) {
    const e = new Uint8Array(32);
    const dv = new DataView(e.buffer);
    e[0] = seq | (seq === count ? 0x40 : 0);
    e[11] = ATTR_LONG_NAME;
    e[13] = checksum;
    const chunk = units.slice((seq - 1) * LFN_CHARS_PER_ENTRY, seq * LFN_CHARS_PER_ENTRY);
    LFN_SLOTS.forEach((off, i) => dv.setUint16(off, chunk[i], true));
    entries.push(e);
  }
  return entries;
}

/** Byte offsets of the 13 UCS-2 characters inside a long-name entry. */
export const LFN_SLOTS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

/** The name a short entry shows, with the NT case flags applied. */
export function displayShortName(packed: Uint8Array, ntFlags: number): string {
  let base = String.fromCharCode(...packed.subarray(0, 8)).trimEnd();
  let ext = String.fromCharCode(...packed.subarray(8, 11)).trimEnd();
  if (ntFlags & NT_LOWER_BASE) base = base.toLowerCase();
  if (ntFlags & NT_LOWER_EXT) ext = ext.toLowerCase();
  return ext ? `${base}.${ext}` : base;
}
