// In range for one array, out of range for a shorter one indexed by the same variable.
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>, b: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) { s += a[i]; s += b[i]; printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const a = new StaticArray<i32>(8), b = new StaticArray<i32>(5); a[1] = 3; b[4] = 2; printI64(f(a, b)); }
