// Sieve of Eratosthenes over a byte array, then prime counts, sums and gaps.
import { flush, print, printI64, println } from "./io";

function sieve(flags: StaticArray<u8>, n: i32): i32 {
  for (let i = 0; i < n; i++) flags[i] = 1;
  flags[0] = 0;
  flags[1] = 0;
  for (let i = 2; i * i < n; i++) {
    if (flags[i]) for (let j = i * i; j < n; j += i) flags[j] = 0;
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += flags[i];
  return count;
}

export function main(): void {
  const n = 300000;
  const flags = new StaticArray<u8>(n);
  for (let round = 0; round < 3; round++) {
    const m = n - round * 70001;
    const count = sieve(flags, m);
    let sum: i64 = 0;
    let maxGap = 0;
    let last = 2;
    for (let i = 2; i < m; i++) {
      if (flags[i]) {
        sum += i;
        if (i - last > maxGap) maxGap = i - last;
        last = i;
      }
    }
    print("primes below "); printI64(m); print(": "); printI64(count);
    print(" sum="); printI64(sum); print(" max gap="); printI64(maxGap); println("");
  }
  flush();
}
