// A loop over a "null" StaticArray: no iteration reads nothing (so nothing may fault), one
// iteration reads its length at address -4, out of bounds.
import { flush, printI64, println } from "../io";
function f(n: i32): i64 {
  const a = changetype<StaticArray<i32>>(0);
  let s: i64 = 0;
  for (let i = 0; i < n; i++) s += a[i];
  return s;
}
export function main(): void { printI64(f(0)); println(""); flush(); printI64(f(1)); println(""); flush(); }
