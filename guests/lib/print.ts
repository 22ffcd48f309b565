// Console output on the mini-UART: strings ("\n" sent as CR LF), numbers, and a small printf
// with up to four numeric arguments: %d (signed), %u, %x (hex digits), %p (0x + 16 digits), %c,
// %%. Digits go out one at a time, so printing needs no heap and no unaligned stores (the
// standard library's toString() faults with the MMU off: issue 18).
import { putc } from "./uart";

const HEX = "0123456789abcdef";

export function puts(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = <u32>s.charCodeAt(i);
    if (c == 10) putc(13);
    putc(c);
  }
}

export function putDec(v: u64): void {
  if (v >= 10) putDec(v / 10);
  putc(<u32>(v % 10) + 48);
}

export function putSigned(v: i64): void {
  if (v < 0) {
    putc(45);
    putDec(<u64>(-v));
  } else putDec(<u64>v);
}

/** Hex digits of v, at least `width` of them. */
export function putHex(v: u64, width: i32 = 1): void {
  let shift = 60;
  while (shift > 0 && shift >= width * 4 && (v >> <u64>shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) putc(<u32>HEX.charCodeAt(<i32>((v >> <u64>shift) & 0xf)));
}

/** printf("pid %d at %x\n", pid, addr): the arguments are taken in order by the conversions. */
export function printf(fmt: string, a: u64 = 0, b: u64 = 0, c: u64 = 0, d: u64 = 0): void {
  let n = 0;
  for (let i = 0; i < fmt.length; i++) {
    const ch = <u32>fmt.charCodeAt(i);
    if (ch != 37 || i + 1 == fmt.length) {
      if (ch == 10) putc(13);
      putc(ch);
      continue;
    }
    const conv = <u32>fmt.charCodeAt(++i);
    if (conv == 37) {
      putc(37);
      continue;
    }
    const v = n == 0 ? a : n == 1 ? b : n == 2 ? c : d;
    n++;
    if (conv == 100) putSigned(<i64>v); // d
    else if (conv == 117) putDec(v); // u
    else if (conv == 120) putHex(v); // x
    else if (conv == 112) { puts("0x"); putHex(v, 16); } // p
    else if (conv == 99) putc(<u32>v); // c
    else { putc(37); putc(conv); }
  }
}
