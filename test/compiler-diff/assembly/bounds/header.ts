// A raw store to an array's length word inside a loop that also stores its elements: the
// shrunken length must be read again (index 3 of what is now a 2-element array aborts).
import { flush, printI64, println } from "../io";
function f(a: StaticArray<i32>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < 6; i++) {
    a[i] = i * 3;
    s += a[i];
    if (i == 1) store<u32>(changetype<usize>(a) - 4, 8);
    printI64(s); println(""); flush();
  }
  return s;
}
export function main(): void { printI64(f(new StaticArray<i32>(6))); }
