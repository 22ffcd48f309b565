// Runaway mutual recursion through tail calls to another function (not turned into jumps).
import { flush, println } from "../io";
let calls: i32 = 0;
function ping(n: i32): i32 {
  calls++;
  if (n == -1) return calls;
  return pong(n + 1);
}
function pong(n: i32): i32 {
  calls += 2;
  if (n == -3) return -calls;
  return n & 1 ? ping(n + 1) : ping(n + 3);
}
export function main(): void {
  println("before"); flush();
  println(ping(0).toString());
}
