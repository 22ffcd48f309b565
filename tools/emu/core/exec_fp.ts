// Scalar floating point (half for conversions, single, double): arithmetic, fused multiply-add,
// compares, min/max, conversions, rounding to integral. Exact architectural results: every
// operation is computed exactly and rounded once (softfloat.ts) in the FPCR.RMode rounding
// mode, honouring FPCR.FZ (denormal inputs read as zero with IDC, tiny results flushed with
// UFC), FPCR.DN and FPCR.AHP, and setting the FPSR cumulative flags as the ARM ARM pseudocode
// (FPAdd, FPMul, FPDiv, FPSqrt, FPMulAdd, FPMax/FPMin(Num), FPCompare, FPConvert, FPToFixed,
// FixedToFP, FPRoundInt) does.
import { X, setX, setNZCV, condHolds, Vaddr } from './state';
import {
  fpcr, raise, IOC, DZC, IXC, FPCR_AHP, FPCR_DN, FPCR_FZ, RN, RM, RA, FH, FS, FD,
  fracBits, signBit, expMask, quietBit, defaultNaN, C_ZERO, C_NUM, C_INF, C_QNAN, C_SNAN,
  uNeg, uMant, uExp, unpack, procNaN, roundPack, addNum, mulNum, divNum, sqrtNum,
  intPart, ipMag, ipErr, roundsUp,
} from './softfloat';
import { fmaNum } from './softfma';

@inline function getS(n: u32): u32 { return load<u32>(Vaddr(n)); }
@inline function getD(n: u32): u64 { return load<u64>(Vaddr(n)); }
@inline function setS(d: u32, v: u32): void { let a = Vaddr(d); store<u64>(a, <u64>v); store<u64>(a, 0, 8); }
@inline function setD(d: u32, v: u64): void { let a = Vaddr(d); store<u64>(a, v); store<u64>(a, 0, 8); }
@inline function setH(d: u32, v: u32): void { let a = Vaddr(d); store<u64>(a, <u64>(v & 0xffff)); store<u64>(a, 0, 8); }
/** Register n in format f (S or D) as bits in a u64. */
@inline function rd(n: u32, f: u32): u64 { return f == FD ? getD(n) : <u64>getS(n); }
@inline function wr(d: u32, f: u32, v: u64): void { if (f == FD) setD(d, v); else setS(d, <u32>v); }
@inline function fmtOf(ftype: u32): u32 { return ftype == 0 ? FS : ftype == 1 ? FD : FH; }
@inline function rmode(c: u32): u32 { return (c >> 22) & 3; }
@inline function invalid(f: u32): u64 { raise(IOC); return defaultNaN(f); }
@inline function inf(f: u32, neg: bool): u64 { return expMask(f) | (neg ? signBit(f) : 0); }
@inline function zero(f: u32, neg: bool): u64 { return neg ? signBit(f) : 0; }

/** FPProcessNaNs: the first signalling NaN, else the first quiet NaN; false when neither. */
let nanRes: u64 = 0;
function nans2(ta: u32, tb: u32, a: u64, b: u64, f: u32): bool {
  if (ta == C_SNAN) nanRes = procNaN(a, f);
  else if (tb == C_SNAN) nanRes = procNaN(b, f);
  else if (ta == C_QNAN) nanRes = procNaN(a, f);
  else if (tb == C_QNAN) nanRes = procNaN(b, f);
  else return false;
  return true;
}
function nans3(ta: u32, tb: u32, tc: u32, a: u64, b: u64, c: u64, f: u32): bool {
  if (ta == C_SNAN) nanRes = procNaN(a, f);
  else if (tb == C_SNAN) nanRes = procNaN(b, f);
  else if (tc == C_SNAN) nanRes = procNaN(c, f);
  else if (ta == C_QNAN) nanRes = procNaN(a, f);
  else if (tb == C_QNAN) nanRes = procNaN(b, f);
  else if (tc == C_QNAN) nanRes = procNaN(c, f);
  else return false;
  return true;
}

/** An operand after FPUnpack's flush to zero (the bits of a signed zero for a flushed denormal). */
@inline function flushed(b: u64, t: u32, f: u32): u64 { return t == C_ZERO ? b & signBit(f) : b; }
@inline function isSNaN(b: u64, f: u32): bool { return (b & ~signBit(f)) > expMask(f) && (b & quietBit(f)) == 0; }
@inline function toF64(b: u64, f: u32): f64 { return f == FD ? reinterpret<f64>(b) : <f64>reinterpret<f32>(<u32>b); }

