/* guests/lib/print.ts in C: strings ("\n" as CR LF), numbers, a printf of up to four numeric
 * arguments (%d %u %x %p %c %%), digit by digit. */
#include "lib.h"

static const char HEX[] = "0123456789abcdef";

void puts(const char *s) {
  for (; *s; s++) {
    u32 c = (u8)*s;
    if (c == 10) putc(13);
    putc(c);
  }
}

static void putDec(u64 v) {
  if (v >= 10) putDec(v / 10);
  putc((u32)(v % 10) + 48);
}

static void putSigned(i64 v) {
  if (v < 0) {
    putc(45);
    putDec((u64)(-v));
  } else putDec((u64)v);
}

static void putHex(u64 v, int width) {
  int shift = 60;
  while (shift > 0 && shift >= width * 4 && (v >> shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) putc((u8)HEX[(v >> shift) & 0xf]);
}

void printf(const char *fmt, u64 a, u64 b, u64 c, u64 d) {
  int n = 0;
  for (; *fmt; fmt++) {
    u32 ch = (u8)*fmt;
    if (ch != 37 || fmt[1] == 0) {
      if (ch == 10) putc(13);
      putc(ch);
      continue;
    }
    u32 conv = (u8)*++fmt;
    if (conv == 37) {
      putc(37);
      continue;
    }
    u64 v = n == 0 ? a : n == 1 ? b : n == 2 ? c : d;
    n++;
    if (conv == 100) putSigned((i64)v);
    else if (conv == 117) putDec(v);
    else if (conv == 120) putHex(v, 1);
    else if (conv == 112) { puts("0x"); putHex(v, 16); }
    else if (conv == 99) putc((u32)v);
    else { putc(37); putc(conv); }
  }
}
