import { println, flush } from "../io";
export function main(): void {
  println("before"); flush();
  const far = <usize>0xfffffff0 - <usize>load<u8>(8);
  println(load<u32>(far).toString());
}
