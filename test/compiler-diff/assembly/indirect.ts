// Indirect calls: a table of binary operations applied over data by index, a pipeline of
// unary functions chosen per element, and a callback-driven fold.
import { flush, print, printI64, println } from "./io";

function add(a: i32, b: i32): i32 { return a + b; }
function sub(a: i32, b: i32): i32 { return a - b; }
function mul(a: i32, b: i32): i32 { return a * b; }
function xor(a: i32, b: i32): i32 { return a ^ b; }
function rotlOp(a: i32, b: i32): i32 { return rotl<i32>(a, b & 31); }
function minOp(a: i32, b: i32): i32 { return a < b ? a : b; }
function inc(x: i32): i32 { return x + 1; }
function dbl(x: i32): i32 { return x << 1; }
function sq(x: i32): i32 { return x * x; }
function neg(x: i32): i32 { return -x; }

const OPS: StaticArray<(a: i32, b: i32) => i32> = [add, sub, mul, xor, rotlOp, minOp];
const UNARY: StaticArray<(x: i32) => i32> = [inc, dbl, sq, neg];

function fold(n: i32, f: (a: i32, b: i32) => i32, init: i32): i32 {
  let acc = init;
  for (let i = 1; i <= n; i++) acc = f(acc, i);
  return acc;
}

export function main(): void {
  let acc = 1;
  let seed: u32 = 99;
  for (let i = 0; i < 40000; i++) {
    seed = seed * 1103515245 + 12345;
    const op = OPS[(seed >> 16) % 6];
    const un = UNARY[(seed >> 8) & 3];
    acc = op(acc, un(i));
  }
  print("ops="); printI64(acc);
  print(" fold add="); printI64(fold(10000, add, 0)); print(" fold xor="); printI64(fold(10000, xor, 5)); print(" fold min="); printI64(fold(1000, minOp, 77));
  println("");
  flush();
}
