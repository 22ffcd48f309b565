import { println, flush } from "../io";
export function main(): void {
  println("before"); flush();
  const z = <i32>load<u8>(8); // memory starts zeroed: a divisor the optimizer cannot see
  println((100 / z).toString());
}
