// CRC-32 (bitwise and table-driven) over buffers filled from a 64-bit xorshift generator whose
// state is a mutable global; each 64-bit value is stored as 8 bytes by a small inner loop.
import { flush, print, printI64, println } from "./io";

let state: u64 = 0x9e3779b97f4a7c15;
function next(): u64 {
  let x = state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  state = x;
  return x;
}

function fill(buf: StaticArray<u8>, n: i32): void {
  for (let i = 0; i + 8 <= n; i += 8) {
    const v = next();
    for (let k = 0; k < 8; k++) buf[i + k] = <u8>(v >> (<u64>k * 8));
  }
}

function crcBitwise(buf: StaticArray<u8>, n: i32): u32 {
  let c: u32 = 0xffffffff;
  for (let i = 0; i < n; i++) {
    c ^= buf[i];
    for (let k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & (0 - (c & 1)));
  }
  return ~c;
}

const table = new StaticArray<u32>(256);
function makeTable(): void {
  for (let i = 0; i < 256; i++) {
    let c = <u32>i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xedb88320 : c >> 1;
    table[i] = c;
  }
}

function crcTable(buf: StaticArray<u8>, n: i32): u32 {
  let c: u32 = 0xffffffff;
  for (let i = 0; i < n; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
  return ~c;
}

export function main(): void {
  makeTable();
  const buf = new StaticArray<u8>(8192);
  for (let round = 0; round < 4; round++) {
    fill(buf, 8192);
    print("crc round "); printI64(round);
    print(" bitwise="); printI64(crcBitwise(buf, 8192));
    print(" table="); printI64(crcTable(buf, 8192));
    println("");
  }
  flush();
}
