// NEON intrinsics gcc turns into the by-element, replicate/single-structure load/store,
// estimate/step, fixed-point conversion, across-lanes FP and round-to-odd instructions: a
// small matrix multiply by lanes, a Newton-Raphson reciprocal and square root, and so on. Each
// kernel's results are folded into a checksum printed per kernel.
#include <arm_neon.h>
#include "sys.h"
#define N 256
static float A[N], B[N], C[N];
static int I[N];
static short H[N];
static double D[N];
static u64 sum;
static void mix(u64 v) { sum = (sum ^ v) * 0x100000001b3ull; }
static void report(const char *name) { puts_(name); puts_(" "); puthex(sum); puts_("\n"); sum = 0xcbf29ce484222325ull; }
static u64 seed = 88172645463325252ull;
static u64 rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }
static void mixq(float32x4_t v) { mix(vgetq_lane_u64(vreinterpretq_u64_f32(v), 0)); mix(vgetq_lane_u64(vreinterpretq_u64_f32(v), 1)); }
static void mixi(int32x4_t v) { mix(vgetq_lane_u64(vreinterpretq_u64_s32(v), 0)); mix(vgetq_lane_u64(vreinterpretq_u64_s32(v), 1)); }

// 4x4 by 4-column blocks: FMLA by element (and FMUL by element for the first column)
__attribute__((noinline)) static void k_matmul(void) {
  for (int b = 0; b + 16 <= N; b += 16) {
    float32x4_t r0 = vld1q_f32(&A[b]), r1 = vld1q_f32(&A[b + 4]), r2 = vld1q_f32(&A[b + 8]), r3 = vld1q_f32(&A[b + 12]);
    for (int j = 0; j < 4; j++) {
      float32x4_t m = vld1q_f32(&B[b + 4 * j]);
      float32x4_t acc = vmulq_laneq_f32(r0, m, 0);
      acc = vfmaq_laneq_f32(acc, r1, m, 1);
      acc = vfmaq_laneq_f32(acc, r2, m, 2);
      acc = vfmsq_laneq_f32(acc, r3, m, 3);
      acc = vmulxq_laneq_f32(acc, m, 1);
      vst1q_f32(&C[b + 4 * j], acc);
    }
  }
}
// integer by element, widening and saturating doubling forms
__attribute__((noinline)) static void k_intlane(void) {
  int16x8_t k = vld1q_s16(&H[0]);
  for (int i = 0; i + 8 <= N; i += 8) {
    int16x8_t v = vld1q_s16(&H[i]);
    int32x4_t lo = vmull_laneq_s16(vget_low_s16(v), k, 3), hi = vmull_high_laneq_s16(v, k, 5);
    lo = vqdmlal_laneq_s16(lo, vget_low_s16(v), k, 7);
    hi = vmlaq_laneq_s32(hi, lo, vreinterpretq_s32_s16(k), 2);
    int16x8_t q = vqrdmulhq_laneq_s16(v, k, 1);
    mixi(lo); mixi(hi); mixi(vreinterpretq_s32_s16(q));
    mixi(vreinterpretq_s32_s16(vmlsq_laneq_s16(q, v, k, 6)));
  }
}
// reciprocal and reciprocal square root by estimate and two Newton-Raphson steps
__attribute__((noinline)) static void k_newton(void) {
  for (int i = 0; i + 4 <= N; i += 4) {
    float32x4_t x = vabsq_f32(vld1q_f32(&A[i]));
    float32x4_t r = vrecpeq_f32(x);
    r = vmulq_f32(r, vrecpsq_f32(x, r));
    r = vmulq_f32(r, vrecpsq_f32(x, r));
    float32x4_t s = vrsqrteq_f32(x);
    s = vmulq_f32(s, vrsqrtsq_f32(vmulq_f32(x, s), s));
    mixq(r); mixq(s); mixq(vmulxq_f32(x, r));
    mixi(vreinterpretq_s32_u32(vrecpeq_u32(vreinterpretq_u32_f32(x))));
    mixi(vreinterpretq_s32_u32(vrsqrteq_u32(vreinterpretq_u32_f32(x))));
    mix(vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vrecpxs_f32(vgetq_lane_f32(x, 1)))), 0));
  }
}
// replicate loads, single-lane loads/stores, structure interleaving
__attribute__((noinline)) static void k_lanes(void) {
  for (int i = 0; i + 8 <= N; i += 8) {
    float32x4_t d = vld1q_dup_f32(&A[i]);
    float32x4x2_t p = vld2q_dup_f32(&B[i]);
    int32x4x3_t t = vld3q_lane_s32(&I[i], (int32x4x3_t){{vdupq_n_s32(1), vdupq_n_s32(2), vdupq_n_s32(3)}}, 2);
    float32x4x4_t q = vld4q_lane_f32(&A[i + 1], (float32x4x4_t){{d, p.val[0], p.val[1], d}}, 1);
    vst2q_lane_f32(&C[i], p, 3);
    vst4q_lane_f32(&C[i + 3], q, 0);
    vst1q_lane_s32(&I[(i + 5) % N], t.val[1], 2);
    mixq(d); mixq(p.val[0]); mixq(p.val[1]); mixi(t.val[0]); mixi(t.val[2]); mixq(q.val[2]);
  }
  for (int i = 0; i < N; i++) mix(I[i] ^ (u64)(unsigned)(int)C[i]);
}
// fixed-point conversions, across-lanes and pairwise FP, round-to-odd narrowing
__attribute__((noinline)) static void k_conv(void) {
  for (int i = 0; i + 4 <= N; i += 4) {
    int32x4_t v = vld1q_s32(&I[i]);
    float32x4_t f = vcvtq_n_f32_s32(v, 12);
    mixq(f); mixi(vcvtq_n_s32_f32(vld1q_f32(&A[i]), 7)); mixi(vreinterpretq_s32_u32(vcvtq_n_u32_f32(vabsq_f32(vld1q_f32(&B[i])), 30)));
    mix((u64)vaddvq_u32(vreinterpretq_u32_f32(vdupq_n_f32(vmaxnmvq_f32(f) + vminvq_f32(vld1q_f32(&A[i])) + vpadds_f32(vget_low_f32(f))))));
    float64x2_t dd = vld1q_f64(&D[i % (N - 1)]);
    mix(vget_lane_u64(vreinterpret_u64_f32(vcvtx_f32_f64(dd)), 0));
    mix(vgetq_lane_u64(vreinterpretq_u64_f64(vcvtq_n_f64_s64(vreinterpretq_s64_s32(v), 33)), 1));
  }
}

void _start(void) {
  for (int i = 0; i < N; i++) {
    u64 r = rnd();
    A[i] = (float)(int)(r >> 40) / 1000.0f; B[i] = (float)(int)(r >> 42) / 77.0f; I[i] = (int)(r >> 20); H[i] = (short)(r >> 7);
    D[i] = (double)(long long)r / 3e7;
  }
  k_matmul(); for (int i = 0; i < N; i++) mixq(vdupq_n_f32(C[i])); report("matmul");
  k_intlane(); report("intlane");
  k_newton(); report("newton");
  k_lanes(); report("lanes");
  k_conv(); report("conv");
  sys_exit(0);
}
