// Counting down past zero: index -1.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<u8>): i64 {
  let s: i64 = 0;
  for (let i = a.length - 1; i >= -1; i--) { s += a[i]; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<u8>(3); a[0] = 200; printI64(f(a)); }
