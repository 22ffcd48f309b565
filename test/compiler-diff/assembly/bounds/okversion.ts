// Loops the backend versions (opt/version.ts: one range test before the loop, then a copy
// without bounds checks), all in range: the output must match V8's exactly.
import { flush, print, printI64, println } from "../io";

function copyRange(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, hi: i32): void {
  for (let m = lo; m < hi; m++) a[m] = tmp[m];
}
function tail(a: StaticArray<i32>, tmp: StaticArray<i32>, i: i32, mid: i32, k: i32): i32 {
  while (i < mid) tmp[k++] = a[i++];
  return k;
}
function shifted(a: StaticArray<i32>, b: StaticArray<i32>, lo: i32, hi: i32): i64 {
  let s: i64 = 0;
  for (let i = lo; i < hi; i++) { b[i - 1] = a[i + 1] - a[i]; s += b[i - 1]; }
  return s;
}
function wide(a: StaticArray<i64>, b: StaticArray<f64>, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) { a[i] = a[i] * 3 + 1; b[i] = <f64>a[i] * 0.5; s += b[i]; }
  return s;
}
function early(a: StaticArray<i32>, lo: i32, hi: i32): i32 {
  let i = lo;
  for (; i < hi; i++) if (a[i] == 7) break;
  return i;
}
function upTo(a: StaticArray<i32>, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; n > i; i++) s += a[i];
  return s;
}
function sum(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) s = s * 31 + a[i];
  return s;
}
export function main(): void {
  const a = new StaticArray<i32>(50), t = new StaticArray<i32>(50), c = new StaticArray<i32>(60);
  for (let i = 0; i < 50; i++) { a[i] = i * i; t[i] = 1000 - i; }
  for (let i = 0; i < 60; i++) c[i] = i * 7 % 13;
  copyRange(a, t, 10, 20); printI64(sum(a)); println("");
  copyRange(a, t, 0, 50); printI64(sum(a)); println("");
  copyRange(a, c, 40, 50); printI64(sum(a)); println("");
  copyRange(a, t, 30, 30); copyRange(a, t, 30, 5); printI64(sum(a)); println("");
  const nul = changetype<StaticArray<i32>>(0);
  copyRange(nul, nul, 5, 5); copyRange(nul, nul, 9, 3);
  printI64(<i64>tail(c, t, 10, 30, 5)); print(" "); printI64(sum(t)); println("");
  printI64(<i64>tail(t, c, 0, 50, 10)); print(" "); printI64(sum(c)); println("");
  printI64(shifted(c, a, 1, 49)); print(" "); printI64(sum(a)); println("");
  const w = new StaticArray<i64>(20), d = new StaticArray<f64>(25);
  for (let i = 0; i < 20; i++) w[i] = i - 5;
  printI64(<i64>wide(w, d, 20)); println("");
  printI64(<i64>early(c, 3, 60)); print(" "); printI64(<i64>early(c, 0, 0)); println("");
  printI64(upTo(c, 60)); println("");
  // The same array twice (an alias): its own stores never change its length.
  copyRange(c, c, 0, 60); printI64(sum(c)); println("");
  println("done"); flush();
}
