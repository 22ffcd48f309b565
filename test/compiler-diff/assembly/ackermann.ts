// Ackermann's function, and self tail calls: Euclid's gcd, a tail-recursive sum and a
// tail-recursive digit count.
import { flush, print, printI64, println } from "./io";

function ack(m: i32, n: i32): i32 {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

function gcd(a: i32, b: i32): i32 { return b == 0 ? a : gcd(b, a % b); }
function sumTo(n: i32, acc: i64): i64 { return n == 0 ? acc : sumTo(n - 1, acc + n); }
function digits(n: u32, acc: i32): i32 { return n < 10 ? acc + 1 : digits(n / 10, acc + 1); }

export function main(): void {
  print("ack(2,300)="); printI64(ack(2, 300)); print(" ack(3,6)="); printI64(ack(3, 6)); println("");
  let g: i64 = 0;
  let d = 0;
  for (let i = 1; i < 3000; i++) {
    g += gcd(i * 7919, 104729 + i * 31);
    d += digits(<u32>i * 2654435761, 0);
  }
  print("gcds="); printI64(g); print(" digits="); printI64(d); print(" sumTo="); printI64(sumTo(5000, 0)); println("");
  flush();
}
