#include "rt.h"
static u32 lcg = 12345;
static i32 rand_(void) { lcg = lcg * 1103515245u + 12345u; return (i32)(lcg >> 1); }
static void siftDown(i32 *a, i32 root, i32 end) {
  for (;;) {
    i32 child = 2 * root + 1;
    if (child >= end) break;
    if (child + 1 < end && a[child] < a[child + 1]) child++;
    if (a[root] >= a[child]) break;
    i32 t = a[root]; a[root] = a[child]; a[child] = t;
    root = child;
  }
}
static void heapsort(i32 *a, i32 n) {
  for (i32 i = n / 2 - 1; i >= 0; i--) siftDown(a, i, n);
  for (i32 end = n - 1; end > 0; end--) { i32 t = a[0]; a[0] = a[end]; a[end] = t; siftDown(a, 0, end); }
}
void program(void) {
  const i32 n = 20000;
  i32 *a = alloc(n * 4);
  for (i32 round = 0; round < 3; round++) {
    for (i32 i = 0; i < n; i++) a[i] = rand_() % (1000 << round);
    heapsort(a, n);
    int sorted = 1; u64 sum = 0;
    for (i32 i = 0; i < n; i++) { if (i > 0 && a[i - 1] > a[i]) sorted = 0; sum = sum * 31 + (u64)(i64)a[i]; }
    print("heapsort round "); printI64(round); print(sorted ? " sorted" : " NOT sorted");
    print(" min="); printI64(a[0]); print(" max="); printI64(a[n - 1]); print(" sum="); printI64((i64)sum); println("");
  }
  flush();
}
