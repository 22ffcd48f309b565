// Output written from wasm address 0 (a null pointer to C, an ordinary address to wasm and to
// V8), then from a buffer that starts at 0 and runs on past the first page, then as usual.
import { flush, println } from '../io';
// @ts-ignore: decorator
@external("env", "rv_write") declare function rv_write(ptr: usize, len: usize): void;

export function main(): void {
  const text = 'written from address 0\n';
  for (let i = 0; i < text.length; i++) store<u8>(<usize>i, <u8>text.charCodeAt(i));
  rv_write(0, text.length);
  // 5000 bytes from address 0: lines of letters.
  for (let i = 0; i < 5000; i++) store<u8>(<usize>i, <u8>(i % 50 == 49 ? 10 : 65 + (i % 26)));
  rv_write(0, 5000);
  println('done');
  flush();
}
