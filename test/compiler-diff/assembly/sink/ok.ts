// Post-increments whose old value is read after the bounds check (opt/sink.ts moves the
// increment below that read), on one path or several; none out of range: the output must match
// V8's exactly (test/compiler-diff/sink.test.ts).
import { flush, print, printI64, println } from "../io";

const stack = new StaticArray<i64>(64);

// Interpreter dispatch: `code[pc++]`, `stack[sp++] = ...`, `stack[--sp]`.
function run(code: StaticArray<i32>, steps: i32): i64 {
  let pc = 0, sp = 0;
  let acc: i64 = 0;
  for (let n = 0; n < steps; n++) {
    const op = code[pc++];
    switch (op) {
      case 0: stack[sp++] = code[pc++]; break;
      case 1: sp--; stack[sp - 1] += stack[sp]; break;
      case 2: stack[sp] = stack[sp - 1]; sp++; break;
      case 3: acc = acc * 31 + stack[--sp]; break;
      case 4: { const t = code[pc++]; if (stack[--sp] != 0) pc = t; break; }
      default: pc = 0; sp = 0;
    }
  }
  return acc * 1000 + pc * 64 + sp;
}
// The new value read on both paths after the element.
function bothPaths(a: StaticArray<i32>, n: i32): i64 {
  let s: i64 = 0;
  let i = 0;
  while (i < n) {
    const x = a[i++];
    if (x & 1) s += i * 3;
    else s -= x + i;
  }
  return s;
}
// A post-increment not carried around the loop, its new value read on one path only.
function onePath(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let r = 0; r < a.length; r++) {
    let j = r;
    const v = a[j++];
    if (v & 2) s += j * 5;
    s += v;
  }
  return s;
}
// The exit reads the new value: the increment may pass the check, not the exit test.
function findAfter(a: StaticArray<i32>, p: i32): i32 {
  let i = 0;
  while (true) {
    const v = a[i++];
    if (v == p) return i;
  }
}
// The operand changes right after the element: a sum of the old index must not see it.
function redefined(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  let i = 0;
  while (i < a.length) {
    const t = i + 5;
    const v = a[i];
    i = v & 3 ? i + 1 : i + 2;
    s += <i64>t * v + i;
  }
  return s;
}
// The operand changes after the sum, before the branch that alone reads the sum: the sum may
// not move past that change.
function operandChanges(a: StaticArray<i32>, k: i32): i64 {
  let s: i64 = 0;
  let x = 1;
  for (let r = 0; r < 200; r++) {
    const t = x * k + 7;
    x = (x ^ r) + 3;
    if (x & 4) a[r & 63] = t;
    s += x;
  }
  for (let r = 0; r < 64; r++) s = s * 3 + a[r];
  return s;
}
// Two post-increments in one statement, both old values read behind two checks.
function merge(a: StaticArray<i32>, b: StaticArray<i32>, out: StaticArray<i32>): i64 {
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  let s: i64 = 0;
  for (let m = 0; m < out.length; m++) s = s * 3 + out[m];
  return s + k;
}
// k's increment goes into both arms of the ?: and back together below the join, past the
// store of the old k; where one arm reads the new k it may not pass that arm's read.
function arms(a: StaticArray<i32>, out: StaticArray<i32>): i64 {
  let k = 0;
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) {
    const old = k++;
    const v = a[i] & 1 ? a[i] * 3 : k * 2 + a[i];
    out[old] = v;
    s += v;
  }
  return s + k;
}
// The increment copied into both inner arms, which (their join being empty) jump straight to
// the outer join that a third path, setting k itself, reaches too: the copies may not merge
// into that join.
function threeWay(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < 50) k = v;
    else {
      const old = k++;
      if (v & 1) s = s * 7 + old;
      else s = s / (v + 1) - old;
    }
    s += k;
  }
  return s;
}

export function main(): void {
  const code: StaticArray<i32> = [0, 5, 2, 1, 3, 0, 7, 3, 0, 3, 0, 1, 1, 4, 0, 9];
  printI64(run(code, 1000)); println("");
  const a = new StaticArray<i32>(100);
  let seed = 7;
  for (let i = 0; i < a.length; i++) { seed = seed * 1103515245 + 12345; a[i] = (seed >> 9) & 255; }
  printI64(bothPaths(a, 100)); print(" "); printI64(bothPaths(a, 37)); println("");
  printI64(onePath(a)); println("");
  printI64(findAfter(a, a[63])); print(" "); printI64(redefined(a)); println("");
  printI64(operandChanges(a, 3)); println("");
  const b = new StaticArray<i32>(60);
  for (let i = 0; i < b.length; i++) b[i] = i * 4 + 1;
  const s = new StaticArray<i32>(50);
  for (let i = 0; i < s.length; i++) s[i] = i * 5;
  printI64(merge(s, b, new StaticArray<i32>(110))); println("");
  printI64(arms(a, new StaticArray<i32>(100))); print(" "); printI64(threeWay(a)); println("");
  println("done");
  flush();
}
