#include "rt.h"
static i32 popLoop(u32 x) { i32 n = 0; while (x != 0) { x &= x - 1; n++; } return n; }
static u32 reverse(u32 x) {
  x = ((x >> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >> 16) | (x << 16);
}
static u32 parity(u32 x) { x ^= x >> 16; x ^= x >> 8; x ^= x >> 4; x ^= x >> 2; x ^= x >> 1; return x & 1; }
static u32 fromGray(u32 g) { u32 b = g; for (u32 s = 1; s < 32; s <<= 1) b ^= b >> s; return b; }
static i32 subsets(i32 n, i32 k) {
  i32 count = 0; u32 x = (1u << k) - 1; const u32 limit = 1u << n;
  while (x < limit) { count += (i32)(x & 1); u32 c = x & (0 - x); u32 r = x + c; x = (((r ^ x) >> 2) / c) | r; }
  return count;
}
void program(void) {
  i32 pop = 0, gray = 0; u32 rev = 0, par = 0, x = 0x12345678;
  for (i32 i = 0; i < 30000; i++) {
    x = x * 1664525u + 1013904223u;
    pop += popLoop(x); rev ^= reverse(x) + (u32)i; par += parity(x);
    if (fromGray(x ^ (x >> 1)) == x) gray++;
  }
  print("pop="); printI64(pop); print(" rev="); printI64(rev); print(" parity="); printI64(par); print(" gray="); printI64(gray); println("");
  print("subsets(20,6) odd="); printI64(subsets(20, 6)); print(" subsets(18,9) odd="); printI64(subsets(18, 9)); println("");
  flush();
}
