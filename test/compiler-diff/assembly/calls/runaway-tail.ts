// A self tail call that never reaches its base case (n wraps only after 2^32 steps): the tail
// jump's budget must report "call stack exhausted", as V8 reports a stack overflow.
import { flush, println } from "../io";
let seen: i64 = 0;
function spin(n: i32, x: i64): i64 {
  if (n == -5) return x;
  seen++;
  return spin(n + 1, x * 3 + seen);
}
export function main(): void {
  println("before"); flush();
  println(spin(0, 1).toString());
}
