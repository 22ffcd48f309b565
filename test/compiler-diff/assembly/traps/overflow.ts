import { println, flush } from "../io";
export function main(): void {
  println("before"); flush();
  const m = <i32>load<u8>(8) - 1; // -1
  println((i32.MIN_VALUE / m).toString());
}
