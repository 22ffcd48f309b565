// Recursion: Ackermann, Takeuchi, N-queens, Towers of Hanoi, naive Fibonacci, mutual recursion.
import { flush, print, printI64, println } from "./io";

function ack(m: i32, n: i32): i32 {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

function tak(x: i32, y: i32, z: i32): i32 {
  return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

function queens(n: i32, row: i32, cols: u32, d1: u32, d2: u32): i32 {
  if (row == n) return 1;
  let count = 0;
  let free = ~(cols | d1 | d2) & ((1 << n) - 1);
  while (free != 0) {
    const bit = free & (0 - free);
    free ^= bit;
    count += queens(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
  }
  return count;
}

let moves: i64 = 0;
let checksum: i64 = 0;
function hanoi(n: i32, from: i32, to: i32, via: i32): void {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  checksum = (checksum * 7 + from * 3 + to) % 1000000007;
  hanoi(n - 1, via, to, from);
}

function fib(n: i32): i64 { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

function isEven(n: i32): bool { return n == 0 ? true : isOdd(n - 1); }
function isOdd(n: i32): bool { return n == 0 ? false : isEven(n - 1); }

export function main(): void {
  print("ack(2,3)="); printI64(ack(2, 3)); print(" ack(3,5)="); printI64(ack(3, 5)); println("");
  print("tak(18,12,6)="); printI64(tak(18, 12, 6)); println("");
  for (let n = 4; n <= 9; n++) { print("queens("); printI64(n); print(")="); printI64(queens(n, 0, 0, 0, 0)); print(" "); }
  println("");
  hanoi(16, 1, 3, 2);
  print("hanoi(16) moves="); printI64(moves); print(" checksum="); printI64(checksum); println("");
  print("fib(24)="); printI64(fib(24)); println("");
  print("isEven(1001)="); print(isEven(1001) ? "true" : "false"); print(" isOdd(777)="); println(isOdd(777) ? "true" : "false");
  flush();
}
