// Counting down below zero (`i >= -2`): the checked loop must abort at a[-1].
import { flush, printI64, println } from "../io";
function down(a: StaticArray<i32>, n: i32, stop: i32): i64 {
  let s: i64 = 0;
  for (let i = n; i >= stop; i--) s = s * 3 + a[i];
  return s;
}
export function main(): void {
  const a = new StaticArray<i32>(10);
  for (let i = 0; i < 10; i++) a[i] = i;
  printI64(down(a, 9, 0)); println(""); flush();
  printI64(down(a, 9, -2)); println(""); flush();
}
