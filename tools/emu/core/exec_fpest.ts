// The FP "estimate and step" operations of AdvSIMD, one lane (single or double) at a time, as
// the ARM ARM pseudocode defines them: FPRecipEstimate, FPRSqrtEstimate, FPRecpX,
// UnsignedRecipEstimate/UnsignedRSqrtEstimate (8-bit estimates from RecipEstimate and
// RecipSqrtEstimate), and the special cases of FPMulX, FPRecipStepFused and FPRSqrtStepFused
// (infinity times zero gives 2.0, 2.0 and 1.5; everything else is the fused multiply-add the
// caller runs). FPCR.FZ/DN/RMode and the FPSR flags as there.
import {
  fpcr, raise, IOC, DZC, OFC, UFC, IXC, FPCR_DN, FPCR_FZ, FS, FD,
  signBit, expMask, quietBit, defaultNaN, C_ZERO, C_INF, C_QNAN, C_SNAN, unpack, procNaN,
} from './softfloat';

@inline function fmt(dbl: u32): u32 { return dbl ? FD : FS; }
@inline function fz(): bool { return (fpcr() & FPCR_FZ) != 0; }

/** RecipEstimate: a in 256..511 (0.5 <= a/512 < 1) -> 256..511 (1/x in units of 1/256). */
function recipEstimate(a: u32): u32 {
  a = a * 2 + 1;
  let b = (<u32>1 << 19) / a;
  return (b + 1) >> 1;
}
/** RecipSqrtEstimate: a in 128..511 -> 256..511. */
function rsqrtEstimate(a: u32): u32 {
  if (a < 256) a = a * 2 + 1;
  else { a = (a >> 1) << 1; a = (a + 1) * 2; }
  let b: u64 = 512;
  while (<u64>a * (b + 1) * (b + 1) < (<u64>1 << 28)) b++;
  return <u32>((b + 1) >> 1);
}

/** FPRecipEstimate (FRECPE). */
export function recpe(x: u64, dbl: u32): u64 {
  let f = fmt(dbl), sb = signBit(f);
  let t = unpack(x, f, fz(), false);
  let neg = (x & sb) != 0;
  let sign: u64 = neg ? sb : 0;
  if (t == C_QNAN || t == C_SNAN) return procNaN(x, f);
  if (t == C_INF) return sign;
  if (t == C_ZERO) { raise(DZC); return sign | expMask(f); }
  let fracW: u32 = dbl ? 52 : 23;
  let ex = <i32>((x >> <u64>fracW) & (dbl ? 0x7ff : 0xff));
  // |x| < 2^-128 (single) / 2^-1024 (double): the reciprocal overflows
  let tiny = dbl ? ex == 0 && ((x >> 50) & 3) == 0 : ex == 0 && ((x >> 21) & 3) == 0;
  if (tiny) {
    let mode = (fpcr() >> 22) & 3;
    let toInf = mode == 0 || (mode == 1 && !neg) || (mode == 2 && neg);
    raise(OFC | IXC);
    return toInf ? sign | expMask(f) : sign | (expMask(f) - (<u64>1 << <u64>fracW)) | ((<u64>1 << <u64>fracW) - 1);
  }
  // a result below the normal range with FZ is flushed (UFC alone)
  if (fz() && ex >= (dbl ? 2045 : 253)) { raise(UFC); return sign; } // |x| >= 2^126 / 2^1022
  // the fraction as 52 bits, normalised for denormals as the pseudocode does
  let frac: u64 = dbl ? x & 0xfffffffffffff : (x & 0x7fffff) << 29;
  let e: i32 = ex;
  if (e == 0) {
    if (((frac >> 51) & 1) == 0) { e = -1; frac = (frac << 2) & 0xfffffffffffff; }
    else frac = (frac << 1) & 0xfffffffffffff;
  }
  let scaled = <u32>(0x100 | (frac >> 44));
  let rexp: i32 = (dbl ? 2045 : 253) - e;
  let est = recipEstimate(scaled);
  let rf: u64 = (<u64>(est & 0xff)) << 44;
  if (rexp == 0) rf = (<u64>1 << 51) | (rf >> 1);
  else if (rexp == -1) { rf = (<u64>1 << 50) | (rf >> 2); rexp = 0; }
  if (dbl) return sign | (<u64>rexp << 52) | rf;
  return sign | (<u64>(rexp & 0xff) << 23) | (rf >> 29);
}

