#include "rt.h"
static u64 mulmod(u64 a, u64 b, u64 m) { return (a * b) % m; }
static u64 powmod(u64 b, u64 e, u64 m) {
  u64 r = 1; b %= m;
  while (e > 0) { if (e & 1) r = mulmod(r, b, m); b = mulmod(b, b, m); e >>= 1; }
  return r;
}
static int isPrime(u64 n) {
  if (n < 2) return 0;
  if ((n & 1) == 0) return n == 2;
  u64 d = n - 1; i32 s = 0;
  while ((d & 1) == 0) { d >>= 1; s++; }
  static const u64 bases[4] = {2, 3, 5, 7};
  for (i32 k = 0; k < 4; k++) {
    u64 a = bases[k];
    if (a % n == 0) continue;
    u64 x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    int composite = 1;
    for (i32 r = 1; r < s; r++) { x = mulmod(x, x, n); if (x == n - 1) { composite = 0; break; } }
    if (composite) return 0;
  }
  return 1;
}
void program(void) {
  u64 h = 0;
  for (u64 i = 1; i <= 2000; i++) h = (h * 31 + powmod(i, i + 12345, 1000000007)) % 4294967291UL;
  print("powmod hash="); printI64((i64)h); println("");
  static const u64 starts[3] = {2147483000UL, 1000000000UL, 3000000000UL};
  for (i32 k = 0; k < 3; k++) {
    i32 count = 0; u64 last = 0;
    for (u64 n = starts[k]; n < starts[k] + 2000; n++) if (isPrime(n)) { count++; last = n; }
    print("primes in ["); printI64((i64)starts[k]); print(", +2000): "); printI64(count);
    print(" last="); printI64((i64)last); println("");
  }
  flush();
}
