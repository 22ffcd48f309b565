// Heapsort of pseudo-random integers (a linear congruential generator in a global), then a
// check that the result is sorted and a checksum.
import { flush, print, printI64, println } from "./io";

let lcg: u32 = 12345;
function rand(): i32 {
  lcg = lcg * 1103515245 + 12345;
  return <i32>(lcg >> 1);
}

function siftDown(a: StaticArray<i32>, root: i32, end: i32): void {
  while (true) {
    let child = 2 * root + 1;
    if (child >= end) break;
    if (child + 1 < end && a[child] < a[child + 1]) child++;
    if (a[root] >= a[child]) break;
    const t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

function heapsort(a: StaticArray<i32>, n: i32): void {
  for (let i = n / 2 - 1; i >= 0; i--) siftDown(a, i, n);
  for (let end = n - 1; end > 0; end--) {
    const t = a[0];
    a[0] = a[end];
    a[end] = t;
    siftDown(a, 0, end);
  }
}

export function main(): void {
  const n = 20000;
  const a = new StaticArray<i32>(n);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < n; i++) a[i] = rand() % (1000 << round);
    heapsort(a, n);
    let sorted = true;
    let sum: u64 = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && a[i - 1] > a[i]) sorted = false;
      sum = sum * 31 + <u64>a[i];
    }
    print("heapsort round "); printI64(round); print(sorted ? " sorted" : " NOT sorted");
    print(" min="); printI64(a[0]); print(" max="); printI64(a[n - 1]); print(" sum="); printI64(<i64>sum); println("");
  }
  flush();
}
