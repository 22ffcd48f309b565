/* Freestanding Linux/AArch64 support for the C twins of test/compiler-diff/assembly: _start,
 * and the same buffered output as assembly/io.ts (4096-byte buffer, one write per flush). */
#ifndef RT_H
#define RT_H
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;
typedef unsigned char u8;

static long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static u8 obuf[4096];
static int opos;
static void flush(void) { if (opos) sys3(64, 1, (long)obuf, opos); opos = 0; }
static void putch(int c) { if (opos == 4096) flush(); obuf[opos++] = (u8)c; }
static void print(const char *s) { while (*s) putch(*s++); }
static void println(const char *s) { print(s); putch(10); }
static void printU64(u64 v) { if (v >= 10) printU64(v / 10); putch((int)(v % 10) + 48); }
static void printI64(i64 v) { if (v < 0) { putch(45); printU64((u64)(-v)); } else printU64((u64)v); }
static void printHex(u64 v, int digits) { for (int i = digits - 1; i >= 0; i--) putch("0123456789abcdef"[(v >> (i * 4)) & 15]); }

/* gcc may call these for struct copies and loops it recognizes */
void *memcpy(void *d, const void *s, unsigned long n) { u8 *dd = d; const u8 *ss = s; while (n--) *dd++ = *ss++; return d; }
void *memset(void *d, int c, unsigned long n) { u8 *dd = d; while (n--) *dd++ = (u8)c; return d; }
void *memmove(void *d, const void *s, unsigned long n) { u8 *dd = d; const u8 *ss = s; if (dd < ss) while (n--) *dd++ = *ss++; else { dd += n; ss += n; while (n--) *--dd = *--ss; } return d; }

/* A bump allocator standing in for AssemblyScript's stub runtime. */
static u8 heap[8 << 20];
static unsigned long heap_top;
static void *alloc(unsigned long n) { void *p = heap + heap_top; heap_top += (n + 15) & ~15UL; return p; }

void program(void);
__attribute__((noreturn)) void _start(void) {
  program();
  sys3(94, 0, 0, 0);
  __builtin_unreachable();
}
#endif
