// Exact scalar floating point for the FP instructions. Wasm only rounds to nearest and reports
// no exceptions, so operands are unpacked to an integer significand and exponent, the result is
// computed exactly (or with a sticky bit below every rounding position) and rounded once by
// roundPack, which is the ARM ARM's FPRound: FPCR.RMode, FPCR.FZ (flush when the unrounded
// exponent is below the minimum, i.e. tininess before rounding, UFC without IXC), alternative
// half precision (AHP), and the cumulative flags OFC/UFC/IXC (UFC only when also inexact).
// unpack is FPUnpack: with FZ a denormal input reads as zero and sets IDC.
import { ACT, O_FPCR, O_FPSR } from './layout';

export const IOC: u32 = 1, DZC: u32 = 2, OFC: u32 = 4, UFC: u32 = 8, IXC: u32 = 16, IDC: u32 = 128;
export const FPCR_AHP: u32 = 1 << 26, FPCR_DN: u32 = 1 << 25, FPCR_FZ: u32 = 1 << 24;
@inline export function fpcr(): u32 { return load<u32>(ACT + O_FPCR); }
@inline export function raise(bits: u32): void { store<u32>(ACT + O_FPSR, load<u32>(ACT + O_FPSR) | bits); }

// Rounding modes as in FPCR.RMode, plus ties-away (FCVTA*, FRINTA).
export const RN: u32 = 0, RP: u32 = 1, RM: u32 = 2, RZ: u32 = 3, RA: u32 = 4;

// Formats (the bit patterns live in the low bits of a u64).
export const FH: u32 = 0, FS: u32 = 1, FD: u32 = 2;
@inline export function fracBits(f: u32): i32 { return f == FD ? 52 : f == FS ? 23 : 10; }
@inline export function expBits(f: u32): i32 { return f == FD ? 11 : f == FS ? 8 : 5; }
@inline export function signBit(f: u32): u64 { return f == FD ? 0x8000000000000000 : f == FS ? 0x80000000 : 0x8000; }
@inline export function expMask(f: u32): u64 { return f == FD ? 0x7ff0000000000000 : f == FS ? 0x7f800000 : 0x7c00; }
@inline export function quietBit(f: u32): u64 { return f == FD ? 0x0008000000000000 : f == FS ? 0x00400000 : 0x200; }
@inline export function defaultNaN(f: u32): u64 { return expMask(f) | quietBit(f); }
@inline function minExp(f: u32): i32 { return f == FD ? -1022 : f == FS ? -126 : -14; }

// Operand classes returned by unpack.
export const C_ZERO: u32 = 0, C_NUM: u32 = 1, C_INF: u32 = 2, C_QNAN: u32 = 3, C_SNAN: u32 = 4;
// The unpacked operand: value = (-1)^uNeg * uMant * 2^uExp (C_NUM only; uNeg for all classes).
export let uNeg: bool = false;
export let uMant: u64 = 0;
export let uExp: i32 = 0;

export function unpack(b: u64, f: u32, fz: bool, ahp: bool): u32 {
  let F = fracBits(f), EB = expBits(f);
  let fr = b & ((<u64>1 << <u64>F) - 1);
  let ex = <i32>((b >> <u64>F) & ((<u64>1 << <u64>EB) - 1));
  uNeg = (b & signBit(f)) != 0;
  let bias = (1 << (EB - 1)) - 1;
  if (ex == 0) {
    if (fr == 0) return C_ZERO;
    if (fz) { raise(IDC); return C_ZERO; }
    uMant = fr; uExp = 1 - bias - F; return C_NUM;
  }
  if (ex == (1 << EB) - 1 && !ahp) return fr == 0 ? C_INF : (fr & quietBit(f)) != 0 ? C_QNAN : C_SNAN;
  uMant = fr | (<u64>1 << <u64>F); uExp = ex - bias - F; return C_NUM;
}

/** FPProcessNaN: quiet it (IOC for a signalling one), or the default NaN when FPCR.DN. */
export function procNaN(b: u64, f: u32): u64 {
  if ((b & quietBit(f)) == 0) raise(IOC);
  return (fpcr() & FPCR_DN) != 0 ? defaultNaN(f) : b | quietBit(f);
}