/** FPRSqrtEstimate (FRSQRTE). */
export function rsqrte(x: u64, dbl: u32): u64 {
  let f = fmt(dbl), sb = signBit(f);
  let t = unpack(x, f, fz(), false);
  let neg = (x & sb) != 0;
  if (t == C_QNAN || t == C_SNAN) return procNaN(x, f);
  if (t == C_ZERO) { raise(DZC); return (neg ? sb : 0) | expMask(f); }
  if (neg) { raise(IOC); return defaultNaN(f); }
  if (t == C_INF) return 0;
  let fracW: u32 = dbl ? 52 : 23;
  let e = <i32>((x >> <u64>fracW) & (dbl ? 0x7ff : 0xff));
  let frac: u64 = dbl ? x & 0xfffffffffffff : (x & 0x7fffff) << 29;
  if (e == 0) {
    while (((frac >> 51) & 1) == 0) { frac = (frac << 1) & 0xfffffffffffff; e--; }
    frac = (frac << 1) & 0xfffffffffffff;
  }
  let scaled: u32 = (e & 1) == 0 ? <u32>(0x100 | (frac >> 44)) : <u32>(0x80 | (frac >> 45));
  let rexp: i32 = ((dbl ? 3068 : 380) - e) >> 1;
  let est = <u64>(rsqrtEstimate(scaled) & 0xff);
  if (dbl) return (<u64>(rexp & 0x7ff) << 52) | (est << 44);
  return (<u64>(rexp & 0xff) << 23) | (est << 15);
}

/** FPRecpX (FRECPX): the exponent inverted, fraction cleared. */
export function recpx(x: u64, dbl: u32): u64 {
  let f = fmt(dbl);
  let t = unpack(x, f, fz(), false);
  if (t == C_QNAN || t == C_SNAN) return procNaN(x, f);
  let fracW: u64 = dbl ? 52 : 23, em: u64 = dbl ? 0x7ff : 0xff;
  let ex = (x >> fracW) & em;
  let sign = x & signBit(f);
  return sign | ((ex == 0 ? em - 1 : ~ex & em) << fracW);
}

/** URECPE / URSQRTE on one 32-bit lane. */
export function urecpe(x: u32): u32 { return (x >> 31) == 0 ? 0xffffffff : (recipEstimate(x >> 23) & 0x1ff) << 23; }
export function ursqrte(x: u32): u32 { return (x >> 30) == 0 ? 0xffffffff : (rsqrtEstimate(x >> 23) & 0x1ff) << 23; }

/** Infinity times zero (after FPUnpack's flush): FMULX, FRECPS, FRSQRTS special-case it; the
 *  NaN cases come first (FPProcessNaNs on the operands as given). Returns 1 when `x*y` is
 *  inf*0 and neither operand is a NaN. */
export function infTimesZero(a: u64, b: u64, dbl: u32): bool {
  let f = fmt(dbl), z = fz();
  let ta = unpack(a, f, z, false), tb = unpack(b, f, z, false);
  if (ta >= C_QNAN || tb >= C_QNAN) return false;
  return (ta == C_INF && tb == C_ZERO) || (ta == C_ZERO && tb == C_INF);
}
/** 2.0, 1.5 and their sign variants as lane bits. */
export function fpConst(dbl: u32, neg: bool, which: u32): u64 {
  // which: 0 -> 2.0, 1 -> 1.5
  let v: u64 = dbl ? (which == 0 ? 0x4000000000000000 : 0x3ff8000000000000) : (which == 0 ? 0x40000000 : 0x3fc00000);
  return v | (neg ? signBit(fmt(dbl)) : 0);
}
/** Halve an operand when that is exact (biased exponent >= 2, not inf/NaN); returns it as is
 *  otherwise. (3 - a*b)/2 = 1.5 - a*(b/2) then rounds once. */
export function halveExact(b: u64, dbl: u32): u64 {
  let fracW: u64 = dbl ? 52 : 23, em: u64 = dbl ? 0x7ff : 0xff;
  let ex = (b >> fracW) & em;
  if (ex >= 2 && ex != em) return b - (<u64>1 << fracW);
  return b;
}
/** Whether halving `b` is exact (see halveExact). */
export function halvable(b: u64, dbl: u32): bool { return halveExact(b, dbl) != b; }
void quietBit; void FPCR_DN;
