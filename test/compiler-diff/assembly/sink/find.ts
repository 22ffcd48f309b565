// A search whose exit reads the incremented index (`a[i++] == p` then `return i`) and whose
// value is missing: it runs off the end and aborts where V8 does.
import { flush, print, printI64, println } from "../io";
function findAfter(a: StaticArray<i32>, p: i32): i32 {
  let i = 0;
  while (true) {
    const v = a[i++];
    printI64(v); print(" "); flush();
    if (v == p) return i;
  }
}
export function main(): void {
  const a = new StaticArray<i32>(12);
  for (let i = 0; i < a.length; i++) a[i] = i * i;
  printI64(findAfter(a, 49)); println(""); flush();
  printI64(findAfter(a, 50)); println("");
}
