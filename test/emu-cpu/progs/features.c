// Exercises compiler-generated code paths: division corner cases, atomics (exclusives),
// CRC32, struct copies and zeroing (SIMD registers), brk/mmap, 128-bit multiply.
#include "sys.h"
struct big { u64 a[9]; unsigned char tail[13]; };
static struct big g1, g2;
static volatile i64 vz = 0, vm1 = -1, vmin = (i64)0x8000000000000000ull;
static volatile int iz = 0, im1 = -1, imin = (int)0x80000000;
static long counter;
static void *sbrk_(long inc) {
  static u64 cur;
  if (!cur) cur = (u64)sys3(214, 0, 0, 0);
  u64 old = cur; cur = (u64)sys3(214, (long)(cur + inc), 0, 0);
  return (void *)old;
}
__attribute__((noinline)) static void copy(struct big *d, const struct big *s) { *d = *s; }
__attribute__((noinline)) static void zero(struct big *d) { *d = (struct big){0}; }
void _start(void) {
  puts_("div "); puthex((u64)(vmin / vm1)); puts_(" "); puthex((u64)(10 / (vz ? vz : 1)));
  i64 q; __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"((i64)7), "r"((i64)vz)); puts_(" "); puthex((u64)q);
  int qi; __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(qi) : "r"(imin), "r"(im1)); puts_(" "); puthex((unsigned)qi);
  __asm__ volatile("udiv %w0, %w1, %w2" : "=r"(qi) : "r"(5), "r"(iz)); puts_(" "); puthex((unsigned)qi); puts_("\n");
  for (int i = 0; i < 1000; i++) __atomic_fetch_add(&counter, i, __ATOMIC_SEQ_CST);
  long expected = 5, desired = 9; long v = 5; __atomic_store_n(&counter, v, __ATOMIC_RELEASE);
  int ok = __atomic_compare_exchange_n(&counter, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  puts_("atomic "); putu((u64)counter); puts_(" "); putu((u64)ok); puts_("\n");
  unsigned crc = 0xffffffffu;
  for (u64 i = 0; i < 100; i++) crc = __builtin_aarch64_crc32cx(crc, i * 0x0123456789abcdefull);
  for (int i = 0; i < 10; i++) crc = __builtin_aarch64_crc32b(crc, (unsigned char)i);
  puts_("crc "); puthex(crc); puts_("\n");
  for (int i = 0; i < 9; i++) g1.a[i] = (u64)i * 0x1111111111111111ull;
  for (int i = 0; i < 13; i++) g1.tail[i] = (unsigned char)(i * 7);
  copy(&g2, &g1);
  u64 sum = 0; for (int i = 0; i < 9; i++) sum += g2.a[i] ^ g2.tail[i];
  zero(&g1); for (int i = 0; i < 9; i++) sum += g1.a[i];
  puts_("copy "); puthex(sum); puts_("\n");
  unsigned char *p = sbrk_(8192);
  for (int i = 0; i < 8192; i++) p[i] = (unsigned char)(i * 31);
  u64 s2 = 0; for (int i = 0; i < 8192; i += 97) s2 += p[i];
  u64 *m = (u64 *)sys3(222, 0, 1 << 20, 3 /* RW */ | 0), *m2;
  (void)m;
  m2 = (u64 *)(long)sys3(222, 0, 1 << 16, 3);
  puts_("mmap-fail "); putu((u64)((long)m2 < 0)); puts_("\n");
  register long x0 __asm__("x0") = 0; register long x1 __asm__("x1") = 1 << 20; register long x2 __asm__("x2") = 3;
  register long x3 __asm__("x3") = 0x22; register long x4 __asm__("x4") = -1; register long x5 __asm__("x5") = 0; register long x8 __asm__("x8") = 222;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x8) : "memory");
  u64 *mm = (u64 *)x0;
  for (int i = 0; i < (1 << 17); i += 512) mm[i] = (u64)i * 3;
  for (int i = 0; i < (1 << 17); i += 512) s2 += mm[i];
  puts_("heap "); puthex(s2); puts_("\n");
  unsigned __int128 w = (unsigned __int128)0xfedcba9876543210ull * 0x123456789abcdef1ull;
  __int128 sw = (__int128)(i64)0xfedcba9876543210ull * (i64)0x123456789abcdef1ull;
  puts_("mul128 "); puthex((u64)(w >> 64)); puts_(" "); puthex((u64)((unsigned __int128)sw >> 64)); puts_("\n");
  sys_exit(7);
}
