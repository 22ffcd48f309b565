// The same index read and written (one check would do), until it runs one past the end.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) { a[i] = a[i] + i; s += a[i]; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<i32>(5); printI64(f(a, 9)); }
