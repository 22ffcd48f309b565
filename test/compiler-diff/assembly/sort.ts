// Sorting: quicksort, merge sort and heap sort of pseudo-random arrays; checksums agree.
import { flush, print, printU64, println } from "./io";

let seed: u32 = 12345;
function rand(): u32 {
  seed = seed * 1103515245 + 12345;
  return (seed >> 8) & 0xffffff;
}

function quicksort(a: StaticArray<i32>, lo: i32, hi: i32): void {
  while (lo < hi) {
    const p = a[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++; j--;
      }
    }
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; } else { quicksort(a, i, hi); hi = j; }
  }
}

function mergesort(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, hi: i32): void {
  if (hi - lo < 2) return;
  const mid = (lo + hi) >>> 1;
  mergesort(a, tmp, lo, mid);
  mergesort(a, tmp, mid, hi);
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < mid) tmp[k++] = a[i++];
  while (j < hi) tmp[k++] = a[j++];
  for (let m = lo; m < hi; m++) a[m] = tmp[m];
}

function siftDown(a: StaticArray<i32>, start: i32, end: i32): void {
  let root = start;
  while (2 * root + 1 <= end) {
    let child = 2 * root + 1;
    if (child + 1 <= end && a[child] < a[child + 1]) child++;
    if (a[root] < a[child]) {
      const t = a[root]; a[root] = a[child]; a[child] = t;
      root = child;
    } else return;
  }
}

function heapsort(a: StaticArray<i32>): void {
  const n = a.length;
  for (let s = (n - 2) / 2; s >= 0; s--) siftDown(a, s, n - 1);
  for (let end = n - 1; end > 0; end--) {
    const t = a[end]; a[end] = a[0]; a[0] = t;
    siftDown(a, 0, end - 1);
  }
}

function checksum(a: StaticArray<i32>): u64 {
  let h: u64 = 0;
  for (let i = 0; i < a.length; i++) h = h * 31 + <u64>a[i];
  return h;
}

function sorted(a: StaticArray<i32>): bool {
  for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) return false;
  return true;
}

export function main(): void {
  const N = 5000;
  const a = new StaticArray<i32>(N), b = new StaticArray<i32>(N), c = new StaticArray<i32>(N), tmp = new StaticArray<i32>(N);
  for (let i = 0; i < N; i++) { const v = <i32>rand() - 0x800000; a[i] = v; b[i] = v; c[i] = v; }
  quicksort(a, 0, N - 1);
  mergesort(b, tmp, 0, N);
  heapsort(c);
  print("quicksort "); printU64(checksum(a)); println(sorted(a) ? " sorted" : " NOT sorted");
  print("mergesort "); printU64(checksum(b)); println(sorted(b) ? " sorted" : " NOT sorted");
  print("heapsort  "); printU64(checksum(c)); println(sorted(c) ? " sorted" : " NOT sorted");
  print("min "); printU64(<u64><i64>a[0]); print(" max "); printU64(<u64><i64>a[N - 1]); println("");
  flush();
}
