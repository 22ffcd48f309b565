// Another array whose element 1 is this array's length word: storing that element shrinks
// this array between two reads of a[i], so the second read must check again (and abort).
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>, b: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < 6; i++) {
    s += a[i];
    b[1] = i == 1 ? 4 : 24;
    s += a[i];
    printI64(s); println(""); flush();
  }
  return s;
}
export function main(): void {
  const a = new StaticArray<i32>(6);
  for (let i = 0; i < 6; i++) a[i] = i + 1;
  const p = changetype<usize>(a);
  store<u32>(p - 12, 64); // b's length word (a's gcInfo2): 16 elements
  printI64(f(a, changetype<StaticArray<i32>>(p - 8)));
}
