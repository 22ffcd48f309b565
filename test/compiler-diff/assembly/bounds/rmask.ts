// A masked index (`& 0xff`) into a table shorter than the mask: the guard (256 <= length) must
// fail and the checked loop abort at the first index past the table's 200 entries.
import { flush, printI64, println } from "../io";
function look(table: StaticArray<u32>, data: StaticArray<u8>, n: i32): u32 {
  let c: u32 = 0;
  for (let i = 0; i < n; i++) c = table[(c ^ data[i]) & 0xff] + (c >>> 8);
  return c;
}
export function main(): void {
  const big = new StaticArray<u32>(256), small = new StaticArray<u32>(200), data = new StaticArray<u8>(64);
  for (let i = 0; i < 256; i++) big[i] = <u32>i * 3;
  for (let i = 0; i < 200; i++) small[i] = <u32>i;
  for (let i = 0; i < 64; i++) data[i] = <u8>(i * 5);
  printI64(<i64>look(big, data, 64)); println(""); flush();
  printI64(<i64>look(small, data, 10)); println(""); flush();
  printI64(<i64>look(small, data, 64)); println(""); flush();
}
