// Correctly rounded fused multiply-add (round to nearest, ties to even) for double and single
// precision, in integer arithmetic: wasm has no fma instruction. Only finite, non-zero inputs
// reach here (exec_fp.ts handles zeros, infinities and NaNs with ordinary arithmetic).

let rhi: u64 = 0, rlo: u64 = 0; // 128-bit results

function mul64x64(a: u64, b: u64): void {
  let a0 = a & 0xffffffff, a1 = a >>> 32, b0 = b & 0xffffffff, b1 = b >>> 32;
  let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  let mid = (p00 >>> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  rlo = (p00 & 0xffffffff) | (mid << 32);
  rhi = p11 + (p01 >>> 32) + (p10 >>> 32) + (mid >>> 32);
}
@inline function clz128(hi: u64, lo: u64): i32 { return hi != 0 ? <i32>clz<u64>(hi) : 64 + <i32>clz<u64>(lo); }
/** (hi:lo) << s for 0 <= s < 128 */
function shl128(hi: u64, lo: u64, s: i32): void {
  if (s == 0) { rhi = hi; rlo = lo; return; }
  if (s >= 64) { rhi = lo << <u64>(s - 64); rlo = 0; return; }
  rhi = (hi << <u64>s) | (lo >>> <u64>(64 - s)); rlo = lo << <u64>s;
}
/** (hi:lo) >> s with the shifted-out bits ORed into bit 0 (sticky) */
function shrSticky(hi: u64, lo: u64, s: i32): void {
  if (s == 0) { rhi = hi; rlo = lo; return; }
  if (s >= 128) { rhi = 0; rlo = (hi | lo) != 0 ? 1 : 0; return; }
  let sticky: u64;
  if (s >= 64) {
    let sh = s - 64;
    sticky = lo != 0 || (sh > 0 && (hi << <u64>(64 - sh)) != 0) ? 1 : 0;
    rlo = sh == 0 ? hi : hi >>> <u64>sh; rhi = 0;
  } else {
    sticky = (lo << <u64>(64 - s)) != 0 ? 1 : 0;
    rlo = (lo >>> <u64>s) | (hi << <u64>(64 - s)); rhi = hi >>> <u64>s;
  }
  rlo |= sticky;
}

/** a*b + c rounded once to double (single=false) or single precision; result as f64 bits
 *  (single: the f32 value widened exactly). */
export function fmaBits(a: f64, b: f64, c: f64, single: bool): f64 {
  let ba = reinterpret<u64>(a), bb = reinterpret<u64>(b), bc = reinterpret<u64>(c);
  let sp = ((ba ^ bb) >>> 63) != 0, sc = (bc >>> 63) != 0;
  let ea = <i32>((ba >>> 52) & 0x7ff), eb = <i32>((bb >>> 52) & 0x7ff), ec = <i32>((bc >>> 52) & 0x7ff);
  let ma = ba & 0xfffffffffffff, mb = bb & 0xfffffffffffff, mc = bc & 0xfffffffffffff;
  if (ea) ma |= <u64>1 << 52; else ea = 1;
  if (eb) mb |= <u64>1 << 52; else eb = 1;
  if (ec) mc |= <u64>1 << 52; else ec = 1;
  // value = m * 2^(e - 1075)
  mul64x64(ma, mb);
  let phi = rhi, plo = rlo;
  let pexp = ea + eb - 2150; // exponent of bit 0 of the product
  let cexp = ec - 1075;
  // place both with MSB at bit 124 of a 128-bit accumulator
  let pm = 127 - clz128(phi, plo), cm = 63 - <i32>clz<u64>(mc); // MSB positions
  let pTop = pexp + pm, cTop = cexp + cm;                       // exponents of the MSBs
  let top = pTop > cTop ? pTop : cTop;
  let E = top - 124;                                            // exponent of bit 0
  let xh: u64, xl: u64, yh: u64, yl: u64;
  // product
  let s = pexp - E;
  if (s >= 0) { shl128(phi, plo, s); } else { shrSticky(phi, plo, -s); }
  xh = rhi; xl = rlo;
  s = cexp - E;
  if (s >= 0) { shl128(0, mc, s); } else { shrSticky(0, mc, -s); }
  yh = rhi; yl = rlo;
  let neg: bool;
  let rh: u64, rl: u64;
  if (sp == sc) {
    rl = xl + yl; rh = xh + yh + (rl < xl ? 1 : 0); neg = sp;
  } else {
    let xBig = xh > yh || (xh == yh && xl >= yl);
    if (xBig) { rl = xl - yl; rh = xh - yh - (xl < yl ? 1 : 0); neg = sp; }
    else { rl = yl - xl; rh = yh - xh - (yl < xl ? 1 : 0); neg = sc; }
  }
  if (rh == 0 && rl == 0) return 0.0; // exact cancellation: +0 in round-to-nearest
  let k = 127 - clz128(rh, rl);
  let p = single ? 24 : 53;
  let minLsb = single ? -149 : -1074;
  let sh = k - (p - 1);
  if (sh < minLsb - E) sh = minLsb - E;
  let mant: u64;
  if (sh <= 0) { shl128(rh, rl, -sh); mant = rlo; }
  else {
    // mant = R >> sh, with round to nearest even on the remainder
    let remHi: u64, remLo: u64, halfHi: u64, halfLo: u64;
    if (sh >= 128) { mant = 0; remHi = rh; remLo = rl; }
    else if (sh >= 64) {
      mant = sh == 64 ? rh : rh >>> <u64>(sh - 64);
      remLo = rl; remHi = sh == 64 ? 0 : rh & ((<u64>1 << <u64>(sh - 64)) - 1);
    } else {
      mant = (rl >>> <u64>sh) | (rh << <u64>(64 - sh));
      remHi = 0; remLo = rl & ((<u64>1 << <u64>sh) - 1);
    }
    if (sh - 1 >= 64) { halfHi = <u64>1 << <u64>(sh - 1 - 64); halfLo = 0; } else { halfHi = 0; halfLo = <u64>1 << <u64>(sh - 1); }
    if (sh >= 129) { halfHi = 0xffffffffffffffff; halfLo = 0xffffffffffffffff; } // unreachable in practice
    let gt = remHi > halfHi || (remHi == halfHi && remLo > halfLo);
    let eq = remHi == halfHi && remLo == halfLo;
    if (gt || (eq && (mant & 1) != 0)) mant++;
  }
  let exp = E + sh; // value = mant * 2^exp
  if (mant >= (<u64>1 << <u64>p)) { mant >>= 1; exp++; }
  let r: f64;
  if (single) {
    let bits: u32;
    if (mant == 0) bits = 0;
    else if (mant < (1 << 23)) bits = <u32>mant; // subnormal (exp == -149)
    else {
      let be = exp + 23 + 127;
      bits = be >= 255 ? 0x7f800000 : (<u32>be << 23) | (<u32>mant & 0x7fffff);
    }
    if (neg) bits |= 0x80000000;
    r = <f64>reinterpret<f32>(bits);
  } else {
    let bits: u64;
    if (mant == 0) bits = 0;
    else if (mant < (<u64>1 << 52)) bits = mant;
    else {
      let be = exp + 52 + 1023;
      bits = be >= 2047 ? 0x7ff0000000000000 : (<u64>be << 52) | (mant & 0xfffffffffffff);
    }
    if (neg) bits |= 0x8000000000000000;
    r = reinterpret<f64>(bits);
  }
  return r;
}
