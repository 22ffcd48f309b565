// A versioned copy loop whose bound is one past the destination's end: the store must abort.
import { flush, printI64, println } from "../io";
function copyRange(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, hi: i32): void {
  for (let m = lo; m < hi; m++) a[m] = tmp[m];
}
export function main(): void {
  const a = new StaticArray<i32>(10), t = new StaticArray<i32>(12);
  for (let i = 0; i < 12; i++) t[i] = i + 3;
  copyRange(a, t, 0, 10); printI64(<i64>a[9]); println(""); flush();
  copyRange(a, t, 0, 11); printI64(<i64>a[9]); println(""); flush();
}