/** FPMax / FPMin on non-NaN operands (already flushed): the larger/smaller, zeros by sign. */
function maxMin(a: u64, b: u64, f: u32, isMin: bool): u64 {
  if (f == FD) { let x = reinterpret<f64>(a), y = reinterpret<f64>(b); return reinterpret<u64>(isMin ? min<f64>(x, y) : max<f64>(x, y)); }
  let x = reinterpret<f32>(<u32>a), y = reinterpret<f32>(<u32>b);
  return <u64>reinterpret<u32>(isMin ? min<f32>(x, y) : max<f32>(x, y));
}

// ---- fast paths for round to nearest without FZ: the native operation gives the result, a
// cheap exact test gives IXC; anything near an edge (tiny, overflow, NaN, infinity) returns
// false and takes the exact path.
const NORMAL_MIN_D: u64 = 0x0010000000000000, EXP_D: u64 = 0x7ff0000000000000;
const NORMAL_MIN_S: u32 = 0x00800000, EXP_S: u32 = 0x7f800000;
@inline function normalD(b: u64): bool { let e = b & EXP_D; return e != 0 && e != EXP_D; }
@inline function normalS(b: u32): bool { let e = b & EXP_S; return e != 0 && e != EXP_S; }
// a rounded result of exactly the minimum normal may come from a tiny value (UFC): exact path
@inline function aboveMinD(b: u64): bool { return normalD(b) && (b & 0x7fffffffffffffff) != NORMAL_MIN_D; }
@inline function aboveMinS(b: u32): bool { return normalS(b) && (b & 0x7fffffff) != NORMAL_MIN_S; }
/** Whether the product of two normal doubles is exact in 53 bits (given it is normal): the odd
 *  parts of the significands multiply to fewer than 54 bits. */
function mulExactD(a: u64, b: u64): bool {
  let ma = (a & 0xfffffffffffff) | 0x10000000000000, mb = (b & 0xfffffffffffff) | 0x10000000000000;
  ma >>= ctz<u64>(ma); mb >>= ctz<u64>(mb);
  if (128 - <i32>clz<u64>(ma) - <i32>clz<u64>(mb) > 54) return false;
  return ma * mb < 0x20000000000000;
}
function fast2(d: u32, n: u32, m: u32, op: u32, dbl: bool): bool {
  if (dbl) {
    let a = getD(n), b = getD(m);
    let fa = reinterpret<f64>(a), fb = reinterpret<f64>(b), r: f64, inexact: bool;
    switch (op) {
      case 2: case 3: { // TwoSum: the rounding error of a + b, exactly
        if (op == 3) fb = -fb;
        r = fa + fb;
        if (((reinterpret<u64>(r) & EXP_D) == EXP_D)) return false;
        let bv = r - fa;
        inexact = (fa - (r - bv)) + (fb - bv) != 0;
        setD(d, reinterpret<u64>(r));
        if (inexact) raise(IXC);
        return true;
      }
      case 1: {
        r = fa / fb;
        let rb = reinterpret<u64>(r);
        if (!aboveMinD(rb) || !normalD(a) || !normalD(b)) return false;
        inexact = r * fb != fa || !mulExactD(rb, b);
        break;
      }
      default: {
        r = fa * fb;
        let rb = reinterpret<u64>(r);
        if (!aboveMinD(rb) || !normalD(a) || !normalD(b)) return false;
        inexact = !mulExactD(a, b);
        if (op == 8) r = -r;
      }
    }
    setD(d, reinterpret<u64>(r));
    if (inexact) raise(IXC);
    return true;
  }
  // single: the f64 result is exact (product) or rounded innocuously (sum, quotient: 53 >= 2*24+2)
  let a = getS(n), b = getS(m);
  let fa = <f64>reinterpret<f32>(a), fb = <f64>reinterpret<f32>(b), w: f64, err: bool = false;
  switch (op) {
    case 0: case 8: w = fa * fb; break;
    case 1: w = fa / fb; break;
    default: {
      if (op == 3) fb = -fb;
      w = fa + fb;
      let bv = w - fa;
      err = (fa - (w - bv)) + (fb - bv) != 0;
    }
  }
  let r = <f32>w;
  let rb = reinterpret<u32>(r);
  if (!aboveMinS(rb)) return false;
  setS(d, op == 8 ? rb ^ 0x80000000 : rb);
  if (err || <f64>r != w) raise(IXC);
  return true;
}

// FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM FNMUL (opcode 0..8)
export function fp2(d: u32, n: u32, m: u32, x: u32): void {
  let op = x & 15, f = fmtOf(x >> 8);
  let c = fpcr(), fz = (c & FPCR_FZ) != 0, mode = rmode(c);
  if ((c & 0x01c00000) == 0 && (op <= 3 || op == 8) && fast2(d, n, m, op, f == FD)) return;
  let a = rd(n, f), b = rd(m, f);
  let ta = unpack(a, f, fz, false); let na = uNeg, ma = uMant, ea = uExp;
  let tb = unpack(b, f, fz, false); let nb = uNeg, mb = uMant, eb = uExp;
  let r: u64;
  if (op >= 4 && op <= 7) {
    // FMAXNM/FMINNM: a single quiet NaN loses to a number (FPMaxNum replaces it by -/+inf)
    if (op >= 6 && ta == C_QNAN && tb != C_QNAN && tb != C_SNAN) r = flushed(b, tb, f);
    else if (op >= 6 && tb == C_QNAN && ta != C_QNAN && ta != C_SNAN) r = flushed(a, ta, f);
    else if (nans2(ta, tb, a, b, f)) r = nanRes;
    else r = maxMin(flushed(a, ta, f), flushed(b, tb, f), f, (op & 1) != 0);
    wr(d, f, r);
    return;
  }
  if (nans2(ta, tb, a, b, f)) { wr(d, f, op == 8 ? nanRes ^ signBit(f) : nanRes); return; }
  switch (op) {
    case 1: { // FDIV
      let neg = na != nb;
      if ((ta == C_INF && tb == C_INF) || (ta == C_ZERO && tb == C_ZERO)) r = invalid(f);
      else if (ta == C_INF || tb == C_ZERO) { if (ta != C_INF) raise(DZC); r = inf(f, neg); }
      else if (ta == C_ZERO || tb == C_INF) r = zero(f, neg);
      else r = divNum(neg, ma, ea, mb, eb, f, mode, fz);
      break;
    }
    case 2: case 3: { // FADD, FSUB
      if (op == 3) nb = !nb;
      if (ta == C_INF && tb == C_INF && na != nb) r = invalid(f);
      else if (ta == C_INF) r = inf(f, na);
      else if (tb == C_INF) r = inf(f, nb);
      else if (ta == C_ZERO && tb == C_ZERO) r = zero(f, na == nb ? na : mode == RM);
      else if (ta == C_ZERO) r = flushed(b, tb, f) ^ (op == 3 ? signBit(f) : 0);
      else if (tb == C_ZERO) r = a;
      else r = addNum(na, ma, ea, nb, mb, eb, f, mode, fz);
      break;
    }
    default: { // FMUL, FNMUL (= FPNeg of the rounded product)
      let neg = na != nb;
      if ((ta == C_INF && tb == C_ZERO) || (ta == C_ZERO && tb == C_INF)) r = invalid(f);
      else if (ta == C_INF || tb == C_INF) r = inf(f, neg);
      else if (ta == C_ZERO || tb == C_ZERO) r = zero(f, neg);
      else r = mulNum(neg, ma, ea, mb, eb, f, mode, fz);
      if (op == 8) r ^= signBit(f);
    }
  }
  wr(d, f, r);
}

