// Directory entry names: VFAT long names collected from their entries (checksum and sequence
// checked), the 8.3 name as Windows NT shows it (lower-case flags), and the case-insensitive
// comparison of either with a path component. Buffers are static: looking a name up allocates
// nothing.
import { le16, le32 } from "./bytes";
const LFN_MAX: i32 = 255;
const lfn = memory.data(2 * 260, 4); // UTF-16 code units
const short = memory.data(2 * 16, 4);
let lfnLength: i32 = 0;
let lfnExpected: i32 = 0; // next sequence number wanted; 0: no long name pending
let lfnChecksum: u32 = 0;
let shortLength: i32 = 0;

/** Offsets of the 13 UTF-16 characters inside a long-name entry. */
const LFN_CHAR_OFFSETS: StaticArray<u8> = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
const LAST_LONG_ENTRY: u32 = 0x40;
const NT_BASE_LOWER: u8 = 0x08;
const NT_EXT_LOWER: u8 = 0x10;

export function forgetLongName(): void {
  lfnExpected = 0;
  lfnLength = 0;
}

/** A long-name entry (attribute 0x0F) at `e`. Out-of-order pieces drop the pending name. */
export function addLongNameEntry(e: usize): void {
  const ord = <u32>load<u8>(e);
  const seq = <i32>(ord & 0x1F);
  if (ord & LAST_LONG_ENTRY) {
    lfnExpected = seq;
    lfnChecksum = load<u8>(e, 13);
    lfnLength = 0;
  } else if (seq != lfnExpected || <u32>load<u8>(e, 13) != lfnChecksum) {
    forgetLongName();
    return;
  }
  if (seq < 1 || seq * 13 > LFN_MAX + 13) {
    forgetLongName();
    return;
  }
  const at = (seq - 1) * 13;
  for (let i = 0; i < 13; i++) {
    const c = <u16>le16(e + LFN_CHAR_OFFSETS[i]);
    if (c == 0 || c == 0xFFFF) {
      if (ord & LAST_LONG_ENTRY && lfnLength == 0) lfnLength = at + i;
      break;
    }
    if (at + i < LFN_MAX) store<u16>(lfn + 2 * (at + i), c);
    if (ord & LAST_LONG_ENTRY && i == 12) lfnLength = at + 13;
  }
  if (lfnLength > LFN_MAX) lfnLength = LFN_MAX;
  lfnExpected = seq - 1;
}

/** The checksum of an 11-byte 8.3 name that its long-name entries carry. */
export function shortNameChecksum(e: usize): u32 {
  let sum: u32 = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + <u32>load<u8>(e + i)) & 0xFF;
  return sum;
}

/** Builds the names of the short entry at `e`; true if a complete long name belongs to it. */
export function takeNames(e: usize): bool {
  const hasLong = lfnExpected == 0 && lfnLength > 0 && shortNameChecksum(e) == lfnChecksum;
  const flags = load<u8>(e, 12);
  shortLength = 0;
  let end = 8;
  while (end > 0 && load<u8>(e + end - 1) == 0x20) end--;
  for (let i = 0; i < end; i++) {
    let c = <u32>load<u8>(e + i);
    if (i == 0 && c == 0x05) c = 0xE5; // a name starting with 0xE5 is stored as 0x05
    putShort(c, (flags & NT_BASE_LOWER) != 0);
  }
  let extEnd = 11;
  while (extEnd > 8 && load<u8>(e + extEnd - 1) == 0x20) extEnd--;
  if (extEnd > 8) {
    putShort(0x2E, false);
    for (let i = 8; i < extEnd; i++) putShort(<u32>load<u8>(e + i), (flags & NT_EXT_LOWER) != 0);
  }
  if (!hasLong) lfnLength = 0;
  lfnExpected = 0;
  return hasLong;
}

function putShort(c: u32, lower: bool): void {
  if (lower && c >= 0x41 && c <= 0x5A) c += 0x20;
  store<u16>(short + 2 * shortLength, <u16>c);
  shortLength++;
}

function fold(c: u32): u32 {
  return c >= 0x61 && c <= 0x7A ? c - 0x20 : c;
}

function equalsBuffer(s: string, start: i32, end: i32, buf: usize, len: i32): bool {
  if (end - start != len) return false;
  for (let i = 0; i < len; i++) {
    if (fold(<u32>s.charCodeAt(start + i)) != fold(<u32>load<u16>(buf + 2 * i))) return false;
  }
  return true;
}

/** Whether s[start, end) names the entry whose names takeNames built (long or 8.3; ASCII
 *  letters compare without case, as on FAT). */
export function nameMatches(s: string, start: i32, end: i32): bool {
  if (lfnLength > 0 && equalsBuffer(s, start, end, lfn, lfnLength)) return true;
  return equalsBuffer(s, start, end, short, shortLength);
}

/** The name takeNames built (the long one when there is one), as a string. */
export function currentName(): string {
  return lfnLength > 0 ? String.UTF16.decodeUnsafe(lfn, 2 * lfnLength) : String.UTF16.decodeUnsafe(short, 2 * shortLength);
}
