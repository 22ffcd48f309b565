// call_indirect of a null table entry: must trap.
import { flush, println } from "../io";
function one(x: i32): i32 { return x + 1; }
export function main(): void {
  const f: (x: i32) => i32 = one;
  println("before"); flush();
  store<u32>(changetype<usize>(f), 0);
  println(f(41).toString());
}
