// Loops opt/version.ts versions by range reasoning, all in range: the output must match V8's.
// A merge (two counters tested together, stepped one at a time, a third stepped each time),
// counting down, `<=`, masks and loaded bytes as indices, byte arrays, `i + j` with j fixed,
// a bound that is an array's length, and calls in the loop that write nothing.
import { flush, print, printI64, println } from "../io";

function merge(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, mid: i32, hi: i32): i32 {
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  return k;
}
function down(a: StaticArray<i32>, n: i32): i64 {
  let s: i64 = 0;
  for (let i = n - 1; i >= 0; i--) s = s * 3 + a[i];
  for (let i = n; i > 1; i--) a[i - 1] = a[i - 2] + 1;
  return s;
}
function upTo(a: StaticArray<i32>, lo: i32, hi: i32): i64 {
  let s: i64 = 0;
  for (let i = lo; i <= hi; i++) s += a[i];
  return s;
}
function crc(table: StaticArray<u32>, data: StaticArray<u8>, n: i32): u32 {
  let c: u32 = 0xffffffff;
  for (let i = 0; i < n; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return c ^ 0xffffffff;
}
function byTop(table: StaticArray<u32>, data: StaticArray<u32>, n: i32): u32 {
  let s: u32 = 0;
  for (let i = 0; i < n; i++) s += table[data[i] >>> 24];
  return s;
}
function histogram(h: StaticArray<i32>, data: StaticArray<u8>, n: i32): void {
  for (let i = 0; i < n; i++) h[data[i]]++;
}
function copyBytes(dst: StaticArray<u8>, src: StaticArray<u8>, n: i32): void {
  for (let i = 0; i < n; i++) dst[i] = src[i] ^ 0x5a;
}
function row(r: StaticArray<i32>, a: StaticArray<i32>, j0: i32, n: i32): i64 {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) { r[i + j0] += a[i]; s += r[i + j0]; }
  return s;
}
function sq(x: i32): i32 { return x * x; }
function twice(x: i32): i32 { return x + x; }
function compose(fs: StaticArray<(x: i32) => i32>, x: i32): i32 {
  for (let i = 0; i < fs.length; i++) x = fs[i](x) & 0xffff;
  return x;
}
function sum(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.length; i++) s = s * 31 + a[i];
  return s;
}

export function main(): void {
  const a = new StaticArray<i32>(40), t = new StaticArray<i32>(40);
  for (let i = 0; i < 40; i++) a[i] = (i * 37) % 19 + (i < 20 ? 0 : -3);
  // a[0..20) and a[20..40) each sorted first.
  for (let r = 0; r < 2; r++) for (let i = r * 20; i < r * 20 + 20; i++) for (let j = i + 1; j < r * 20 + 20; j++) if (a[j] < a[i]) { const x = a[i]; a[i] = a[j]; a[j] = x; }
  printI64(<i64>merge(a, t, 0, 20, 40)); print(" "); printI64(sum(t)); println("");
  printI64(<i64>merge(a, t, 5, 20, 33)); print(" "); printI64(sum(t)); println("");
  printI64(<i64>merge(a, t, 20, 20, 40)); print(" "); printI64(<i64>merge(a, t, 7, 7, 7)); println("");
  printI64(down(a, 40)); print(" "); printI64(down(a, 0)); print(" "); printI64(sum(a)); println("");
  printI64(upTo(a, 0, 39)); print(" "); printI64(upTo(a, 39, 39)); print(" "); printI64(upTo(a, 5, 2)); println("");
  const table = new StaticArray<u32>(256), data = new StaticArray<u8>(300), words = new StaticArray<u32>(50);
  for (let i = 0; i < 256; i++) table[i] = <u32>i * 0x01000193 ^ 0x811c9dc5;
  for (let i = 0; i < 300; i++) data[i] = <u8>(i * 7 + 3);
  for (let i = 0; i < 50; i++) words[i] = <u32>i * 0x9e3779b9;
  print(crc(table, data, 300).toString()); print(" "); print(crc(table, data, 0).toString()); print(" ");
  print(byTop(table, words, 50).toString()); println("");
  const h = new StaticArray<i32>(256);
  histogram(h, data, 300); printI64(sum(h)); println("");
  const bytes = new StaticArray<u8>(300);
  copyBytes(bytes, data, 300); copyBytes(bytes, bytes, 100);
  let bs: i64 = 0;
  for (let i = 0; i < 300; i++) bs = bs * 7 + bytes[i];
  printI64(bs); println("");
  printI64(row(t, a, 3, 30)); print(" "); printI64(row(t, a, 0, 40)); println("");
  const fs: StaticArray<(x: i32) => i32> = [sq, twice, sq, twice];
  let c: i64 = 0;
  for (let x = 0; x < 100; x++) c += compose(fs, x);
  printI64(c); println("");
  // Null arrays with loops that run zero times.
  const nul = changetype<StaticArray<i32>>(0);
  printI64(<i64>merge(nul, nul, 3, 3, 9)); printI64(down(nul, 0)); printI64(upTo(nul, 1, 0)); println("");
  println("done"); flush();
}
