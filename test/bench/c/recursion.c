#include "rt.h"
static i32 ack(i32 m, i32 n) { if (m == 0) return n + 1; if (n == 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); }
static i32 tak(i32 x, i32 y, i32 z) { return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z; }
static i32 queens(i32 n, i32 row, u32 cols, u32 d1, u32 d2) {
  if (row == n) return 1;
  i32 count = 0;
  u32 fr = ~(cols | d1 | d2) & ((1u << n) - 1);
  while (fr != 0) { u32 bit = fr & (0 - fr); fr ^= bit; count += queens(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1); }
  return count;
}
static i64 moves, checksum;
static void hanoi(i32 n, i32 from, i32 to, i32 via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  checksum = (checksum * 7 + from * 3 + to) % 1000000007;
  hanoi(n - 1, via, to, from);
}
static i64 fib(i32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int isOdd(i32 n);
__attribute__((noinline)) static int isEven(i32 n) { return n == 0 ? 1 : isOdd(n - 1); }
__attribute__((noinline)) static int isOdd(i32 n) { return n == 0 ? 0 : isEven(n - 1); }
void program(void) {
  print("ack(2,3)="); printI64(ack(2, 3)); print(" ack(3,5)="); printI64(ack(3, 5)); println("");
  print("tak(18,12,6)="); printI64(tak(18, 12, 6)); println("");
  for (i32 n = 4; n <= 9; n++) { print("queens("); printI64(n); print(")="); printI64(queens(n, 0, 0, 0, 0)); print(" "); }
  println("");
  hanoi(16, 1, 3, 2);
  print("hanoi(16) moves="); printI64(moves); print(" checksum="); printI64(checksum); println("");
  print("fib(24)="); printI64(fib(24)); println("");
  print("isEven(1001)="); print(isEven(1001) ? "true" : "false"); print(" isOdd(777)="); println(isOdd(777) ? "true" : "false");
  flush();
}
