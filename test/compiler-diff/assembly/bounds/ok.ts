// Bounds-check patterns the optimiser may simplify, none of which is out of range: the output
// must match V8's exactly (test/compiler-diff/bounds.test.ts).
import { flush, print, printI64, println } from "../io";

function fill(a: StaticArray<i32>, seed: i32): void {
  for (let i = 0; i < a.length; i++) { seed = seed * 1103515245 + 12345; a[i] = seed >> 8; }
}
function sumAll(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
function sumRange(a: StaticArray<i32>, lo: i32, hi: i32): i64 {
  let s: i64 = 0;
  for (let i = lo; i < hi; i++) s += a[i] ^ i;
  return s;
}
function readTwice(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) { const x = a[i]; a[i] = x + 1; s += a[i] * 3 - x; }
  return s;
}
function backwards(a: StaticArray<u8>): i64 {
  let s: i64 = 0;
  for (let i = a.length - 1; i >= 0; i--) s = s * 7 + a[i];
  return s;
}
function twoArrays(a: StaticArray<i32>, b: StaticArray<i32>, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) { b[i] = a[i] + b[i]; s += b[i]; }
  return s;
}
function searchWhile(a: StaticArray<i32>, p: i32): i32 {
  let i = 0;
  while (a[i] < p) i++;
  return i;
}
function constIdx(a: StaticArray<i64>): i64 {
  a[3] = a[0] + a[5];
  return a[3] + a[0] * a[5];
}
function dyn(n: i32): i64 {
  const v = new Array<i32>();
  for (let i = 0; i < n; i++) v.push(i * i);
  let s: i64 = 0;
  for (let i = 0; i < v.length; i++) { s += v[i]; if (i == 5) v.pop(); }
  return s + v.length;
}
function nested(a: StaticArray<i32>, m: i32): i64 {
  let s: i64 = 0;
  for (let j = 0; j < m; j++) for (let i = 0; i < a.length; i++) s += a[i] * j;
  return s;
}
function empty(n: i32): i64 {
  // Never read: a speculative read of its length would fault.
  const a = changetype<StaticArray<i32>>(0);
  let s: i64 = 0;
  for (let i = 0; i < n; i++) s += a[i];
  let j = 0;
  while (j < n) { s += a[j]; j++; }
  return s;
}

export function main(): void {
  const a = new StaticArray<i32>(300), b = new StaticArray<i32>(300);
  fill(a, 1); fill(b, 2);
  printI64(sumAll(a)); println("");
  printI64(sumRange(a, 10, 290)); println("");
  printI64(sumRange(a, 290, 10)); println("");
  printI64(readTwice(b)); println("");
  const c = new StaticArray<u8>(77);
  for (let i = 0; i < c.length; i++) c[i] = <u8>(i * 13);
  printI64(backwards(c)); println("");
  printI64(twoArrays(a, b, 200)); println("");
  a[250] = 0x7fffffff;
  printI64(searchWhile(a, 0x7fffffff)); println("");
  const d = new StaticArray<i64>(6);
  d[0] = 5; d[5] = 7;
  printI64(constIdx(d)); println("");
  printI64(dyn(20)); println("");
  printI64(nested(c.length > 5 ? a : b, 4)); println("");
  printI64(empty(0)); println("");
  print("done"); println("");
  flush();
}
