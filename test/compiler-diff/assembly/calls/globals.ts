// Which globals a call may write (opt/effects.ts): loads of a global survive calls whose
// callees (transitively, through the table and the imported output routine) never write it,
// and leave loops that never write it — and must NOT where a callee writes it, directly, two
// calls deep, or through a function reference. A dispatch loop (br_table) reads the globals on
// several of its paths, as an interpreter reads its stack pointer.
import { flush, print, printI64, println } from "../io";

let table: StaticArray<i32> = new StaticArray<i32>(8);
let scale: i32 = 3;
let counter: i64 = 0;
let hidden: i32 = 1;

function setHidden(x: i32): i32 { hidden = hidden * 5 + x; return x; }
function deep(x: i32): i32 { return setHidden(x + 1) - 1; }
function keep(x: i32): i32 { counter += <i64>x; return x; }
function grow(x: i32): i32 { scale += 1; return x; }
function replace(x: i32): i32 { table = new StaticArray<i32>(8 + (x & 7)); return x; }

function dispatch(n: i32, fns: StaticArray<(x: i32) => i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    switch (i % 6) {
      case 0: s += <i64>table[i & 7] * <i64>scale; break;
      case 1: s += <i64>keep(i) + <i64>hidden; break;
      case 2: s ^= <i64>table.length + <i64>deep(i); s += <i64>hidden; break;
      case 3: s += <i64>fns[i & 3](i) + <i64>scale + <i64>table.length; break;
      case 4: if ((i & 63) == 4) { printI64(s & 0xffff); print(" "); } s += <i64>scale; break;
      default: table[i & 7] = i; s = s * 3 + <i64>hidden;
    }
  }
  return s;
}

export function main(): void {
  const a: StaticArray<(x: i32) => i32> = [keep, keep, keep, keep];
  const b: StaticArray<(x: i32) => i32> = [keep, grow, deep, replace];
  const r1 = dispatch(500, a);
  println("");
  print("a="); printI64(r1); print(" counter="); printI64(counter); print(" hidden="); printI64(hidden); println("");
  const r2 = dispatch(500, b);
  println("");
  print("b="); printI64(r2); print(" scale="); printI64(scale); print(" len="); printI64(table.length); print(" hidden="); printI64(hidden); println("");
  flush();
}
