// `i <= a.length`: the last iteration is one past the end.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i <= a.length; i++) { s += a[i]; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<i32>(6); a[5] = 11; printI64(f(a)); }
