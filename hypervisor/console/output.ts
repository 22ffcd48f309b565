// Everything the console prints goes through here, onto the real mini-UART: guest output byte
// by byte, the console's own lines, and numbers in columns. It remembers whether the cursor is
// at the start of a line, so that a hypervisor message never lands in the middle of a guest's.
// Nothing here allocates (the runtime never frees).
import { putc, uartTxReady } from "../drivers/mini-uart";

let atLineStart = true;

/** One byte as it is (guest output). */
export function emit(b: u32): void {
  putc(b);
  atLineStart = b == 10;
}

/** Whether emit() would not wait for the wire. */
export function canEmit(): bool {
  return uartTxReady();
}

/** Text, with "\n" sent as CR LF. */
export function text(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = <u32>s.charCodeAt(i);
    if (c == 10) emit(13);
    emit(c);
  }
}

/** Ends the line a guest left open, if any. */
export function freshLine(): void {
  if (!atLineStart) text("\n");
}

/** `s` padded with spaces to `width` characters (left-aligned). */
export function textPadded(s: string, width: i32): void {
  text(s);
  for (let i = s.length; i < width; i++) emit(32);
}

function digits(v: u64): i32 {
  let n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

/** `v` in decimal, right-aligned in `width` characters. */
export function decimal(v: u64, width: i32 = 0): void {
  for (let i = digits(v); i < width; i++) emit(32);
  let p: u64 = 1;
  while (v / p >= 10) p *= 10;
  for (; p > 0; p /= 10) emit(<u32>((v / p) % 10) + 48);
}

/** `v` as 0x followed by its hex digits, no leading zeros, right-aligned in `width`. */
export function hexNumber(v: u64, width: i32 = 0): void {
  let n = 3;
  for (let x = v >> 4; x != 0; x >>= 4) n++;
  for (let i = n; i < width; i++) emit(32);
  text("0x");
  let shift: i32 = 60;
  while (shift > 0 && (v >> <u64>shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) emit(<u32>"0123456789abcdef".charCodeAt(<i32>((v >> <u64>shift) & 0xF)));
}

/** A byte the way a person can read it in a message: itself if printable, else <0x1b>. */
export function byteShown(b: u32): void {
  if (b >= 0x20 && b < 0x7F) {
    emit(b);
    return;
  }
  text("<0x");
  emit(<u32>"0123456789abcdef".charCodeAt(<i32>(b >> 4) & 0xF));
  emit(<u32>"0123456789abcdef".charCodeAt(<i32>b & 0xF));
  text(">");
}
