// Load/store-heavy benchmark (runs with the MMU on: user mode = EL0 with 4 KiB pages): pointer
// chasing through a random cycle over 8 MiB, block copies and a byte histogram.
#include "../../emu-cpu/progs/sys.h"
#define N (1 << 20)
static u64 next[N];              // 8 MiB
static unsigned char bytes[1 << 22];
static u64 copy_dst[1 << 16], copy_src[1 << 16];
static u64 hist[256];
__asm__(".global _start\n_start: mov x0, sp\n b cstart");
void cstart(u64 *sp) {
  int rounds = sp[0] > 1 ? 1 : 6;
  u64 s = 88172645463325252ull;
  for (u64 i = 0; i < N; i++) next[i] = i;
  for (u64 i = N - 1; i > 0; i--) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; u64 j = s % i; u64 t = next[i]; next[i] = next[j]; next[j] = t; }
  for (u64 i = 0; i < sizeof bytes; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; bytes[i] = (unsigned char)s; }
  u64 acc = 0;
  for (int r = 0; r < rounds; r++) {
    u64 p = r;
    for (u64 i = 0; i < N / 2; i++) { p = next[p]; acc += p; }
    for (int k = 0; k < 16; k++) {
      for (u64 i = 0; i < (1 << 16); i++) copy_src[i] = i ^ acc;
      for (u64 i = 0; i < (1 << 16); i += 2) { copy_dst[i] = copy_src[i]; copy_dst[i + 1] = copy_src[i + 1]; }
      acc += copy_dst[k * 100];
    }
    for (u64 i = 0; i < sizeof bytes; i++) hist[bytes[i]]++;
  }
  for (int i = 0; i < 256; i++) acc = acc * 31 + hist[i];
  puthex(acc); puts_("\n");
  sys_exit(0);
}
