// Calls, entry and exit (tools/backend/opt/calls.ts): self tail calls that become jumps (many and
// mixed i32/i64/f64 parameters, permuted arguments, locals that must start at zero again),
// early exits that run before the frame is set up (shrink-wrapping), including base cases that
// store, divide, index arrays or need many registers, and the patterns that must stay calls.
import { flush, print, printI64, println } from "../io";

function line(label: string, v: i64): void { print(label); print("="); printI64(v); println(""); }

// Mixed parameter classes, permuted each round, with an accumulator of each class.
function mixed(n: i32, a: i64, x: f64, b: i32, y: f64, c: i64, z: f64, acc: i64): i64 {
  if (n <= 0) return acc + a * 3 + <i64>b * 5 + c * 7 + <i64>(x * 11.0) + <i64>(y * 13.0) + <i64>(z * 17.0);
  return mixed(n - 1, c, z, b ^ n, x + 0.5, a + <i64>b, y * 0.75, acc * 31 + <i64>n);
}

// Eight integer and eight float parameters, rotated by one each call.
function rot(n: i32, a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32,
             p: f64, q: f64, r: f64, s: f64, t: f64, u: f64, v: f64, w: f64): f64 {
  if (n == 0) return <f64>(a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g) + p + 2 * q + 3 * r + 4 * s + 5 * t + 6 * u + 7 * v + 8 * w;
  return rot(n - 1, b, c, d, e, f, g, a + n, q, r, s, t, u, v, w, p * 0.5 + <f64>n);
}

// A local that a fresh call starts at zero: the tail jump must zero it again.
function fresh(n: i32, acc: i32): i32 {
  let k = 0;
  for (let i = 0; i < 3; i++) k += i + n;
  if (n == 0) return acc + k;
  return fresh(n - 1, acc * 3 + k);
}

// Tail call in a void function, with a side effect before it.
let visits: i64 = 0;
function walk(n: i32, step: i32): void {
  if (n <= 0) return;
  visits = visits * 5 + <i64>n;
  walk(n - step, step + 1);
}

// Tail call in both arms, and a call that is not in tail position.
function collatz(n: i64, steps: i32): i32 {
  if (n == 1) return steps;
  if (n % 2 == 0) return collatz(n / 2, steps + 1);
  return collatz(3 * n + 1, steps + 1);
}
function notTail(n: i32): i32 { return n == 0 ? 0 : notTail(n - 1) + 1; }
function notTail2(n: i32): i64 { return n == 0 ? 1 : <i64>notTail2(n - 1) * 2; }
function gcd(a: u64, b: u64): u64 { return b == 0 ? a : gcd(b, a % b); }

// Mutual recursion (no self tail call) and a self tail call in a function with a loop.
function isEven(n: i32): bool { return n == 0 ? true : isOdd(n - 1); }
function isOdd(n: i32): bool { return n == 0 ? false : isEven(n - 1); }
function digits(n: i64, base: i32, acc: i32): i32 {
  let s = 0;
  for (let m = n; m > 0; m /= base) s++;
  if (n < <i64>base) return acc + s;
  return digits(n / <i64>base, base, acc + s);
}

// Early exits that need care: the base case stores to memory, divides (may trap), reads an
// array (bounds check + abort call on a cold path), or keeps many values alive.
let stored: i32 = 0;
function storeBase(n: i32): i32 {
  if (n < 3) { stored += n; return stored; }
  return storeBase(n - 1) + storeBase(n - 3);
}
function divBase(n: i32, d: i32): i32 {
  if (n < 4) return 1000 / d;
  return divBase(n - 1, d) + divBase(n - 2, d + 1);
}
const table: i32[] = [5, 8, 13, 21];
function arrBase(n: i32): i32 {
  if (n < 4) return table[n];
  return arrBase(n - 1) - arrBase(n - 3);
}
function heavyBase(n: i32, a: i32, b: i32, c: i32, d: i32): i64 {
  if (n < 2) {
    const e = a * b, f = b * c, g = c * d, h = d * a, i = a + c, j = b + d, k = a - d, l = b - c;
    const m = e ^ f, o = g ^ h, p = i ^ j, q = k ^ l, r = e + g, s = f + h, t = i + k, u = j + l;
    return <i64>(e * f + g * h + i * j + k * l + m * o + p * q + r * s + t * u) + <i64>(m + o + p + q + r + s + t + u) * <i64>(e + f + g + h + i + j + k + l);
  }
  return heavyBase(n - 1, b, c, d, a + 1) + heavyBase(n - 2, d, c, b, a);
}
function floatBase(n: i32, x: f64): f64 {
  if (n < 2) return x * 1.5 + <f64>n;
  return floatBase(n - 1, x + 0.25) * 0.5 + floatBase(n - 2, x - 0.125);
}
// br_table in the base case (jump tables are never duplicated).
function switchy(n: i32): i32 {
  switch (n) {
    case 0: return 7;
    case 1: return 11;
    case 2: return 13;
    case 3: return 17;
  }
  return switchy(n - 1) * 3 + switchy(n - 4);
}

export function main(): void {
  line("mixed", mixed(40, 1, 1.5, 2, 2.5, 3, 3.5, 0));
  line("mixed0", mixed(0, 1, 1.5, 2, 2.5, 3, 3.5, 9));
  line("rot", <i64>(rot(1000, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 8) * 1000.0));
  line("fresh", fresh(12, 1));
  walk(2000, 1);
  line("walk", visits);
  let cs: i64 = 0;
  for (let i: i64 = 1; i < 3000; i++) cs += collatz(i, 0);
  line("collatz", cs);
  line("notTail", notTail(3000));
  line("notTail2", notTail2(40));
  line("gcd", <i64>gcd(1071 * 977, 462 * 977));
  line("even", isEven(3001) ? 1 : 0);
  line("odd", isOdd(2999) ? 1 : 0);
  line("digits", digits(9007199254740993, 7, 0));
  line("storeBase", storeBase(20));
  line("stored", stored);
  line("divBase", divBase(18, 1));
  line("arrBase", arrBase(25));
  line("heavyBase", heavyBase(18, 3, 5, 7, 11));
  line("floatBase", <i64>(floatBase(20, 1.0) * 1e6));
  line("switchy", switchy(20));
  flush();
}