/** FPConvert: format fi -> fo (FZ applies to single/double only; AHP to half). */
function convert(b: u64, fi: u32, fo: u32): u64 {
  let c = fpcr();
  let ahp = (c & FPCR_AHP) != 0, fz = (c & FPCR_FZ) != 0;
  let t = unpack(b, fi, fi != FH && fz, fi == FH && ahp);
  let neg = uNeg;
  let altOut = fo == FH && ahp;
  if (t >= C_QNAN) {
    if (t == C_SNAN || altOut) raise(IOC);
    if (altOut) return zero(fo, neg);
    if ((c & FPCR_DN) != 0) return defaultNaN(fo);
    let Fi = fracBits(fi), Fo = fracBits(fo);
    let fr = b & ((<u64>1 << <u64>Fi) - 1);
    fr = Fo >= Fi ? fr << <u64>(Fo - Fi) : fr >> <u64>(Fi - Fo);
    return zero(fo, neg) | expMask(fo) | quietBit(fo) | fr;
  }
  if (t == C_INF) {
    if (altOut) { raise(IOC); return zero(fo, neg) | 0x7fff; }
    return inf(fo, neg);
  }
  if (t == C_ZERO) return zero(fo, neg);
  return roundPack(neg, uMant, uExp, fo, rmode(c), fo != FH && fz, altOut);
}

/** FPRoundInt in `mode` (FRINTX: `exact` sets IXC when the value changes). */
function roundInt(b: u64, f: u32, mode: u32, exact: bool): u64 {
  let t = unpack(b, f, (fpcr() & FPCR_FZ) != 0, false);
  if (t >= C_QNAN) return procNaN(b, f);
  if (t == C_INF) return b;
  if (t == C_ZERO) return b & signBit(f);
  if (uExp >= 0) return b; // already integral
  let neg = uNeg;
  intPart(uMant, uExp);
  let mag = ipMag, err = ipErr;
  if (roundsUp(mode, neg, (mag & 1) != 0, err)) mag++;
  if (exact && err != 0) raise(IXC);
  if (mag == 0) return zero(f, neg);
  return roundPack(neg, mag, 0, f, RN, false, false); // exact
}

// FABS FNEG FSQRT FCVT FRINT* (opcode), ftype 3: FCVT from half
export function fp1(d: u32, n: u32, x: u32): void {
  let op = x & 63, t = x >> 8;
  if (t == 3) { // FCVT Sd/Dd, Hn
    let h = <u64>load<u16>(Vaddr(n));
    if (op == 5) setD(d, convert(h, FH, FD)); else setS(d, <u32>convert(h, FH, FS));
    return;
  }
  let f = fmtOf(t);
  switch (op) {
    case 1: wr(d, f, rd(n, f) & ~signBit(f)); return;  // FABS, FNEG: sign bit only
    case 2: wr(d, f, rd(n, f) ^ signBit(f)); return;
    case 4: setS(d, <u32>convert(getD(n), FD, FS)); return;
    case 5: setD(d, convert(<u64>getS(n), FS, FD)); return;
    case 7: setH(d, <u32>convert(rd(n, f), f, FH)); return;
    case 3: { // FSQRT
      let c = fpcr(), fz = (c & FPCR_FZ) != 0;
      let b = rd(n, f);
      if ((c & 0x01c00000) == 0 && (b >> (f == FD ? 63 : 31)) == 0 && (f == FD ? normalD(b) : normalS(<u32>b))) {
        // round to nearest, positive normal operand: exact iff the root squares back exactly
        if (f == FD) {
          let r = Math.sqrt(reinterpret<f64>(b)), rb = reinterpret<u64>(r);
          setD(d, rb);
          if (r * r != reinterpret<f64>(b) || !mulExactD(rb, rb)) raise(IXC);
        } else {
          let w = Math.sqrt(<f64>reinterpret<f32>(<u32>b)), r = <f32>w;
          setS(d, reinterpret<u32>(r));
          if (<f64>r != w) raise(IXC);
        }
        return;
      }
      let ty = unpack(b, f, fz, false);
      let r: u64;
      if (ty >= C_QNAN) r = procNaN(b, f);
      else if (ty == C_ZERO) r = b & signBit(f);
      else if (uNeg) r = invalid(f);
      else if (ty == C_INF) r = b;
      else r = sqrtNum(uMant, uExp, toF64(b, f), f, rmode(c), fz);
      wr(d, f, r);
      return;
    }
    default: { // FRINTN/P/M/Z/A (8..12), FRINTX (14), FRINTI (15)
      let mode: u32 = op <= 11 ? op - 8 : op == 12 ? RA : rmode(fpcr());
      wr(d, f, roundInt(rd(n, f), f, mode, op == 14));
    }
  }
}

