// Divisions: quotient and remainder of the same operands (digit sums in several bases, a
// mixed-radix split), divisors known non-zero (constants, `x | 1`), signed and unsigned.
import { flush, print, printI64, println } from "./io";

function digitSum(x: u32, base: u32): u32 {
  let s: u32 = 0;
  while (x != 0) {
    const q = x / base;
    s += x % base;
    x = q;
  }
  return s;
}

function split(t: i32, total: i64): i64 {
  const h = t / 3600;
  const m = (t % 3600) / 60;
  const s = t % 60;
  return total + h * 10000 + m * 100 + s;
}

function mixed(a: i32, b: i32): i32 {
  const d = b | 1;
  return a / d + a % d;
}

export function main(): void {
  let ds: u64 = 0;
  for (let i: u32 = 1; i < 20000; i++) ds += digitSum(i * 2654435761, 2 + (i % 35));
  let t: i64 = 0;
  for (let i = -50000; i < 50000; i += 7) t = split(i, t);
  let m: i64 = 0;
  for (let i = 1; i < 30000; i++) m += mixed(i * 7919 - 100000000, i * 13);
  print("digit sums="); printI64(<i64>ds); print(" split="); printI64(t); print(" mixed="); printI64(m); println("");
  flush();
}
