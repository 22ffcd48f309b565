// Loops over arrays held in object fields (`a.limbs[i]` for i < a.n): opt/version.ts treats the
// field loads as invariant once its guard has tested that no store of the loop reaches them.
import { flush, print, printI64, println } from "../io";
class Big {
  limbs: StaticArray<u32>;
  n: i32;
  constructor(cap: i32, n: i32) { this.limbs = new StaticArray<u32>(cap); this.n = n; }
}
function mulSmall(a: Big, m: u32): u64 {
  let carry: u64 = 0;
  for (let i = 0; i < a.n; i++) {
    const t = <u64>a.limbs[i] * <u64>m + carry;
    a.limbs[i] = <u32>(t % 1000000000);
    carry = t / 1000000000;
  }
  return carry;
}
function addInto(r: Big, a: Big): void {
  for (let i = 0; i < a.n; i++) r.limbs[i] += a.limbs[i];
}
function sum(a: Big): i64 {
  let s: i64 = 0;
  for (let i = 0; i < a.limbs.length; i++) s = s * 31 + a.limbs[i];
  return s;
}
export function main(): void {
  const a = new Big(20, 12), r = new Big(20, 20);
  for (let i = 0; i < 20; i++) { a.limbs[i] = <u32>(i * 123456789 % 1000000000); r.limbs[i] = <u32>i; }
  for (let k = 0; k < 5; k++) { printI64(<i64>mulSmall(a, 1000 + k)); print(" "); }
  printI64(sum(a)); println("");
  addInto(r, a); addInto(r, r); printI64(sum(r)); println("");
  a.n = 0; printI64(<i64>mulSmall(a, 7)); println("");
  println("done"); flush();
}