/** Round (-1)^neg * mant * 2^exp (mant != 0; bit 0 may be a sticky bit as long as mant has at
 *  least two bits below the rounding position) to format f: FPRound. */
export function roundPack(neg: bool, mant: u64, exp: i32, f: u32, mode: u32, fz: bool, ahp: bool): u64 {
  let F = fracBits(f), mn = minExp(f);
  let sign: u64 = neg ? signBit(f) : 0;
  let lz = <i32>clz<u64>(mant);
  mant <<= <u64>lz;
  let e = exp + 63 - lz;               // value = (mant / 2^63) * 2^e with mant / 2^63 in [1, 2)
  let tiny = e < mn;
  if (tiny && fz) { raise(UFC); return sign; }
  let s = 63 - F + (tiny ? mn - e : 0); // bits below the last kept one (>= 11)
  let q: u64, err: u32;                // err: 0 exact, 1 below half an ulp, 2 half, 3 above
  if (s >= 64) { q = 0; err = s > 64 ? 1 : mant == 0x8000000000000000 ? 2 : 3; }
  else {
    q = mant >> <u64>s;
    let rem = mant & ((<u64>1 << <u64>s) - 1), half = <u64>1 << <u64>(s - 1);
    err = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
  }
  if (tiny && err != 0) raise(UFC);
  let up: bool;
  switch (mode) {
    case RN: up = err == 3 || (err == 2 && (q & 1) != 0); break;
    case RP: up = err != 0 && !neg; break;
    case RM: up = err != 0 && neg; break;
    default: up = false;
  }
  // biased exponent and fraction in one integer, so a carry out of the fraction bumps the exponent
  let bits: u64 = tiny ? q : e - mn >= (1 << expBits(f)) ? signBit(f) : (<u64>(e - mn) << <u64>F) + q;
  if (up) bits++;
  if (ahp) {
    if (bits >= 0x8000) { raise(IOC); return sign | 0x7fff; } // no infinities: saturate, Invalid
  } else if (bits >= expMask(f)) {
    raise(OFC | IXC);
    let toInf = mode == RN || (mode == RP && !neg) || (mode == RM && neg);
    return sign | (toInf ? expMask(f) : expMask(f) - 1);
  }
  if (err != 0) raise(IXC);
  return sign | bits;
}

/** roundPack for a 128-bit significand hi:lo. */
export function roundPack128(neg: bool, hi: u64, lo: u64, exp: i32, f: u32, mode: u32, fz: bool): u64 {
  if (hi == 0) return roundPack(neg, lo, exp, f, mode, fz, false);
  let n = 64 - <i32>clz<u64>(hi);
  let m: u64 = n == 64 ? hi : (hi << <u64>(64 - n)) | (lo >> <u64>n);
  let sticky = n == 64 ? lo != 0 : (lo << <u64>(64 - n)) != 0;
  return roundPack(neg, m | (sticky ? 1 : 0), exp + n, f, mode, fz, false);
}

