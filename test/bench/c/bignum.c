#include "rt.h"
#define BASE 1000000000ul
typedef struct { u32 *limbs; i32 n; } Big;
static Big *big(i32 cap) { Big *b = alloc(sizeof(Big)); b->limbs = alloc(cap * 4); for (i32 i = 0; i < cap; i++) b->limbs[i] = 0; b->n = 1; return b; }
static void setSmall(Big *a, u32 v) { a->limbs[0] = v; a->n = 1; }
static void mulSmall(Big *a, u32 m) {
  u64 carry = 0;
  for (i32 i = 0; i < a->n; i++) { u64 t = (u64)a->limbs[i] * m + carry; a->limbs[i] = (u32)(t % BASE); carry = t / BASE; }
  while (carry > 0) { a->limbs[a->n++] = (u32)(carry % BASE); carry /= BASE; }
}
static void add(Big *r, Big *a, Big *b) {
  i32 n = a->n > b->n ? a->n : b->n;
  u32 carry = 0;
  for (i32 i = 0; i < n; i++) {
    u32 s = carry + (i < a->n ? a->limbs[i] : 0) + (i < b->n ? b->limbs[i] : 0);
    carry = s >= (u32)BASE ? 1 : 0;
    if (carry) s -= (u32)BASE;
    r->limbs[i] = s;
  }
  r->n = n;
  if (carry) r->limbs[r->n++] = 1;
}
static void mul(Big *r, Big *a, Big *b) {
  i32 n = a->n + b->n;
  for (i32 i = 0; i < n; i++) r->limbs[i] = 0;
  for (i32 i = 0; i < a->n; i++) {
    u64 carry = 0, ai = a->limbs[i];
    for (i32 j = 0; j < b->n; j++) { u64 t = ai * b->limbs[j] + r->limbs[i + j] + carry; r->limbs[i + j] = (u32)(t % BASE); carry = t / BASE; }
    i32 k = i + b->n;
    while (carry > 0) { u64 t = r->limbs[k] + carry; r->limbs[k] = (u32)(t % BASE); carry = t / BASE; k++; }
  }
  r->n = n;
  while (r->n > 1 && r->limbs[r->n - 1] == 0) r->n--;
}
static u32 modSmall(Big *a, u32 m) { u64 r = 0; for (i32 i = a->n - 1; i >= 0; i--) r = (r * BASE + a->limbs[i]) % m; return (u32)r; }
static u64 digitSum(Big *a) { u64 s = 0; for (i32 i = 0; i < a->n; i++) { u32 v = a->limbs[i]; while (v > 0) { s += v % 10; v /= 10; } } return s; }
static void printBig(Big *a) {
  printU64(a->limbs[a->n - 1]);
  for (i32 i = a->n - 2; i >= 0; i--) { u32 v = a->limbs[i]; for (u32 d = 100000000; d > 0; d /= 10) printU64((v / d) % 10); }
}
void program(void) {
  Big *f = big(200);
  setSmall(f, 1);
  for (u32 i = 2; i <= 200; i++) mulSmall(f, i);
  print("200! has "); printU64(f->n); print(" limbs, digit sum "); printU64(digitSum(f)); print(", mod 1000003 = "); printU64(modSmall(f, 1000003)); println("");
  Big *a = big(40), *b = big(40), *c = big(40);
  setSmall(a, 0); setSmall(b, 1);
  for (int i = 0; i < 999; i++) { add(c, a, b); Big *t = a; a = b; b = c; c = t; }
  print("fib(1000) = "); printBig(b); println("");
  Big *p = big(30);
  setSmall(p, 1);
  for (int i = 0; i < 500; i++) mulSmall(p, 3);
  print("3^500 = "); printBig(p); println("");
  Big *sq = big(80);
  mul(sq, p, p);
  print("3^1000 digit sum "); printU64(digitSum(sq)); print(", mod 7 = "); printU64(modSmall(sq, 7)); println("");
  Big *bg = big(300);
  mul(bg, f, sq);
  print("200! * 3^1000 mod 999983 = "); printU64(modSmall(bg, 999983)); println("");
  flush();
}
