// Tail duplication (tools/backend/opt/taildup.ts): loop blocks that jump back to a shared block
// get their own copy of it. An interpreter whose handlers each get their own dispatch (a
// `br_table` whose copies share one jump table), if/else arms with their own join, a tail with
// a bounds check (its copies must still abort), a tail too big to copy, and a loop whose back
// edge is reached from many arms. Ends with the dispatch reading past the program: the abort
// must come from whichever copy runs.
import { flush, print, printI64, println } from "../io";

function line(label: string, v: i64): void { print(label); print("="); printI64(v); println(""); }

// A small stack machine: 0 halt, 1 push imm, 2 add, 3 sub, 4 mul, 5 dup, 6 swap, 7 jnz back,
// 8 drop, 9 xor, 10 rot (a b c -> b c a).
function run(code: StaticArray<i32>, stack: StaticArray<i64>, limit: i32): i64 {
  let pc = 0;
  let sp = 0;
  let steps = 0;
  while (steps < limit) {
    steps++;
    switch (code[pc++]) {
      case 0: return sp > 0 ? stack[sp - 1] : -1;
      case 1: stack[sp++] = <i64>code[pc++]; break;
      case 2: sp--; stack[sp - 1] += stack[sp]; break;
      case 3: sp--; stack[sp - 1] -= stack[sp]; break;
      case 4: sp--; stack[sp - 1] *= stack[sp]; break;
      case 5: stack[sp] = stack[sp - 1]; sp++; break;
      case 6: { const t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case 7: { const off = code[pc++]; sp--; if (stack[sp] != 0) pc -= off; break; }
      case 8: sp--; break;
      case 9: sp--; stack[sp - 1] ^= stack[sp]; break;
      case 10: { const a = stack[sp - 3]; stack[sp - 3] = stack[sp - 2]; stack[sp - 2] = stack[sp - 1]; stack[sp - 1] = a; break; }
      default: return -2;
    }
  }
  return <i64>steps * 1000 + <i64>pc;
}

// If/else arms with a small shared join (a running checksum) in a loop.
function arms(n: i32): i64 {
  let s: i64 = 7;
  let x: u32 = 1;
  for (let i = 0; i < n; i++) {
    x = x * 1664525 + 1013904223;
    if (x & 1) s += <i64>(x >> 3);
    else if (x & 2) s ^= <i64>x;
    else s -= 5;
    s = (s << 1) ^ (s >> 7);
  }
  return s;
}

// The join reads an array (bounds check in the copied tail); `bad` makes the last round read
// past its end.
function joinCheck(a: StaticArray<i32>, n: i32, bad: bool): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    let k = i % a.length;
    if (i & 1) k = a.length - 1 - k;
    if (bad && i == n - 1) k = a.length;
    s = s * 3 + <i64>a[k];
  }
  return s;
}

// A join too big to copy (many instructions after the merge).
function bigJoin(n: i32): i64 {
  let s: i64 = 1;
  for (let i = 0; i < n; i++) {
    let v: i64 = i & 4 ? <i64>i * 3 : <i64>i - 11;
    s = s * 31 + v; s ^= s >> 13; s = s * 17 + 3; s ^= s << 5; s += v * v; s ^= s >> 9; s = s * 7 + 1;
  }
  return s;
}

export function main(): void {
  // [sum n]: loop { dup dup mul push 3 xor rot add swap push 1 sub dup jnz loop } drop halt
  const prog: i32[] = [1, 0, 1, 20, 5, 5, 4, 1, 3, 9, 10, 2, 6, 1, 1, 3, 5, 7, 15, 8, 0];
  const code = new StaticArray<i32>(prog.length);
  for (let i = 0; i < prog.length; i++) code[i] = prog[i];
  const stack = new StaticArray<i64>(16);
  line("run", run(code, stack, 100000));
  line("runLimited", run(code, stack, 50));
  line("arms", arms(10000));
  const a = new StaticArray<i32>(37);
  for (let i = 0; i < 37; i++) a[i] = i * i - 100;
  line("joinCheck", joinCheck(a, 500, false));
  line("bigJoin", bigJoin(3000));
  print("before\n");
  flush();
  // Without its halt the program runs off the end of the code: the dispatch's bounds check.
  const cut = new StaticArray<i32>(prog.length - 1);
  for (let i = 0; i < prog.length - 1; i++) cut[i] = prog[i];
  line("cut", run(cut, stack, 100000));
  flush();
}
