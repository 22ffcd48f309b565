// Copies between locals (regalloc/coalesce.ts merges the two registers of a copy when they
// never hold different values at once): carries, swaps, rotations, a value read after its
// copy was overwritten. None out of range; the output must match V8's exactly.
import { flush, print, printI64, println } from "../io";

// carry = t / B after t was formed from the old carry.
function mulSmall(a: StaticArray<u32>, m: u32): u64 {
  let carry: u64 = 0;
  for (let i = 0; i < a.length; i++) {
    const t = <u64>a[i] * <u64>m + carry;
    a[i] = <u32>(t % 1000000000);
    carry = t / 1000000000;
  }
  return carry;
}
// A swap: each copy's source is live after its destination changes.
function fib(n: i32): i64 {
  let a: i64 = 0, b: i64 = 1;
  for (let i = 0; i < n; i++) { const t = a; a = b; b = t + b; }
  return a;
}
// A rotation of eight values, as in a hash round.
function rounds(n: i32): i64 {
  let a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
  for (let i = 0; i < n; i++) {
    const t1 = h + (e ^ (e >>> 6)) + ((e & f) ^ (~e & g)) + i;
    const t2 = (a ^ (a << 3)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  return (<i64>a << 32) ^ <i64>b ^ <i64>c ^ <i64>d ^ <i64>e ^ <i64>f ^ <i64>g ^ <i64>h;
}
// The old value read after the copy's destination changed, on one path.
function lagged(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  let prev = 0, cur = 0;
  for (let i = 0; i < a.length; i++) {
    prev = cur;
    cur = a[i];
    if (cur & 1) s += prev * 7 - cur;
    else s += cur;
  }
  return s + prev;
}
// The copy's destination changes on one path while its source is still read.
function drift(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  let x = 0, y = 3;
  for (let i = 0; i < a.length; i++) {
    x = y;
    if (a[i] & 2) x = x * 5 + a[i];
    s = s * 3 + (x ^ y);
    y = y + i;
  }
  return s + x;
}

export function main(): void {
  const a = new StaticArray<u32>(40);
  for (let i = 0; i < a.length; i++) a[i] = <u32>(i * 97531 + 12345) % 1000000000;
  let c: u64 = 0;
  for (let r = 0; r < 30; r++) c += mulSmall(a, 999999 + r);
  printI64(<i64>c); print(" "); printI64(<i64>a[0] + <i64>a[39]); println("");
  printI64(fib(90)); print(" "); printI64(rounds(1000)); println("");
  const b = new StaticArray<i32>(50);
  for (let i = 0; i < b.length; i++) b[i] = i * i * 31 % 101;
  printI64(lagged(b)); print(" "); printI64(drift(b)); println("");
  println("done");
  flush();
}
