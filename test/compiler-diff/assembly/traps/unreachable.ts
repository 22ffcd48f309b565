import { println, flush } from "../io";
export function main(): void {
  println("before"); flush();
  if (load<u8>(8) == 0) unreachable();
  println("after");
}
