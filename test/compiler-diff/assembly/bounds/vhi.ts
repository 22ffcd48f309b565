// A versioned copy loop whose bound is one past the source's end: after good calls, the
// checked loop must abort at the read (the guard sends it to the original loop).
import { flush, printI64, println } from "../io";
function copyRange(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, hi: i32): void {
  for (let m = lo; m < hi; m++) a[m] = tmp[m];
}
export function main(): void {
  const a = new StaticArray<i32>(12), t = new StaticArray<i32>(10);
  for (let i = 0; i < 10; i++) t[i] = i + 3;
  copyRange(a, t, 0, 10); printI64(<i64>a[9]); println(""); flush();
  copyRange(a, t, 2, 11); printI64(<i64>a[9]); println(""); flush();
}
