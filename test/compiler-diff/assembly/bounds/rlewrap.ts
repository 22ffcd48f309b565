// `i <= hi` with hi = INT32_MAX: i wraps to INT32_MIN and the index i - base reaches 16, one
// past the end, though in exact arithmetic it never would. The guard must not pass.
import { flush, printI64, println } from "../io";
function upTo(a: StaticArray<i32>, lo: i32, hi: i32, base: i32): i64 {
  let s: i64 = 0;
  for (let i = lo; i <= hi; i++) s += a[i - base];
  return s;
}
export function main(): void {
  const a = new StaticArray<i32>(16);
  for (let i = 0; i < 16; i++) a[i] = i + 1;
  printI64(upTo(a, 2, 15, 0)); println(""); flush();
  printI64(upTo(a, 0x7ffffff4, 0x7fffffff, 0x7ffffff0)); println(""); flush();
}
