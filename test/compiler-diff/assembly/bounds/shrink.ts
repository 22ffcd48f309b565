// The array's length changes inside the loop (pop); the loop bound was read before.
import { flush, printI64, println } from "../io";
function f(v: Array<i32>): i64 {
  let s: i64 = 0;
  const n = v.length;
  for (let i = 0; i < n; i++) { s += v[i]; if (i == 3) v.pop(); printI64(s); println(""); flush(); }
  return s;
}
export function main(): void { const v = new Array<i32>(); for (let i = 0; i < 6; i++) v.push(i + 1); printI64(f(v)); }
