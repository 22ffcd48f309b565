// Output for the differential programs: bytes gathered in a buffer, written by the host's
// `rv_write` (V8: a JS import; AArch64: tools/runtime/linux/start.S). ASCII only.
// @ts-ignore: decorator
@external("env", "rv_write") declare function rv_write(ptr: usize, len: usize): void;

const SIZE = 4096;
const buf = memory.data(SIZE);
let pos = 0;

export function flush(): void {
  if (pos > 0) rv_write(buf, pos);
  pos = 0;
}

export function putc(c: i32): void {
  if (pos == SIZE) flush();
  store<u8>(buf + pos, <u8>c);
  pos++;
}

export function print(s: string): void {
  for (let i = 0; i < s.length; i++) putc(s.charCodeAt(i));
}

export function println(s: string): void {
  print(s);
  putc(10);
}

export function printU64(v: u64): void {
  if (v >= 10) printU64(v / 10);
  putc(<i32>(v % 10) + 48);
}

export function printI64(v: i64): void {
  if (v < 0) {
    putc(45);
    printU64(<u64>(-v));
  } else printU64(<u64>v);
}

export function printHex(v: u64, digits: i32): void {
  for (let i = digits - 1; i >= 0; i--) putc(<i32>"0123456789abcdef".charCodeAt(<i32>((v >> (<u64>i * 4)) & 15)));
}
