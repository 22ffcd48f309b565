// Floating-point benchmark: a 2-D n-body style loop in double precision (FMA, divide, square
// root) and a single-precision recurrence, all in FPCR's default round to nearest.
#include "../../emu-cpu/progs/sys.h"
static double px[64], py[64], vx[64], vy[64];
static float fs[256];
static u64 work(int steps) {
  for (int i = 0; i < 64; i++) { px[i] = i * 1.37 - 20.0; py[i] = (i * 7 % 13) * 0.91; vx[i] = 0; vy[i] = 0; }
  for (int i = 0; i < 256; i++) fs[i] = i * 0.25f + 1.0f;
  double e = 0;
  for (int step = 0; step < steps; step++) {
    for (int i = 0; i < 64; i++) for (int j = 0; j < 64; j++) if (i != j) {
      double dx = px[j] - px[i], dy = py[j] - py[i];
      double r2 = dx * dx + dy * dy + 0.01;
      double inv = 1.0 / (r2 * __builtin_sqrt(r2));
      vx[i] += dx * inv * 0.001; vy[i] += dy * inv * 0.001;
    }
    for (int i = 0; i < 64; i++) { px[i] += vx[i]; py[i] += vy[i]; e += vx[i] * vx[i] + vy[i] * vy[i]; }
    for (int i = 1; i < 256; i++) fs[i] = fs[i] * 0.999f + fs[i - 1] / (fs[i] + 1.0f);
  }
  union { double d; u64 u; } ed = { e };
  union { float f; unsigned u; } ef = { fs[255] };
  return ed.u ^ ef.u;
}
__asm__(".global _start\n_start: mov x0, sp\n b cstart");
void cstart(u64 *sp) {
  puthex(work(sp[0] > 1 ? 5 : 600));   // any argument: a short run
  puts_("\n");
  sys_exit(0);
}
