// call_indirect through per-signature tables: functions of several signatures in one table,
// called through function references (i32, i64, f64 and eight-argument signatures).
import { flush, print, printI64, println } from "../io";

function line(label: string, v: i64): void { print(label); print("="); printI64(v); println(""); }

function a1(x: i32): i32 { return x * 3 + 1; }
function a2(x: i32): i32 { return x ^ 0x55; }
function b1(x: i64, y: i64): i64 { return x * y - 7; }
function b2(x: i64, y: i64): i64 { return x % (y | 1); }
function c1(x: f64, n: i32): f64 { return x * 0.125 * <f64>n + 0.25; }
function c2(x: f64, n: i32): f64 { return x / <f64>(n + 1); }
function d1(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32, h: i32): i32 { return a - b + c - d + e - f + g - h; }
function d2(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32, h: i32): i32 { return a * b + c * d + e * f + g * h; }

// Callees that write memory (directly, through another call) or a global, and one that writes
// nothing: loads around the calls may be reused only across the last (opt/effects.ts).
const cell = memory.data(16);
let g: i32 = 0;
function bump(x: i32): i32 { store<i32>(cell, load<i32>(cell) + x); return x; }
function viaBump(x: i32): i32 { return bump(x ^ 3) + 1; }
function setG(x: i32): i32 { g += x; return x - 1; }
function pure(x: i32): i32 { return x * 7; }
function effects(): i64 {
  const fns: StaticArray<(x: i32) => i32> = [pure, viaBump, setG, pure];
  let s: i64 = 0;
  for (let i = 0; i < 200; i++) {
    s += <i64>load<i32>(cell) + <i64>g;
    s += <i64>fns[i & 3](i);
    s = s * 3 + <i64>load<i32>(cell) + <i64>g;
    s ^= <i64>pure(i) + <i64>load<i32>(cell);
  }
  return s;
}

export function main(): void {
  line("effects", effects());
  const as: StaticArray<(x: i32) => i32> = [a1, a2, a1];
  const bs: StaticArray<(x: i64, y: i64) => i64> = [b1, b2];
  const cs: StaticArray<(x: f64, n: i32) => f64> = [c2, c1];
  const ds: StaticArray<(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32, h: i32) => i32> = [d2, d1];
  let s: i64 = 0;
  let x: f64 = 1.0;
  for (let i = 0; i < 300; i++) {
    s += as[i % 3](i);
    s = s * 3 + bs[i & 1](s & 0xffff, <i64>i);
    x = cs[(i >> 1) & 1](x, i & 7);
    s += ds[i % 2](i, i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7);
  }
  line("s", s);
  line("x", <i64>(x * 1e6));
  flush();
}
