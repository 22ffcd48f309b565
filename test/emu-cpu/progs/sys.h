// Minimal Linux syscalls for -nostdlib test programs.
typedef unsigned long u64;
typedef long i64;
static inline long sys3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
static inline void sys_exit(int code) { sys3(93, code, 0, 0); for (;;) {} }
static inline long sys_write(int fd, const void *p, u64 n) { return sys3(64, fd, (long)p, (long)n); }
static u64 slen(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { sys_write(1, s, slen(s)); }
static void putu(u64 v) {
  char b[24]; int i = 23; b[i] = 0;
  do { b[--i] = '0' + v % 10; v /= 10; } while (v);
  puts_(b + i);
}
static void puthex(u64 v) {
  char b[19]; b[18] = 0;
  for (int i = 17; i >= 2; i--) { b[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
  b[0] = '0'; b[1] = 'x';
  puts_(b);
}
