// Bit tricks: population count by clearing the lowest bit, bit reversal by masks, parity by
// folding, Gray code round trips, and Gosper's hack enumerating k-bit subsets.
import { flush, print, printI64, println } from "./io";

function popLoop(x: u32): i32 {
  let n = 0;
  while (x != 0) { x &= x - 1; n++; }
  return n;
}

function reverse(x: u32): u32 {
  x = ((x >> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >> 16) | (x << 16);
}

function parity(x: u32): u32 {
  x ^= x >> 16;
  x ^= x >> 8;
  x ^= x >> 4;
  x ^= x >> 2;
  x ^= x >> 1;
  return x & 1;
}

function fromGray(g: u32): u32 {
  let b = g;
  for (let s: u32 = 1; s < 32; s <<= 1) b ^= b >> s;
  return b;
}

function subsets(n: i32, k: i32): i32 {
  let count = 0;
  let x: u32 = (1 << k) - 1;
  const limit: u32 = 1 << n;
  while (x < limit) {
    count += <i32>(x & 1);
    const c = x & (0 - x);
    const r = x + c;
    x = (((r ^ x) >> 2) / c) | r;
  }
  return count;
}

export function main(): void {
  let pop = 0;
  let rev: u32 = 0;
  let par: u32 = 0;
  let gray = 0;
  let x: u32 = 0x12345678;
  for (let i = 0; i < 30000; i++) {
    x = x * 1664525 + 1013904223;
    pop += popLoop(x);
    rev ^= reverse(x) + <u32>i;
    par += parity(x);
    if (fromGray(x ^ (x >> 1)) == x) gray++;
  }
  print("pop="); printI64(pop); print(" rev="); printI64(rev); print(" parity="); printI64(par); print(" gray="); printI64(gray); println("");
  print("subsets(20,6) odd="); printI64(subsets(20, 6)); print(" subsets(18,9) odd="); printI64(subsets(18, 9)); println("");
  flush();
}