// ---- 128-bit helpers
export let rhi: u64 = 0, rlo: u64 = 0;
export function mul64x64(a: u64, b: u64): void {
  let a0 = a & 0xffffffff, a1 = a >>> 32, b0 = b & 0xffffffff, b1 = b >>> 32;
  let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  let mid = (p00 >>> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  rlo = (p00 & 0xffffffff) | (mid << 32);
  rhi = p11 + (p01 >>> 32) + (p10 >>> 32) + (mid >>> 32);
}

// ---- exact operations on unpacked finite non-zero operands, rounded once

/** a + b (signs included). */
export function addNum(na: bool, ma: u64, ea: i32, nb: bool, mb: u64, eb: i32, f: u32, mode: u32, fz: bool): u64 {
  // normalise both to bit 62 (room for the carry), then align the smaller with a sticky bit
  let la = <i32>clz<u64>(ma) - 1, lb = <i32>clz<u64>(mb) - 1;
  ma <<= <u64>la; ea -= la; mb <<= <u64>lb; eb -= lb;
  if (eb > ea || (eb == ea && mb > ma)) {
    let t1 = na; na = nb; nb = t1;
    let t2 = ma; ma = mb; mb = t2;
    let t3 = ea; ea = eb; eb = t3;
  }
  let dd = ea - eb;
  if (dd >= 64) mb = 1;
  else if (dd > 0) mb = (mb >> <u64>dd) | ((mb & ((<u64>1 << <u64>dd) - 1)) != 0 ? 1 : 0);
  let m: u64 = na == nb ? ma + mb : ma - mb;
  if (m == 0) return mode == RM ? signBit(f) : 0; // exact cancellation: the sign depends on the mode
  return roundPack(na, m, ea, f, mode, fz, false);
}

export function mulNum(neg: bool, ma: u64, ea: i32, mb: u64, eb: i32, f: u32, mode: u32, fz: bool): u64 {
  if (f != FD) return roundPack(neg, ma * mb, ea + eb, f, mode, fz, false); // < 2^48: exact
  mul64x64(ma, mb);
  return roundPack128(neg, rhi, rlo, ea + eb, f, mode, fz);
}

export function divNum(neg: bool, ma: u64, ea: i32, mb: u64, eb: i32, f: u32, mode: u32, fz: bool): u64 {
  let la = <i32>clz<u64>(ma) - 11, lb = <i32>clz<u64>(mb) - 11; // both to bit 52
  ma <<= <u64>la; ea -= la; mb <<= <u64>lb; eb -= lb;
  if (ma < mb) { ma <<= 1; ea--; }
  // long division, 11 quotient bits per step: 1 + 55 bits and a sticky remainder
  let q = ma / mb, r = ma % mb;
  for (let i = 0; i < 5; i++) { r <<= 11; q = (q << 11) | (r / mb); r = r % mb; }
  return roundPack(neg, q | (r != 0 ? 1 : 0), ea - eb - 55, f, mode, fz, false);
}

/** sqrt of a positive value; `x` is the same value as an f64 (exact). */
export function sqrtNum(m: u64, e: i32, x: f64, f: u32, mode: u32, fz: bool): u64 {
  // the native square root is correctly rounded to 53 bits (never denormal); an exact 128-bit
  // comparison of its square with the operand tells whether and which way it is off
  let rb = reinterpret<u64>(Math.sqrt(x));
  let rm = (rb & 0xfffffffffffff) | 0x10000000000000;
  let re = <i32>((rb >> 52) & 0x7ff) - 1075;
  let l = <i32>clz<u64>(m) - 11;
  m <<= <u64>l; e -= l;
  let sh = e - 2 * re;                 // m * 2^sh against rm^2, sh in 51..54
  let xh = m >> <u64>(64 - sh), xl = m << <u64>sh;
  mul64x64(rm, rm);
  let mant = rm << 3;                  // an eighth of an ulp says which side the true root lies
  if (rhi > xh || (rhi == xh && rlo > xl)) mant--;
  else if (rhi != xh || rlo != xl) mant++;
  return roundPack(false, mant, re - 3, f, mode, fz, false);
}

/** Integer part of |value| = m * 2^e and the discarded fraction's class (0 none, 1 < half,
 *  2 half, 3 > half) in ipErr; returns false when the integer part does not fit 64 bits. */
export let ipMag: u64 = 0;
export let ipErr: u32 = 0;
export function intPart(m: u64, e: i32): bool {
  if (e >= 0) {
    if (e > <i32>clz<u64>(m)) return false;
    ipMag = m << <u64>e; ipErr = 0; return true;
  }
  let rs = -e;
  if (rs >= 64) { ipMag = 0; ipErr = 1; return true; } // m < 2^53: below a half
  ipMag = m >> <u64>rs;
  let rem = m & ((<u64>1 << <u64>rs) - 1), half = <u64>1 << <u64>(rs - 1);
  ipErr = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
  return true;
}
/** Whether rounding |value| in `mode` increments the integer part (neg: the value's sign). */
export function roundsUp(mode: u32, neg: bool, odd: bool, err: u32): bool {
  switch (mode) {
    case RN: return err == 3 || (err == 2 && odd);
    case RP: return err != 0 && !neg;
    case RM: return err != 0 && neg;
    case RA: return err >= 2;
    default: return false;
  }
}
