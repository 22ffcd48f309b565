// Out of range after `i` changes between two accesses with the same index expression.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>): i64 {
  let s: i64 = 0, i = 0;
  while (true) { s += a[i]; i++; s += a[i]; printI64(s); println(""); flush(); }
}
export function main(): void { const a = new StaticArray<i32>(4); a[0] = 1; a[3] = 9; printI64(f(a)); }
