// Compute-bound benchmark: integer hashing, a sieve and an insertion sort, repeated.
#include "../../emu-cpu/progs/sys.h"
static unsigned char sieve[65536];
static unsigned arr[2048];
static u64 work(u64 rounds) {
  u64 h = 1469598103934665603ull, primes = 0;
  for (u64 r = 0; r < rounds; r++) {
    for (u64 i = 0; i < 20000; i++) { h ^= i + r; h *= 1099511628211ull; h = (h << 13) | (h >> 51); }
    for (u64 i = 0; i < sizeof sieve; i++) sieve[i] = 1;
    for (u64 i = 2; i * i < sizeof sieve; i++) if (sieve[i]) for (u64 j = i * i; j < sizeof sieve; j += i) sieve[j] = 0;
    for (u64 i = 2; i < sizeof sieve; i++) primes += sieve[i];
    unsigned s = (unsigned)h;
    for (int i = 0; i < 512; i++) { s = s * 1103515245u + 12345u; arr[i] = s >> 8; }
    for (int i = 1; i < 512; i++) { unsigned v = arr[i]; int j = i - 1; while (j >= 0 && arr[j] > v) { arr[j + 1] = arr[j]; j--; } arr[j + 1] = v; }
    h += arr[17] + arr[300];
  }
  return h + primes;
}
__asm__(".global _start\n_start: mov x0, sp\n b cstart");
void cstart(u64 *sp) {
  u64 rounds = sp[0] > 1 ? 3 : 400;   // any argument: a short run
  puthex(work(rounds)); puts_("\n");
  sys_exit(0);
}
