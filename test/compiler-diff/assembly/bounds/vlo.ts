// A versioned loop started at a negative index: must abort at the first access.
import { flush, printI64, println } from "../io";
function copyRange(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, hi: i32): void {
  for (let m = lo; m < hi; m++) a[m] = tmp[m] + 1;
}
export function main(): void {
  const a = new StaticArray<i32>(10), t = new StaticArray<i32>(10);
  copyRange(a, t, 0, 10); printI64(<i64>a[9]); println(""); flush();
  copyRange(a, t, -1, 5); printI64(<i64>a[0]); println(""); flush();
}
