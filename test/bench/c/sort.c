#include "rt.h"
static u32 seed = 12345;
static u32 rnd(void) { seed = seed * 1103515245u + 12345u; return (seed >> 8) & 0xffffff; }
static void quicksort(i32 *a, i32 lo, i32 hi) {
  while (lo < hi) {
    i32 p = a[(u32)(lo + hi) >> 1];
    i32 i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) { i32 t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; } else { quicksort(a, i, hi); hi = j; }
  }
}
static void mergesort(i32 *a, i32 *tmp, i32 lo, i32 hi) {
  if (hi - lo < 2) return;
  i32 mid = (u32)(lo + hi) >> 1;
  mergesort(a, tmp, lo, mid);
  mergesort(a, tmp, mid, hi);
  i32 i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < mid) tmp[k++] = a[i++];
  while (j < hi) tmp[k++] = a[j++];
  for (i32 m = lo; m < hi; m++) a[m] = tmp[m];
}
static void siftDown(i32 *a, i32 start, i32 end) {
  i32 root = start;
  while (2 * root + 1 <= end) {
    i32 child = 2 * root + 1;
    if (child + 1 <= end && a[child] < a[child + 1]) child++;
    if (a[root] < a[child]) { i32 t = a[root]; a[root] = a[child]; a[child] = t; root = child; } else return;
  }
}
static void heapsort(i32 *a, i32 n) {
  for (i32 s = (n - 2) / 2; s >= 0; s--) siftDown(a, s, n - 1);
  for (i32 end = n - 1; end > 0; end--) { i32 t = a[end]; a[end] = a[0]; a[0] = t; siftDown(a, 0, end - 1); }
}
static u64 checksum(i32 *a, i32 n) { u64 h = 0; for (i32 i = 0; i < n; i++) h = h * 31 + (u64)(i64)a[i]; return h; }
static int sorted(i32 *a, i32 n) { for (i32 i = 1; i < n; i++) if (a[i - 1] > a[i]) return 0; return 1; }
void program(void) {
  enum { N = 5000 };
  i32 *a = alloc(N * 4), *b = alloc(N * 4), *c = alloc(N * 4), *tmp = alloc(N * 4);
  for (i32 i = 0; i < N; i++) { i32 v = (i32)rnd() - 0x800000; a[i] = v; b[i] = v; c[i] = v; }
  quicksort(a, 0, N - 1);
  mergesort(b, tmp, 0, N);
  heapsort(c, N);
  print("quicksort "); printU64(checksum(a, N)); println(sorted(a, N) ? " sorted" : " NOT sorted");
  print("mergesort "); printU64(checksum(b, N)); println(sorted(b, N) ? " sorted" : " NOT sorted");
  print("heapsort  "); printU64(checksum(c, N)); println(sorted(c, N) ? " sorted" : " NOT sorted");
  print("min "); printU64((u64)(i64)a[0]); print(" max "); printU64((u64)(i64)a[N - 1]); println("");
  flush();
}
