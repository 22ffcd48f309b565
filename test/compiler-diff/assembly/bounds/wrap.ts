// An i32 index that wraps around: 0x7fffffff + 1 is negative, far out of range.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>, start: i32): i64 {
  let s: i64 = 0;
  for (let i = start; i != start + 3; i++) { s += a[i & 7] + a[i > 0 ? 1 : i]; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<i32>(8); a[1] = 4; printI64(f(a, 0x7ffffffe)); }
