// call_indirect of a table entry whose function has another signature: must trap.
import { flush, println } from "../io";
function wide(x: i64): i64 { return x + 1; }
function wider(x: i64): i64 { return x + 2; }
function narrow(x: i32): i32 { return x - 1; }
export function main(): void {
  const fs: StaticArray<(x: i64) => i64> = [wide, wider];
  const ns: StaticArray<(x: i32) => i32> = [narrow];
  println(ns[0](fs[1](5) as i32).toString()); // both signatures are in the table
  println("before"); flush();
  const g = changetype<(x: i32) => i32>(changetype<usize>(fs[<i32>load<u8>(8)])); // memory[8] is 0
  println(g(41).toString());
}
