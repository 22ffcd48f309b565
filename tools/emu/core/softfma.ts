// Fused multiply-add without intermediate rounding, in integer arithmetic (wasm has no fma):
// the exact product and the addend are aligned in a 128-bit accumulator (bits shifted out of
// the smaller one kept as a sticky bit) and summed; softfloat.ts rounds the sum once.
import { mul64x64, rhi, rlo, roundPack128, signBit, RM } from './softfloat';

let shi: u64 = 0, slo: u64 = 0;
@inline function clz128(hi: u64, lo: u64): i32 { return hi != 0 ? <i32>clz<u64>(hi) : 64 + <i32>clz<u64>(lo); }
/** (hi:lo) << s for 0 <= s < 128 */
function shl128(hi: u64, lo: u64, s: i32): void {
  if (s == 0) { shi = hi; slo = lo; return; }
  if (s >= 64) { shi = lo << <u64>(s - 64); slo = 0; return; }
  shi = (hi << <u64>s) | (lo >>> <u64>(64 - s)); slo = lo << <u64>s;
}
/** (hi:lo) >> s with the shifted-out bits ORed into bit 0 (sticky) */
function shrSticky(hi: u64, lo: u64, s: i32): void {
  if (s == 0) { shi = hi; slo = lo; return; }
  if (s >= 128) { shi = 0; slo = (hi | lo) != 0 ? 1 : 0; return; }
  let sticky: u64;
  if (s >= 64) {
    let sh = s - 64;
    sticky = lo != 0 || (sh > 0 && (hi << <u64>(64 - sh)) != 0) ? 1 : 0;
    slo = sh == 0 ? hi : hi >>> <u64>sh; shi = 0;
  } else {
    sticky = (lo << <u64>(64 - s)) != 0 ? 1 : 0;
    slo = (lo >>> <u64>s) | (hi << <u64>(64 - s)); shi = hi >>> <u64>s;
  }
  slo |= sticky;
}

/** (-1)^sp * ma*2^ea * mb*2^eb + (-1)^sc * mc*2^ec, all significands non-zero (< 2^53), rounded
 *  once to format f. */
export function fmaNum(sp: bool, ma: u64, ea: i32, mb: u64, eb: i32, sc: bool, mc: u64, ec: i32, f: u32, mode: u32, fz: bool): u64 {
  mul64x64(ma, mb);
  let phi = rhi, plo = rlo;
  let pexp = ea + eb;                                           // exponent of bit 0 of the product
  let pm = 127 - clz128(phi, plo), cm = 63 - <i32>clz<u64>(mc); // MSB positions
  let pTop = pexp + pm, cTop = ec + cm;
  let E = (pTop > cTop ? pTop : cTop) - 124;                    // larger MSB at bit 124
  let s = pexp - E;
  if (s >= 0) shl128(phi, plo, s); else shrSticky(phi, plo, -s);
  let xh = shi, xl = slo;
  s = ec - E;
  if (s >= 0) shl128(0, mc, s); else shrSticky(0, mc, -s);
  let yh = shi, yl = slo;
  let neg: bool, h: u64, l: u64;
  if (sp == sc) {
    l = xl + yl; h = xh + yh + (l < xl ? 1 : 0); neg = sp;
  } else if (xh > yh || (xh == yh && xl >= yl)) {
    l = xl - yl; h = xh - yh - (xl < yl ? 1 : 0); neg = sp;
  } else {
    l = yl - xl; h = yh - xh - (yl < xl ? 1 : 0); neg = sc;
  }
  if (h == 0 && l == 0) return mode == RM ? signBit(f) : 0; // exact cancellation
  return roundPack128(neg, h, l, E, f, mode, fz);
}