/** Double FMA in round to nearest with error-free transformations: TwoProduct (Veltkamp split)
 *  gives the product as p + ep exactly, three TwoSums turn p + ep + c into r + e3 + e2 exactly
 *  with r = fl(s + t); r is the correctly rounded result when |e3| + |e2| is below half its
 *  rounding interval. Ranges are gated so that no step overflows or loses bits to underflow;
 *  otherwise (or when too close to call) false: the integer path decides. */
function fmaFastD(d: u32, va: u64, vn: u64, vm: u64): bool {
  let pa = vn & 0x7fffffffffffffff, pb = vm & 0x7fffffffffffffff, pc = va & 0x7fffffffffffffff;
  if (pa >= 0x7e20000000000000 || pb >= 0x7e20000000000000 || pc >= 0x7dd0000000000000) return false;
  let a = reinterpret<f64>(vn), b = reinterpret<f64>(vm), c = reinterpret<f64>(va);
  let p = a * b;
  let pp = reinterpret<u64>(p) & 0x7fffffffffffffff;
  if (pp < 0x03f0000000000000 || pp >= 0x7dd0000000000000) return false; // 2^-960 .. 2^990
  let ga = 134217729.0 * a, ah = ga - (ga - a), al = a - ah;
  let gb = 134217729.0 * b, bh = gb - (gb - b), bl = b - bh;
  let ep = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  let s = p + c, z = s - p;
  let e1 = (p - (s - z)) + (c - z);
  let t = e1 + ep; z = t - e1;
  let e2 = (e1 - (t - z)) + (ep - z);
  let r = s + t; z = r - s;
  let e3 = (s - (r - z)) + (t - z);
  let rb = reinterpret<u64>(r), re = rb & EXP_D;
  if (re < 0x03d0000000000000 || re == EXP_D) return false;
  // half an ulp of r; a quarter below a power of two (the spacing halves there)
  let h = reinterpret<f64>(re - ((rb & 0xfffffffffffff) == 0 ? <u64>54 << 52 : <u64>53 << 52));
  if (Math.abs(e3) + Math.abs(e2) >= h) return false;
  setD(d, rb);
  if (e3 + e2 != 0) raise(IXC);
  return true;
}

// FMADD FMSUB FNMADD FNMSUB: x = ftype << 8 | o1 << 1 | o0
export function fp3(d: u32, n: u32, m: u32, a: u32, x: u32): void {
  let f = fmtOf(x >> 8), sb = signBit(f);
  let negA = (x & 2) != 0;
  let negN = (((x >> 1) ^ x) & 1) != 0; // FMSUB and FNMADD negate the product
  let c = fpcr(), fz = (c & FPCR_FZ) != 0, mode = rmode(c);
  let va = rd(a, f) ^ (negA ? sb : 0), vn = rd(n, f) ^ (negN ? sb : 0), vm = rd(m, f);
  if ((c & 0x01c00000) == 0 && f == FS) {
    // round to nearest: the product is exact in f64, TwoSum gives the sum's error; one rounding
    // to single is right unless the f64 sum sits exactly halfway between two singles
    let p = <f64>reinterpret<f32>(<u32>vn) * <f64>reinterpret<f32>(<u32>vm), ad = <f64>reinterpret<f32>(<u32>va);
    let s = p + ad, bv = s - p;
    let e = (p - (s - bv)) + (ad - bv);
    let r = <f32>s, rb = reinterpret<u32>(r);
    let low = reinterpret<u64>(s) & 0x1fffffff;
    if (aboveMinS(rb) && (e == 0 || low != 0x10000000)) {
      setS(d, rb);
      if (e != 0 || low != 0) raise(IXC);
      return;
    }
  }
  if ((c & 0x01c00000) == 0 && f == FD && fmaFastD(d, va, vn, vm)) return;
  let tA = unpack(va, f, fz, false); let sA = uNeg, mA = uMant, eA = uExp;
  let t1 = unpack(vn, f, fz, false); let s1 = uNeg, m1 = uMant, e1 = uExp;
  let t2 = unpack(vm, f, fz, false); let s2 = uNeg, m2 = uMant, e2 = uExp;
  let inf0 = (t1 == C_INF && t2 == C_ZERO) || (t1 == C_ZERO && t2 == C_INF);
  let r: u64;
  if (tA == C_QNAN && inf0) r = invalid(f);
  else if (nans3(tA, t1, t2, va, vn, vm, f)) r = nanRes;
  else {
    let sP = s1 != s2, infP = t1 == C_INF || t2 == C_INF, zeroP = t1 == C_ZERO || t2 == C_ZERO;
    if (inf0 || (tA == C_INF && infP && sA != sP)) r = invalid(f);
    else if ((tA == C_INF && !sA) || (infP && !sP)) r = inf(f, false);
    else if ((tA == C_INF && sA) || (infP && sP)) r = inf(f, true);
    else if (tA == C_ZERO && zeroP) r = zero(f, sA == sP ? sA : mode == RM);
    else if (zeroP) r = va;                                   // exact: the addend
    else if (tA == C_ZERO) r = mulNum(sP, m1, e1, m2, e2, f, mode, fz); // the product, rounded once
    else r = fmaNum(sP, m1, e1, m2, e2, sA, mA, eA, f, mode, fz);
  }
  wr(d, f, r);
}

