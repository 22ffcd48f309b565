// Runaway non-tail recursion whose base case is an early exit before the frame (shrink-wrapped):
// the stack check in the frame set-up must still fire.
import { flush, println } from "../io";
function deep(n: i32, x: f64): f64 {
  if (n == -1) return x;
  return deep(n + 1, x * 0.5) + 1.0;
}
export function main(): void {
  println("before"); flush();
  println(deep(0, 1.0).toString());
}
