// Big-number arithmetic on base-10^9 limbs (u32 in u64 arithmetic): 200!, Fibonacci(1000),
// 3^500, and a big product checked by division with remainder by a small number.
import { flush, print, printU64, println } from "./io";

const BASE: u64 = 1000000000;

class Big {
  limbs: StaticArray<u32>;
  n: i32;
  constructor(cap: i32) { this.limbs = new StaticArray<u32>(cap); this.n = 1; }
}

function setSmall(a: Big, v: u32): void { a.limbs[0] = v; a.n = 1; }

function mulSmall(a: Big, m: u32): void {
  let carry: u64 = 0;
  for (let i = 0; i < a.n; i++) {
    const t = <u64>a.limbs[i] * <u64>m + carry;
    a.limbs[i] = <u32>(t % BASE);
    carry = t / BASE;
  }
  while (carry > 0) { a.limbs[a.n++] = <u32>(carry % BASE); carry /= BASE; }
}

/** r = a + b */
function add(r: Big, a: Big, b: Big): void {
  const n = a.n > b.n ? a.n : b.n;
  let carry: u32 = 0;
  for (let i = 0; i < n; i++) {
    let s = carry + (i < a.n ? a.limbs[i] : 0) + (i < b.n ? b.limbs[i] : 0);
    carry = s >= <u32>BASE ? 1 : 0;
    if (carry) s -= <u32>BASE;
    r.limbs[i] = s;
  }
  r.n = n;
  if (carry) r.limbs[r.n++] = 1;
}

/** r = a * b (schoolbook) */
function mul(r: Big, a: Big, b: Big): void {
  const n = a.n + b.n;
  for (let i = 0; i < n; i++) r.limbs[i] = 0;
  for (let i = 0; i < a.n; i++) {
    let carry: u64 = 0;
    const ai = <u64>a.limbs[i];
    for (let j = 0; j < b.n; j++) {
      const t = ai * <u64>b.limbs[j] + <u64>r.limbs[i + j] + carry;
      r.limbs[i + j] = <u32>(t % BASE);
      carry = t / BASE;
    }
    let k = i + b.n;
    while (carry > 0) {
      const t = <u64>r.limbs[k] + carry;
      r.limbs[k] = <u32>(t % BASE);
      carry = t / BASE;
      k++;
    }
  }
  r.n = n;
  while (r.n > 1 && r.limbs[r.n - 1] == 0) r.n--;
}

function modSmall(a: Big, m: u32): u32 {
  let r: u64 = 0;
  for (let i = a.n - 1; i >= 0; i--) r = (r * BASE + <u64>a.limbs[i]) % <u64>m;
  return <u32>r;
}

function digitSum(a: Big): u64 {
  let s: u64 = 0;
  for (let i = 0; i < a.n; i++) { let v = a.limbs[i]; while (v > 0) { s += v % 10; v /= 10; } }
  return s;
}

function printBig(a: Big): void {
  printU64(a.limbs[a.n - 1]);
  for (let i = a.n - 2; i >= 0; i--) {
    const v = a.limbs[i];
    for (let d: u32 = 100000000; d > 0; d /= 10) printU64((v / d) % 10);
  }
}

export function main(): void {
  const f = new Big(200);
  setSmall(f, 1);
  for (let i: u32 = 2; i <= 200; i++) mulSmall(f, i);
  print("200! has "); printU64(f.n); print(" limbs, digit sum "); printU64(digitSum(f)); print(", mod 1000003 = "); printU64(modSmall(f, 1000003)); println("");
  let a = new Big(40), b = new Big(40), c = new Big(40);
  setSmall(a, 0); setSmall(b, 1);
  for (let i = 0; i < 999; i++) { add(c, a, b); const t = a; a = b; b = c; c = t; }
  print("fib(1000) = "); printBig(b); println("");
  const p = new Big(30);
  setSmall(p, 1);
  for (let i = 0; i < 500; i++) mulSmall(p, 3);
  print("3^500 = "); printBig(p); println("");
  const sq = new Big(80);
  mul(sq, p, p);
  print("3^1000 digit sum "); printU64(digitSum(sq)); print(", mod 7 = "); printU64(modSmall(sq, 7)); println("");
  const big = new Big(300);
  mul(big, f, sq);
  print("200! * 3^1000 mod 999983 = "); printU64(modSmall(big, 999983)); println("");
  flush();
}
