#include "rt.h"
/* Strings as (pointer, length), every operation allocating its result like the stub runtime. */
typedef struct { const char *p; int n; } Str;
static Str S(const char *c) { Str s = { c, 0 }; while (c[s.n]) s.n++; return s; }
static Str cat(Str a, Str b) { char *p = alloc(a.n + b.n); for (int i = 0; i < a.n; i++) p[i] = a.p[i]; for (int i = 0; i < b.n; i++) p[a.n + i] = b.p[i]; Str r = { p, a.n + b.n }; return r; }
static int eq(Str a, Str b) { if (a.n != b.n) return 0; for (int i = 0; i < a.n; i++) if (a.p[i] != b.p[i]) return 0; return 1; }
static int at(Str s, Str sub, int i) { for (int k = 0; k < sub.n; k++) if (s.p[i + k] != sub.p[k]) return 0; return 1; }
static int indexOf(Str s, Str sub) { for (int i = 0; i + sub.n <= s.n; i++) if (at(s, sub, i)) return i; return -1; }
static int lastIndexOf(Str s, Str sub) { for (int i = s.n - sub.n; i >= 0; i--) if (at(s, sub, i)) return i; return -1; }
static Str sub(Str s, int a, int b) { Str r = { s.p + a, b - a }; char *p = alloc(r.n); for (int i = 0; i < r.n; i++) p[i] = r.p[i]; r.p = p; return r; }
static Str replaceAll(Str s, Str from, Str to) {
  int count = 0;
  for (int i = 0; i + from.n <= s.n;) if (at(s, from, i)) { count++; i += from.n; } else i++;
  char *p = alloc(s.n + count * (to.n - from.n));
  int o = 0;
  for (int i = 0; i < s.n;) {
    if (i + from.n <= s.n && at(s, from, i)) { for (int k = 0; k < to.n; k++) p[o++] = to.p[k]; i += from.n; } else p[o++] = s.p[i++];
  }
  Str r = { p, o }; return r;
}
static Str upper(Str s) { char *p = alloc(s.n); for (int i = 0; i < s.n; i++) p[i] = s.p[i] >= 'a' && s.p[i] <= 'z' ? s.p[i] - 32 : s.p[i]; Str r = { p, s.n }; return r; }
static int split(Str s, Str sep, Str *out) {
  int n = 0, start = 0;
  for (int i = 0; i + sep.n <= s.n;) if (at(s, sep, i)) { out[n++] = sub(s, start, i); i += sep.n; start = i; } else i++;
  out[n++] = sub(s, start, s.n);
  return n;
}
static Str itoa_(i64 v) { char b[24]; int i = 24; int neg = v < 0; u64 u = neg ? (u64)(-v) : (u64)v; do { b[--i] = (char)('0' + u % 10); u /= 10; } while (u); if (neg) b[--i] = '-'; Str t = { b + i, 24 - i }; return sub(t, 0, t.n); }
static void printS(Str s) { for (int i = 0; i < s.n; i++) putch(s.p[i]); }
static const char *words[8] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" };
static Str wordsOf(int i) { return S(words[i % 8]); }
void program(void) {
  Str s = S("");
  for (int i = 0; i < 200; i++) s = cat(s, cat(wordsOf(i * 7 + 3), S(i % 10 == 9 ? "\n" : " ")));
  print("length "); printI64(s.n); println("");
  int e = 0;
  for (int i = 0; i < s.n; i++) if (s.p[i] == 'e') e++;
  print("letter e "); printI64(e); println("");
  print("indexOf theta "); printI64(indexOf(s, S("theta"))); print(" lastIndexOf alpha "); printI64(lastIndexOf(s, S("alpha"))); println("");
  Str *lines = alloc(64 * sizeof(Str));
  int nl = split(s, S("\n"), lines);
  print("lines "); printI64(nl); print(" first: "); printS(lines[0]); println("");
  printS(upper(replaceAll(lines[1], S("a"), S("A")))); println("");
  Str l3 = lines[3];
  printS(cat(cat(sub(lines[2], 5, 25), S("|")), sub(l3, l3.n - 12, l3.n))); println("");
  Str nums = S("");
  for (int i = -50; i <= 50; i += 7) nums = cat(nums, cat(itoa_(i), S(",")));
  printS(nums); println("");
  i64 big = 1;
  for (int i = 0; i < 15; i++) { big *= 13; printS(itoa_(big)); print(" "); }
  println("");
  int counts[8] = { 0 };
  Str *all = alloc(256 * sizeof(Str));
  int na = split(replaceAll(s, S("\n"), S(" ")), S(" "), all);
  for (int i = 0; i < na; i++) for (int k = 0; k < 8; k++) if (eq(all[i], wordsOf(k))) counts[k]++;
  for (int k = 0; k < 8; k++) { printS(wordsOf(k)); print("="); printI64(counts[k]); print(" "); }
  println("");
  Str t = S("  trim me  ");
  int a = 0, b = t.n;
  while (a < b && t.p[a] == ' ') a++;
  while (b > a && t.p[b - 1] == ' ') b--;
  Str xyz = cat(cat(cat(cat(S("x"), S("-")), S("y")), S("-")), S("z"));
  Str abc = cat(cat(S("abc"), S("abc")), S("abc"));
  printS(cat(cat(cat(cat(cat(cat(xyz, S(" ")), abc), S(" ")), sub(t, a, b)), S("!")), S(""))); println("");
  flush();
}
