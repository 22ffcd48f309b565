#include "rt.h"
static u64 state = 0x9e3779b97f4a7c15UL;
static u64 next(void) { u64 x = state; x ^= x << 13; x ^= x >> 7; x ^= x << 17; state = x; return x; }
static void fill(u8 *buf, i32 n) {
  for (i32 i = 0; i + 8 <= n; i += 8) { u64 v = next(); for (i32 k = 0; k < 8; k++) buf[i + k] = (u8)(v >> ((u64)k * 8)); }
}
static u32 crcBitwise(const u8 *buf, i32 n) {
  u32 c = 0xffffffff;
  for (i32 i = 0; i < n; i++) { c ^= buf[i]; for (i32 k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & (0 - (c & 1))); }
  return ~c;
}
static u32 table[256];
static void makeTable(void) {
  for (i32 i = 0; i < 256; i++) { u32 c = (u32)i; for (i32 k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xedb88320 : c >> 1; table[i] = c; }
}
static u32 crcTable(const u8 *buf, i32 n) { u32 c = 0xffffffff; for (i32 i = 0; i < n; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >> 8); return ~c; }
void program(void) {
  makeTable();
  u8 *buf = alloc(8192);
  for (i32 round = 0; round < 4; round++) {
    fill(buf, 8192);
    print("crc round "); printI64(round);
    print(" bitwise="); printI64(crcBitwise(buf, 8192));
    print(" table="); printI64(crcTable(buf, 8192));
    println("");
  }
  flush();
}
