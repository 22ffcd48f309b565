// A near miss of the tail recursions that need no budget (opt/calls.ts countsDown): n counts
// down by one, but the exit tests k, which never changes; run from k = 1 this never ends, so
// the budget must stay and trap "call stack exhausted" as V8 throws RangeError.
import { flush, println } from "../io";

let seen: i64 = 0;
function down(n: i32, k: i32, x: i64): i64 {
  if (k == 0) return x;
  seen++;
  return down(n - 1, k, x * 3 + seen);
}

export function main(): void {
  println("before"); flush();
  println(down(10, 1, 1).toString());
  flush();
}