/** Compare: sets NZCV. `signalAll`: FCMPE (any NaN is Invalid). */
function compare(dbl: bool, n: u32, m: u32, isZero: bool, signalAll: bool): void {
  let f = dbl ? FD : FS;
  let fz = (fpcr() & FPCR_FZ) != 0;
  let a = rd(n, f), b: u64 = isZero ? 0 : rd(m, f);
  let fa: f64, fb: f64, un: bool;
  if (!fz) { // nothing to flush: compare natively
    fa = toF64(a, f); fb = toF64(b, f);
    un = fa != fa || fb != fb;
    if (un && (signalAll || isSNaN(a, f) || isSNaN(b, f))) raise(IOC);
  } else {
    let ta = unpack(a, f, fz, false), tb = unpack(b, f, fz, false);
    un = ta >= C_QNAN || tb >= C_QNAN;
    if (un && (signalAll || ta == C_SNAN || tb == C_SNAN)) raise(IOC);
    fa = toF64(flushed(a, ta, f), f); fb = toF64(flushed(b, tb, f), f);
  }
  setNZCV(un ? 0x30000000 : fa == fb ? 0x60000000 : fa < fb ? 0x80000000 : 0x20000000);
}
export function fcmp(n: u32, m: u32, x: u32): void {
  compare((x >> 8) != 0, n, m, (x & 8) != 0, (x & 16) != 0);
}
export function fccmp(n: u32, m: u32, cond: u32, x: u32): void {
  if (condHolds(cond)) compare((x >> 8) != 0, n, m, false, (x & 16) != 0);
  else setNZCV((x & 15) << 28);
}
export function fcsel(d: u32, n: u32, m: u32, cond: u32, x: u32): void {
  let src = condHolds(cond) ? n : m;
  if ((x >> 8) != 0) setD(d, getD(src)); else setS(d, getS(src));
}

/** Round an f64 below 2^52 in magnitude to integral in `mode` (exact in f64). */
function nativeRound(x: f64, mode: u32): f64 {
  switch (mode) {
    case RN: return nearest<f64>(x);
    case 1: return Math.ceil(x);
    case RM: return Math.floor(x);
    case 3: return Math.trunc(x);
    default: { let t = Math.trunc(x); return Math.abs(x - t) >= 0.5 ? t + (x < 0 ? -1.0 : 1.0) : t; }
  }
}

/** Float <-> integer conversions; fbits > 0: fixed point with that many fraction bits.
 *  x = sf << 12 | ftype << 8 | rmode << 3 | opcode. */
