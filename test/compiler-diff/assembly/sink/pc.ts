// `code[pc++]` running off the end of its array: the abort comes where V8's does, after the
// same output (each step prints the old and the new pc).
import { flush, print, printI64, println } from "../io";
function run(code: StaticArray<i32>): i64 {
  let pc = 0;
  let s: i64 = 0;
  while (true) {
    const op = code[pc++];
    s = s * 3 + op;
    printI64(s); print(" "); printI64(pc); println(""); flush();
    if (op == 4) pc++;
  }
}
export function main(): void {
  const c = new StaticArray<i32>(9);
  for (let i = 0; i < c.length; i++) c[i] = i % 5;
  printI64(run(c));
}
