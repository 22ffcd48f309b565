#include "rt.h"
static i32 ack(i32 m, i32 n) { if (m == 0) return n + 1; if (n == 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); }
static i32 gcd(i32 a, i32 b) { return b == 0 ? a : gcd(b, a % b); }
static i64 sumTo(i32 n, i64 acc) { return n == 0 ? acc : sumTo(n - 1, acc + n); }
static i32 digits(u32 n, i32 acc) { return n < 10 ? acc + 1 : digits(n / 10, acc + 1); }
void program(void) {
  print("ack(2,300)="); printI64(ack(2, 300)); print(" ack(3,6)="); printI64(ack(3, 6)); println("");
  i64 g = 0; i32 d = 0;
  for (i32 i = 1; i < 3000; i++) { g += gcd(i * 7919, 104729 + i * 31); d += digits((u32)i * 2654435761u, 0); }
  print("gcds="); printI64(g); print(" digits="); printI64(d); print(" sumTo="); printI64(sumTo(5000, 0)); println("");
  flush();
}
