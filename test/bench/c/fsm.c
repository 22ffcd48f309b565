#include "rt.h"
static u32 rng = 7;
static u32 rnd(u32 n) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng % n; }
static const char *PIECES[12] = {"alpha", " ", "42", "\"str\"", "/*c*/", "+", "x1", "\n", "007", "\"a b\"", "  ", "_t"};
static i32 slen(const char *s) { i32 n = 0; while (s[n]) n++; return n; }
static i32 generate(u8 *buf, i32 len) {
  i32 n = 0;
  while (n < len - 8) { const char *p = PIECES[rnd(12)]; i32 pl = slen(p); for (i32 i = 0; i < pl && n < len; i++) buf[n++] = (u8)p[i]; }
  return n;
}
static int isAlpha(i32 c) { return (c >= 97 && c <= 122) || c == 95; }
static int isDigit(i32 c) { return c >= 48 && c <= 57; }
void program(void) {
  u8 *buf = alloc(20000);
  i32 n = generate(buf, 20000);
  i32 counts[6] = {0};
  i32 state = 0; u32 hash = 0;
  for (i32 i = 0; i <= n; i++) {
    i32 c = i < n ? buf[i] : 32;
    switch (state) {
      case 0:
        if (isAlpha(c)) state = 1; else if (isDigit(c)) state = 2; else if (c == 34) state = 3; else if (c == 47) state = 4;
        else if (c != 32 && c != 10) counts[5]++;
        break;
      case 1: if (!isAlpha(c) && !isDigit(c)) { counts[1]++; state = 0; i--; } break;
      case 2: if (!isDigit(c)) { counts[2]++; state = 0; i--; } break;
      case 3: if (c == 34) { counts[3]++; state = 0; } break;
      case 4: state = c == 42 ? 5 : 0; if (state == 0) { counts[5]++; i--; } break;
      case 5: if (c == 42) state = 6; break;
      default: state = c == 47 ? 0 : c == 42 ? 6 : 5; if (state == 0) counts[4]++;
    }
    hash = (hash ^ (u32)(state * 131 + c)) * 16777619u;
  }
  print("bytes="); printI64(n);
  print(" idents="); printI64(counts[1]); print(" numbers="); printI64(counts[2]);
  print(" strings="); printI64(counts[3]); print(" comments="); printI64(counts[4]);
  print(" other="); printI64(counts[5]); print(" hash="); printI64(hash); println("");
  flush();
}
