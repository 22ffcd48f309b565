#include "rt.h"
static i32 sieve(u8 *flags, i32 n) {
  for (i32 i = 0; i < n; i++) flags[i] = 1;
  flags[0] = 0; flags[1] = 0;
  for (i32 i = 2; i * i < n; i++) if (flags[i]) for (i32 j = i * i; j < n; j += i) flags[j] = 0;
  i32 count = 0;
  for (i32 i = 0; i < n; i++) count += flags[i];
  return count;
}
void program(void) {
  const i32 n = 300000;
  u8 *flags = alloc(n);
  for (i32 round = 0; round < 3; round++) {
    i32 m = n - round * 70001;
    i32 count = sieve(flags, m);
    i64 sum = 0; i32 maxGap = 0, last = 2;
    for (i32 i = 2; i < m; i++) if (flags[i]) { sum += i; if (i - last > maxGap) maxGap = i - last; last = i; }
    print("primes below "); printI64(m); print(": "); printI64(count);
    print(" sum="); printI64(sum); print(" max gap="); printI64(maxGap); println("");
  }
  flush();
}
