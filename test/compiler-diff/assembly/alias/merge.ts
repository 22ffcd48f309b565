// The merge loop of a merge sort reads a's length on every iteration and stores into tmp. With
// separate arrays the length leaves the loop under a test that tmp's elements miss a's length
// word; here a's length word is tmp[6], so the store at k = 6 changes a's length mid-loop: first
// growing it (the merge goes on), then shrinking it to one element, so the next read a[4] must
// abort exactly as in V8 (the test before the loop must fail, and the original loop run).
import { flush, printI64, println } from "../io";

function merge(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, mid: i32, hi: i32): i64 {
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  let s: i64 = k;
  for (let m = lo; m < k; m++) s = s * 31 + tmp[m];
  return s;
}

function show(v: i64): void { printI64(v); println(""); flush(); }

/** An array of `n` i32 elements at `p`: its length word just below. */
function arrayAt(p: usize, n: u32): StaticArray<i32> { store<u32>(p - 4, n << 2); return changetype<StaticArray<i32>>(p); }

function fill(a: StaticArray<i32>, v: i32[]): void { for (let i = 0; i < v.length; i++) a[i] = v[i]; }

export function main(): void {
  const sep = new StaticArray<i32>(10), st = new StaticArray<i32>(12);
  fill(sep, [1, 2, 3, 4, 9, 1, 2, 5, 6, 7]);
  show(merge(sep, st, 0, 5, 10));
  const big = new StaticArray<i32>(64);
  const b = changetype<usize>(big);
  const tmp = arrayAt(b + 8, 12); // big[2..13]; tmp[6] is big[8]
  const a = arrayAt(b + 36, 10); // big[9..18]: its length word is big[8] = tmp[6]
  fill(a, [100, 200, 300, 400, 900, 100, 200, 500, 600, 700]);
  show(merge(a, tmp, 0, 5, 10)); // tmp[6] = 500: a grows to 125 elements
  arrayAt(b + 36, 10);
  fill(a, [1, 2, 3, 4, 9, 1, 2, 5, 6, 7]);
  show(merge(a, tmp, 0, 5, 10)); // tmp[6] = 5: a shrinks to one element, a[4] aborts
  println("not reached");
  flush();
}
