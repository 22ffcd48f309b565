#include "rt.h"
static u32 digitSum(u32 x, u32 base) { u32 s = 0; while (x != 0) { u32 q = x / base; s += x % base; x = q; } return s; }
static i64 split(i32 t, i64 total) { i32 h = t / 3600; i32 m = (t % 3600) / 60; i32 s = t % 60; return total + h * 10000 + m * 100 + s; }
static i32 mixed(i32 a, i32 b) { i32 d = b | 1; return a / d + a % d; }
void program(void) {
  u64 ds = 0;
  for (u32 i = 1; i < 20000; i++) ds += digitSum(i * 2654435761u, 2 + (i % 35));
  i64 t = 0;
  for (i32 i = -50000; i < 50000; i += 7) t = split(i, t);
  i64 m = 0;
  for (i32 i = 1; i < 30000; i++) m += mixed(i * 7919 - 100000000, i * 13);
  print("digit sums="); printI64((i64)ds); print(" split="); printI64(t); print(" mixed="); printI64(m); println("");
  flush();
}
