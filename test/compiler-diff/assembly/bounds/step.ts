// `i < a.length` is tested before i++ inside the body; the second read may be one past the end.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) { s += a[i]; i++; s += a[i] * 2; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<i32>(6), b = new StaticArray<i32>(5); a[1] = 3; b[2] = 1; printI64(f(a)); printI64(f(b)); }
