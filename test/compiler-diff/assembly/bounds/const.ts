// Constant indices: 0 and 5 are in range of a 6-element array, 6 is not.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i64>): i64 {
  let s = a[5] + a[0];
  printI64(s); println(""); flush();
  s += a[3] + a[6];
  return s;
}
export function main(): void { const a = new StaticArray<i64>(6); a[5] = 2; printI64(f(a)); }
