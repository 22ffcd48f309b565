// A counter that starts below zero under `i < a.length`: index -1 must still abort.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>, start: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  printI64(s); println(""); flush();
  for (let i = start; i < a.length; i++) { s += a[i]; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<i32>(4); a[2] = 5; printI64(f(a, 1)); printI64(f(a, -1)); }
