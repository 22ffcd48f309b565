// A merge into an array one element too short: k reaches tmp.length exactly on the last step,
// after a good merge; the checked loop must abort there.
import { flush, printI64, println } from "../io";
function merge(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, mid: i32, hi: i32): i32 {
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  return k;
}
export function main(): void {
  const a = new StaticArray<i32>(20), t = new StaticArray<i32>(20), s = new StaticArray<i32>(13);
  for (let i = 0; i < 20; i++) a[i] = i % 10;
  printI64(<i64>merge(a, t, 0, 10, 20)); println(""); flush();
  printI64(<i64>merge(a, s, 4, 10, 20)); println(""); flush();
}
