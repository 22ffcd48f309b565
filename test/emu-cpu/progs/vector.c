// Loops gcc -O2 vectorises (built here with -ftree-vectorize): element-wise arithmetic, shifts,
// min/max, compares and selects, widening multiplies and narrowing stores, reductions, byte
// string loops. Each result is folded into a checksum printed per kernel.
#include "sys.h"
#define N 1000
static unsigned a[N], b[N], c[N];
static int si[N], sj[N];
static short h[N], h2[N];
static unsigned char s[N], t[N];
static signed char sc[N];
static long long L[N];
static unsigned long long U[N];
static float f[N], g[N];
static double df[N];
static u64 sum;
static void mix(u64 v) { sum = (sum ^ v) * 0x100000001b3ull; }
static void report(const char *name) { puts_(name); puts_(" "); puthex(sum); puts_("\n"); sum = 0xcbf29ce484222325ull; }
static u64 seed = 88172645463325252ull;
static u64 rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }
__attribute__((noinline)) static void k_shift(void) { for (int i = 0; i < N; i++) c[i] = (a[i] >> 1) + (b[i] << 3) - (a[i] >> 29); }
__attribute__((noinline)) static void k_sshift(void) { for (int i = 0; i < N; i++) si[i] = (sj[i] >> 3) ^ (si[i] << 2); }
__attribute__((noinline)) static void k_minmax(void) { for (int i = 0; i < N; i++) { c[i] = a[i] < b[i] ? a[i] : b[i]; si[i] = si[i] > sj[i] ? si[i] : sj[i]; } }
__attribute__((noinline)) static void k_mul(void) { for (int i = 0; i < N; i++) c[i] = a[i] * b[i] + c[i] * 7; }
__attribute__((noinline)) static void k_widen(void) { for (int i = 0; i < N; i++) si[i] = h[i] * h2[i]; }
__attribute__((noinline)) static void k_widen64(void) { for (int i = 0; i < N; i++) L[i] = (long long)si[i] * sj[i]; }
__attribute__((noinline)) static void k_narrow(void) { for (int i = 0; i < N; i++) h[i] = (short)(si[i] >> 4); }
__attribute__((noinline)) static void k_bytes(void) { for (int i = 0; i < N; i++) t[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]; }
__attribute__((noinline)) static void k_abs(void) { for (int i = 0; i < N; i++) si[i] = si[i] < 0 ? -si[i] : si[i]; }
__attribute__((noinline)) static void k_avg(void) { for (int i = 0; i < N; i++) t[i] = (unsigned char)((s[i] + t[i] + 1) >> 1); }
__attribute__((noinline)) static void k_sat(void) { for (int i = 0; i < N; i++) { int v = sc[i] * 3; sc[i] = (signed char)(v > 127 ? 127 : v < -128 ? -128 : v); } }
__attribute__((noinline)) static unsigned k_sum(void) { unsigned r = 0; for (int i = 0; i < N; i++) r += a[i] ^ b[i]; return r; }
__attribute__((noinline)) static int k_max(void) { int m = -2147483647 - 1; for (int i = 0; i < N; i++) m = si[i] > m ? si[i] : m; return m; }
__attribute__((noinline)) static unsigned k_bsum(void) { unsigned r = 0; for (int i = 0; i < N; i++) r += s[i]; return r; }
__attribute__((noinline)) static long long k_lsum(void) { long long r = 0; for (int i = 0; i < N; i++) r += L[i]; return r; }
__attribute__((noinline)) static unsigned k_count(unsigned char ch) { unsigned n = 0; for (int i = 0; i < N; i++) n += s[i] == ch; return n; }
__attribute__((noinline)) static void k_u64(void) { for (int i = 0; i < N; i++) U[i] = (U[i] >> 7) + (U[i] << 11) + (unsigned long long)a[i]; }
__attribute__((noinline)) static void k_float(void) { for (int i = 0; i < N; i++) f[i] = f[i] * g[i] + 1.5f; }
__attribute__((noinline)) static void k_fconv(void) { for (int i = 0; i < N; i++) { si[i] = (int)(f[i] * 0.25f); g[i] = (float)sj[i] / 3.0f; } }
__attribute__((noinline)) static void k_fmax(void) { for (int i = 0; i < N; i++) f[i] = f[i] > g[i] ? f[i] : g[i]; }
__attribute__((noinline)) static void k_double(void) { for (int i = 0; i < N; i++) df[i] = df[i] * 0.5 - (double)f[i]; }
static u64 fbits(float x) { union { float f; unsigned u; } v = { x }; return v.u; }
static u64 dbits(double x) { union { double d; u64 u; } v = { x }; return v.u; }
void _start(void) {
  sum = 0xcbf29ce484222325ull;
  for (int i = 0; i < N; i++) {
    u64 r = rnd();
    a[i] = (unsigned)r; b[i] = (unsigned)(r >> 32); si[i] = (int)(r >> 7); sj[i] = (int)(r >> 21);
    h[i] = (short)(r >> 3); h2[i] = (short)(r >> 40); s[i] = (unsigned char)(32 + (r >> 50) % 95); t[i] = (unsigned char)(r >> 13);
    sc[i] = (signed char)(r >> 27); L[i] = (long long)r; U[i] = r * 3;
    f[i] = (float)(int)(r >> 40) / 1024.0f; g[i] = (float)(int)(r >> 44) / 7.0f; df[i] = (double)(long long)r / 1e9;
  }
  k_shift(); for (int i = 0; i < N; i++) mix(c[i]); report("shift");
  k_sshift(); for (int i = 0; i < N; i++) mix((unsigned)si[i]); report("sshift");
  k_minmax(); for (int i = 0; i < N; i++) mix(c[i] + (unsigned)si[i]); report("minmax");
  k_mul(); for (int i = 0; i < N; i++) mix(c[i]); report("mul");
  k_widen(); for (int i = 0; i < N; i++) mix((unsigned)si[i]); report("widen");
  k_widen64(); for (int i = 0; i < N; i++) mix((u64)L[i]); report("widen64");
  k_narrow(); for (int i = 0; i < N; i++) mix((unsigned short)h[i]); report("narrow");
  k_bytes(); for (int i = 0; i < N; i++) mix(t[i]); report("bytes");
  k_abs(); for (int i = 0; i < N; i++) mix((unsigned)si[i]); report("abs");
  k_avg(); for (int i = 0; i < N; i++) mix(t[i]); report("avg");
  k_sat(); for (int i = 0; i < N; i++) mix((unsigned char)sc[i]); report("sat");
  mix(k_sum()); mix((unsigned)k_max()); mix(k_bsum()); mix((u64)k_lsum()); mix(k_count('e')); report("reduce");
  k_u64(); for (int i = 0; i < N; i++) mix(U[i]); report("u64");
  k_float(); for (int i = 0; i < N; i++) mix(fbits(f[i])); report("float");
  k_fconv(); for (int i = 0; i < N; i++) mix((unsigned)si[i] ^ fbits(g[i])); report("fconv");
  k_fmax(); for (int i = 0; i < N; i++) mix(fbits(f[i])); report("fmax");
  k_double(); for (int i = 0; i < N; i++) mix(dbits(df[i])); report("double");
  sys_exit(0);
}
