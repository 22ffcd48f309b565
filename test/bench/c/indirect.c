#include "rt.h"
typedef i32 (*binop)(i32, i32);
typedef i32 (*unop)(i32);
static i32 add(i32 a, i32 b) { return (i32)((u32)a + (u32)b); }
static i32 sub(i32 a, i32 b) { return (i32)((u32)a - (u32)b); }
static i32 mul(i32 a, i32 b) { return (i32)((u32)a * (u32)b); }
static i32 xor_(i32 a, i32 b) { return a ^ b; }
static i32 rotl(i32 a, i32 b) { u32 s = (u32)b & 31, x = (u32)a; return (i32)(s ? (x << s) | (x >> (32 - s)) : x); }
static i32 minOp(i32 a, i32 b) { return a < b ? a : b; }
static i32 inc(i32 x) { return (i32)((u32)x + 1); }
static i32 dbl(i32 x) { return (i32)((u32)x << 1); }
static i32 sq(i32 x) { return (i32)((u32)x * (u32)x); }
static i32 neg(i32 x) { return (i32)(0u - (u32)x); }
static binop volatile_ops[6] = {add, sub, mul, xor_, rotl, minOp};
static unop volatile_un[4] = {inc, dbl, sq, neg};
__attribute__((noinline)) static i32 fold(i32 n, binop f, i32 init) { i32 acc = init; for (i32 i = 1; i <= n; i++) acc = f(acc, i); return acc; }
void program(void) {
  binop *volatile ops = volatile_ops;
  unop *volatile un = volatile_un;
  i32 acc = 1; u32 seed = 99;
  for (i32 i = 0; i < 40000; i++) {
    seed = seed * 1103515245u + 12345u;
    binop op = ops[(seed >> 16) % 6];
    unop u = un[(seed >> 8) & 3];
    acc = op(acc, u(i));
  }
  print("ops="); printI64(acc);
  print(" fold add="); printI64(fold(10000, add, 0)); print(" fold xor="); printI64(fold(10000, xor_, 5)); print(" fold min="); printI64(fold(1000, minOp, 77));
  println("");
  flush();
}
