// Modular exponentiation (square and multiply, 64-bit products of 32-bit residues) and the
// Miller-Rabin test with fixed bases, counting primes in ranges near 2^31.
import { flush, print, printI64, println } from "./io";

function mulmod(a: u64, b: u64, m: u64): u64 { return (a * b) % m; }

function powmod(b: u64, e: u64, m: u64): u64 {
  let r: u64 = 1;
  b %= m;
  while (e > 0) {
    if (e & 1) r = mulmod(r, b, m);
    b = mulmod(b, b, m);
    e >>= 1;
  }
  return r;
}

const BASES: StaticArray<u64> = [2, 3, 5, 7];
const STARTS: StaticArray<u64> = [2147483000, 1000000000, 3000000000];

function isPrime(n: u64): bool {
  if (n < 2) return false;
  if ((n & 1) == 0) return n == 2;
  let d = n - 1;
  let s = 0;
  while ((d & 1) == 0) { d >>= 1; s++; }
  for (let k = 0; k < 4; k++) {
    const a = BASES[k];
    if (a % n == 0) continue;
    let x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    let composite = true;
    for (let r = 1; r < s; r++) {
      x = mulmod(x, x, n);
      if (x == n - 1) { composite = false; break; }
    }
    if (composite) return false;
  }
  return true;
}

export function main(): void {
  let h: u64 = 0;
  for (let i: u64 = 1; i <= 2000; i++) h = (h * 31 + powmod(i, i + 12345, 1000000007)) % 4294967291;
  print("powmod hash="); printI64(<i64>h); println("");
  for (let k = 0; k < 3; k++) {
    let count = 0;
    let last: u64 = 0;
    for (let n = STARTS[k]; n < STARTS[k] + 2000; n++) if (isPrime(n)) { count++; last = n; }
    print("primes in ["); printI64(<i64>STARTS[k]); print(", +2000): "); printI64(count);
    print(" last="); printI64(<i64>last); println("");
  }
  flush();
}
