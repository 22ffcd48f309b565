// The bound grows inside the loop past the arrays' end: no versioning, the check must abort.
import { flush, printI64, println } from "../io";
function copyGrow(a: StaticArray<i32>, b: StaticArray<i32>, n: i32): i32 {
  let i = 0;
  while (i < n) { a[i] = b[i]; i++; if (i == 3) n += 10; }
  return i;
}
export function main(): void {
  const a = new StaticArray<i32>(8), b = new StaticArray<i32>(8);
  printI64(<i64>copyGrow(a, b, 2)); println(""); flush();
  printI64(<i64>copyGrow(a, b, 4)); println(""); flush();
}