export function fcvti(d: u32, n: u32, x: u32, fbits: u32): void {
  let sf = ((x >> 12) & 1) != 0, f = fmtOf((x >> 8) & 3), rm = (x >> 3) & 3, oc = x & 7;
  let c = fpcr();
  if (oc == 2 || oc == 3) { // SCVTF / UCVTF: FixedToFP, rounded in the FPCR mode
    let v = X(n);
    if (!sf) v = oc == 2 ? <u64><i64><i32>v : v & 0xffffffff;
    let neg = oc == 2 && <i64>v < 0;
    let mag = neg ? 0 - v : v;
    if (mag < (f == FD ? <u64>0x20000000000000 : <u64>0x1000000) && fbits == 0) { // exact natively
      let r = <f64><i64>mag;
      if (neg) r = -r;
      wr(d, f, f == FD ? reinterpret<u64>(r) : <u64>reinterpret<u32>(<f32>r));
      return;
    }
    wr(d, f, mag == 0 ? 0 : roundPack(neg, mag, -<i32>fbits, f, rmode(c), (c & FPCR_FZ) != 0, false));
    return;
  }
  // FPToFixed: FCVTN/P/M/Z by rmode, FCVTA (opcode 4/5) ties away; saturation is Invalid
  let mode: u32 = oc >= 4 ? RA : rm;
  let unsigned = (oc & 1) != 0;
  let b = rd(n, f);
  if ((c & FPCR_FZ) == 0) {
    // natively when the scaled value is below 2^52 (rounding to integral is exact in f64) and
    // fits the destination; NaNs and large values take the exact path
    let v = toF64(b, f);
    if (fbits) v *= reinterpret<f64>(<u64>(1023 + fbits) << 52);
    if (Math.abs(v) < 4503599627370496.0) {
      let r = nativeRound(v, mode);
      let lo: f64 = unsigned ? 0 : sf ? -9223372036854775808.0 : -2147483648.0;
      let hi: f64 = sf ? 4503599627370496.0 : unsigned ? 4294967295.0 : 2147483647.0;
      if (r >= lo && r <= hi) {
        if (r != v) raise(IXC);
        let res: u64 = <u64><i64>r;
        setX(d, sf ? res : res & 0xffffffff);
        return;
      }
    }
  }
  let t = unpack(b, f, (c & FPCR_FZ) != 0, false);
  let neg = uNeg;
  let limit: u64 = unsigned ? (sf ? 0xffffffffffffffff : 0xffffffff) : (sf ? 0x7fffffffffffffff : 0x7fffffff);
  let sat = false, mag: u64 = 0, err: u32 = 0;
  if (t >= C_QNAN) { raise(IOC); setX(d, 0); return; }
  if (t == C_INF) sat = true;
  else if (t == C_NUM) {
    if (!intPart(uMant, uExp + <i32>fbits)) sat = true;
    else {
      mag = ipMag; err = ipErr;
      if (roundsUp(mode, neg, (mag & 1) != 0, err)) mag++;
      if (neg) sat = mag != 0 && (unsigned || mag > limit + 1);
      else sat = mag > limit;
    }
  }
  let res: u64;
  if (sat) { raise(IOC); res = neg ? (unsigned ? 0 : ~limit) : limit; }
  else { if (err != 0) raise(IXC); res = neg ? 0 - mag : mag; }
  setX(d, sf ? res : res & 0xffffffff);
}

export function fmovImm(d: u32, x: u32, bits: u64): void {
  if (x != 0) setD(d, bits); else setS(d, <u32>bits);
}

/** CNT Vd.<8B|16B>: population count per byte. */
export function cnt(d: u32, n: u32, q: u32): void {
  let a = Vaddr(n), b = Vaddr(d);
  let lo = load<u64>(a), hi = load<u64>(a, 8);
  let rl: u64 = 0, rh: u64 = 0;
  for (let i: u64 = 0; i < 8; i++) {
    rl |= popcnt<u64>((lo >> (i << 3)) & 0xff) << (i << 3);
    rh |= popcnt<u64>((hi >> (i << 3)) & 0xff) << (i << 3);
  }
  store<u64>(b, rl); store<u64>(b, q ? rh : 0, 8);
}
/** ADDV: sum of all lanes, result in lane 0 (the rest of Vd cleared). */
export function addv(d: u32, n: u32, q: u32, size: u32): void {
  let a = Vaddr(n);
  let bytes: u32 = q ? 16 : 8;
  let esize: u32 = 1 << size;
  let sum: u64 = 0;
  for (let i: u32 = 0; i < bytes; i += esize) {
    sum += size == 0 ? <u64>load<u8>(a + i) : size == 1 ? <u64>load<u16>(a + i) : <u64>load<u32>(a + i);
  }
  let mask: u64 = size == 0 ? 0xff : size == 1 ? 0xffff : 0xffffffff;
  let b = Vaddr(d);
  store<u64>(b, sum & mask); store<u64>(b, 0, 8);
}

// ---- AdvSIMD basics: bitwise, NOT, ADD/SUB, DUP, INS, UMOV/SMOV (Q = 0 clears the upper half)
@inline function vput(d: u32, lo: u64, hi: u64, q: u32): void { let b = Vaddr(d); store<u64>(b, lo); store<u64>(b, q ? hi : 0, 8); }

