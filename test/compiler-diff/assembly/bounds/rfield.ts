// A store of the loop rewrites the field that holds its bound: the Big's `n` lies inside its
// own limbs array (overlapping objects), so limbs[6] = ... raises n to 50 mid-loop and the loop
// must then abort at limbs[20], as in V8 (the guard must see the store can reach the field).
import { flush, printI64, println } from "../io";
class Big {
  limbs: StaticArray<u32>;
  n: i32;
}
function fill(a: Big, v: u32): void {
  for (let i = 0; i < a.n; i++) a.limbs[i] = v + <u32>i;
}
export function main(): void {
  const buf = new StaticArray<u32>(64);
  const base = changetype<usize>(buf);
  // limbs: 20 elements at buf[2..22) (length word buf[1]); the Big at buf[7]: limbs field
  // buf[7], n field buf[8] = limbs[6].
  buf[1] = 20 * 4;
  const limbs = changetype<StaticArray<u32>>(base + 8);
  const big = changetype<Big>(base + 28);
  big.limbs = limbs;
  big.n = 5;
  fill(big, 40); printI64(<i64>limbs[4]); println(""); flush();
  big.n = 10;
  fill(big, 44); printI64(<i64>big.n); println(""); flush();
}
