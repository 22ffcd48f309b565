// Counting down from one past the end: after a good call, the checked loop must abort at the
// very first read, a[length].
import { flush, printI64, println } from "../io";
function down(a: StaticArray<i32>, n: i32): i64 {
  let s: i64 = 0;
  for (let i = n; i >= 0; i--) s = s * 3 + a[i];
  return s;
}
export function main(): void {
  const a = new StaticArray<i32>(10);
  for (let i = 0; i < 10; i++) a[i] = i;
  printI64(down(a, 9)); println(""); flush();
  printI64(down(a, 10)); println(""); flush();
}
