// Hashing: FNV-1a (32 and 64 bit), CRC-32 with a table, SHA-256 of generated messages.
import { flush, print, printHex, println } from "./io";

function fnv32(data: StaticArray<u8>, n: i32): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i = 0; i < n; i++) { h ^= data[i]; h *= 0x01000193; }
  return h;
}

function fnv64(data: StaticArray<u8>, n: i32): u64 {
  let h: u64 = 0xcbf29ce484222325;
  for (let i = 0; i < n; i++) { h ^= data[i]; h *= 0x100000001b3; }
  return h;
}

const crcTable = new StaticArray<u32>(256);
function crcInit(): void {
  for (let i: u32 = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[i] = c;
  }
}
function crc32(data: StaticArray<u8>, n: i32): u32 {
  let c: u32 = 0xffffffff;
  for (let i = 0; i < n; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return c ^ 0xffffffff;
}

const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const H = new StaticArray<u32>(8);
const W = new StaticArray<u32>(64);

function rotr(x: u32, n: u32): u32 { return (x >>> n) | (x << (32 - n)); }

function block(m: StaticArray<u8>, off: i32): void {
  for (let t = 0; t < 16; t++) {
    const i = off + t * 4;
    W[t] = (<u32>m[i] << 24) | (<u32>m[i + 1] << 16) | (<u32>m[i + 2] << 8) | <u32>m[i + 3];
  }
  for (let t = 16; t < 64; t++) {
    const s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
    const s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
    W[t] = W[t - 16] + s0 + W[t - 7] + s1;
  }
  let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
  for (let t = 0; t < 64; t++) {
    const t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t];
    const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
}

/** SHA-256 of the first n bytes of `data` (which has room for the padding). */
function sha256(data: StaticArray<u8>, n: i32): void {
  H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
  H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
  const total = ((n + 9 + 63) / 64) * 64;
  const m = new StaticArray<u8>(total);
  for (let i = 0; i < n; i++) m[i] = data[i];
  m[n] = 0x80;
  const bits = <u64>n * 8;
  for (let i = 0; i < 8; i++) m[total - 1 - i] = <u8>(bits >> (<u64>i * 8));
  for (let off = 0; off < total; off += 64) block(m, off);
}

export function main(): void {
  crcInit();
  const data = new StaticArray<u8>(10000);
  const abc = "abc";
  for (let i = 0; i < 3; i++) data[i] = <u8>abc.charCodeAt(i);
  sha256(data, 3);
  print("sha256(abc) ");
  for (let i = 0; i < 8; i++) printHex(H[i], 8);
  println("");
  let x: u32 = 1;
  for (let i = 0; i < 10000; i++) { x = x * 1664525 + 1013904223; data[i] = <u8>(x >>> 24); }
  for (let n = 1; n <= 10000; n *= 10) {
    print("n="); print(n.toString());
    print(" fnv32 "); printHex(fnv32(data, n), 8);
    print(" fnv64 "); printHex(fnv64(data, n), 16);
    print(" crc32 "); printHex(crc32(data, n), 8);
    sha256(data, n);
    print(" sha256 "); printHex(H[0], 8); printHex(H[7], 8);
    println("");
  }
  flush();
}