export function vlogic(d: u32, n: u32, m: u32, q: u32, x: u32): void {
  let an = Vaddr(n), am = Vaddr(m), ad = Vaddr(d);
  let nl = load<u64>(an), nh = load<u64>(an, 8), ml = load<u64>(am), mh = load<u64>(am, 8);
  let dl = load<u64>(ad), dh = load<u64>(ad, 8);
  let rl: u64, rh: u64;
  switch (x) {
    case 0: rl = nl & ml; rh = nh & mh; break;            // AND
    case 1: rl = nl & ~ml; rh = nh & ~mh; break;          // BIC
    case 2: rl = nl | ml; rh = nh | mh; break;            // ORR
    case 3: rl = nl | ~ml; rh = nh | ~mh; break;          // ORN
    case 4: rl = nl ^ ml; rh = nh ^ mh; break;            // EOR
    case 5: rl = (dl & nl) | (~dl & ml); rh = (dh & nh) | (~dh & mh); break; // BSL
    case 6: rl = (dl & ~ml) | (nl & ml); rh = (dh & ~mh) | (nh & mh); break; // BIT
    default: rl = (dl & ml) | (nl & ~ml); rh = (dh & mh) | (nh & ~mh);       // BIF
  }
  vput(d, rl, rh, q);
}
export function vnot(d: u32, n: u32, q: u32): void { let a = Vaddr(n); vput(d, ~load<u64>(a), ~load<u64>(a, 8), q); }

function laneAdd(a: u64, b: u64, size: u32, sub: bool): u64 {
  if (size == 3) return sub ? a - b : a + b;
  let bits: u64 = <u64>8 << <u64>size;
  let mask: u64 = (<u64>1 << bits) - 1;
  let r: u64 = 0;
  for (let i: u64 = 0; i < 64; i += bits) {
    let x = (a >> i) & mask, y = (b >> i) & mask;
    r |= ((sub ? x - y : x + y) & mask) << i;
  }
  return r;
}
export function vaddsub(d: u32, n: u32, m: u32, q: u32, x: u32): void {
  let an = Vaddr(n), am = Vaddr(m);
  let sub = (x & 4) != 0, size = x & 3;
  vput(d, laneAdd(load<u64>(an), load<u64>(am), size, sub), laneAdd(load<u64>(an, 8), load<u64>(am, 8), size, sub), q);
}
@inline function elem(n: u32, size: u32, idx: u32): u64 {
  let a = Vaddr(n) + (<usize>idx << size);
  return size == 0 ? <u64>load<u8>(a) : size == 1 ? <u64>load<u16>(a) : size == 2 ? <u64>load<u32>(a) : load<u64>(a);
}
@inline function setElem(d: u32, size: u32, idx: u32, v: u64): void {
  let a = Vaddr(d) + (<usize>idx << size);
  if (size == 0) store<u8>(a, <u8>v); else if (size == 1) store<u16>(a, <u16>v); else if (size == 2) store<u32>(a, <u32>v); else store<u64>(a, v);
}
function replicate64(v: u64, size: u32): u64 {
  return size == 0 ? (v & 0xff) * 0x0101010101010101 : size == 1 ? (v & 0xffff) * 0x0001000100010001 : size == 2 ? (v & 0xffffffff) * 0x0000000100000001 : v;
}
export function dupElem(d: u32, n: u32, q: u32, size: u32, idx: u32): void {
  let e = replicate64(elem(n, size, idx), size);
  vput(d, e, e, q);
}
export function insGen(d: u32, v: u64, size: u32, idx: u32): void { setElem(d, size, idx, v); }
export function insElem(d: u32, n: u32, size: u32, idx: u32): void { setElem(d, size, idx & 0xff, elem(n, size, idx >> 8)); }
export function umov(n: u32, size: u32, idx: u32): u64 { return elem(n, size, idx); }
export function smov(n: u32, size: u32, idx: u32, q: u32): u64 {
  let v = elem(n, size, idx);
  let s: i64 = size == 0 ? <i64><i8>v : size == 1 ? <i64><i16>v : <i64><i32>v;
  return q ? <u64>s : <u64>s & 0xffffffff;
}
