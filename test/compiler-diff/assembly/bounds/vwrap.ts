// A second counter whose range only 64-bit arithmetic gets right: 32-bit, the guard's top index
// 2 + (2^32 - 2) - 1 would wrap to -1 and pass. The checked loop must abort when j reaches 10.
import { flush, printI64, println } from "../io";
function fillFrom(a: StaticArray<i32>, lo: i32, hi: i32, j: i32): i32 {
  for (let i = lo; i < hi; i++) { a[j] = i; j++; }
  return j;
}
export function main(): void {
  const a = new StaticArray<i32>(10);
  printI64(<i64>fillFrom(a, 0, 5, 2)); println(""); flush();
  printI64(<i64>fillFrom(a, -2147483647, 2147483647, 2)); println(""); flush();
}
