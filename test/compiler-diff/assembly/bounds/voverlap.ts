// Overlapping arrays: tmp's length word is a[2], and the loop's store a[2] = tmp[2] shrinks
// tmp to 2 elements, so the read tmp[3] must abort (the guard must not trust tmp's length).
import { flush, printI64, println } from "../io";
function copyRange(a: StaticArray<i32>, tmp: StaticArray<i32>, lo: i32, hi: i32): void {
  for (let m = lo; m < hi; m++) a[m] = tmp[m];
}
export function main(): void {
  const a = new StaticArray<i32>(16);
  const b = new StaticArray<i32>(16);
  for (let i = 0; i < 16; i++) b[i] = i;
  a[2] = 7 * 4; // tmp: 7 elements a[3..9]
  a[5] = 2 * 4; // tmp[2]: becomes tmp's length (2 elements) once copied to a[2]
  const tmp = changetype<StaticArray<i32>>(changetype<usize>(a) + 12);
  copyRange(b, tmp, 0, 7); printI64(<i64>b[6]); println(""); flush();
  copyRange(a, tmp, 0, 7); printI64(<i64>a[6]); println(""); flush();
}
