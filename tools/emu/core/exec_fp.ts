// Scalar floating point (single and double): arithmetic, fused multiply-add, compares,
// conversions, rounding. Values follow IEEE 754 with ARM's NaN rules (signalling NaNs quieted,
// first NaN operand propagated, default NaN for invalid operations, FPCR.DN). FPSR gets IOC and
// DZC; OFC/UFC/IXC are not tracked, and only round-to-nearest is used for arithmetic
// (FPCR.RMode is honoured by FRINTX/FRINTI).
import { ACT, O_FPCR, O_FPSR } from './layout';
import { X, setX, setNZCV, condHolds, Vaddr } from './state';
import { fmaBits } from './softfma';

@inline function fpcr(): u32 { return load<u32>(ACT + O_FPCR); }
@inline function raise(bits: u32): void { store<u32>(ACT + O_FPSR, load<u32>(ACT + O_FPSR) | bits); }
const IOC: u32 = 1, DZC: u32 = 2, IXC: u32 = 16;

@inline function getS(n: u32): u32 { return load<u32>(Vaddr(n)); }
@inline function getD(n: u32): u64 { return load<u64>(Vaddr(n)); }
@inline function setS(d: u32, v: u32): void { let a = Vaddr(d); store<u64>(a, <u64>v); store<u64>(a, 0, 8); }
@inline function setD(d: u32, v: u64): void { let a = Vaddr(d); store<u64>(a, v); store<u64>(a, 0, 8); }

const DNAN_S: u32 = 0x7fc00000;
const DNAN_D: u64 = 0x7ff8000000000000;
@inline function isNaNS(b: u32): bool { return (b & 0x7fffffff) > 0x7f800000; }
@inline function isSNaNS(b: u32): bool { return isNaNS(b) && (b & 0x00400000) == 0; }
@inline function isNaND(b: u64): bool { return (b & 0x7fffffffffffffff) > 0x7ff0000000000000; }
@inline function isSNaND(b: u64): bool { return isNaND(b) && (b & 0x0008000000000000) == 0; }
function nanOutS(b: u32): u32 { return (fpcr() & (1 << 25)) != 0 ? DNAN_S : b | 0x00400000; }
function nanOutD(b: u64): u64 { return (fpcr() & (1 << 25)) != 0 ? DNAN_D : b | 0x0008000000000000; }

// NaN operand processing; returns true (and the result in nanRes) when a NaN decides the result.
let nanResS: u32 = 0;
let nanResD: u64 = 0;
function nans2S(a: u32, b: u32): bool {
  if (isSNaNS(a)) { raise(IOC); nanResS = nanOutS(a); return true; }
  if (isSNaNS(b)) { raise(IOC); nanResS = nanOutS(b); return true; }
  if (isNaNS(a)) { nanResS = nanOutS(a); return true; }
  if (isNaNS(b)) { nanResS = nanOutS(b); return true; }
  return false;
}
function nans2D(a: u64, b: u64): bool {
  if (isSNaND(a)) { raise(IOC); nanResD = nanOutD(a); return true; }
  if (isSNaND(b)) { raise(IOC); nanResD = nanOutD(b); return true; }
  if (isNaND(a)) { nanResD = nanOutD(a); return true; }
  if (isNaND(b)) { nanResD = nanOutD(b); return true; }
  return false;
}
function nans3S(a: u32, b: u32, c: u32): bool {
  if (isSNaNS(a)) { raise(IOC); nanResS = nanOutS(a); return true; }
  if (isSNaNS(b)) { raise(IOC); nanResS = nanOutS(b); return true; }
  if (isSNaNS(c)) { raise(IOC); nanResS = nanOutS(c); return true; }
  if (isNaNS(a)) { nanResS = nanOutS(a); return true; }
  if (isNaNS(b)) { nanResS = nanOutS(b); return true; }
  if (isNaNS(c)) { nanResS = nanOutS(c); return true; }
  return false;
}
function nans3D(a: u64, b: u64, c: u64): bool {
  if (isSNaND(a)) { raise(IOC); nanResD = nanOutD(a); return true; }
  if (isSNaND(b)) { raise(IOC); nanResD = nanOutD(b); return true; }
  if (isSNaND(c)) { raise(IOC); nanResD = nanOutD(c); return true; }
  if (isNaND(a)) { nanResD = nanOutD(a); return true; }
  if (isNaND(b)) { nanResD = nanOutD(b); return true; }
  if (isNaND(c)) { nanResD = nanOutD(c); return true; }
  return false;
}
/** A NaN produced from non-NaN operands is the default NaN (and Invalid Operation). */
@inline function fixS(r: f32): u32 { let b = reinterpret<u32>(r); if (isNaNS(b)) { raise(IOC); return DNAN_S; } return b; }
@inline function fixD(r: f64): u64 { let b = reinterpret<u64>(r); if (isNaND(b)) { raise(IOC); return DNAN_D; } return b; }

function fma64(a: f64, b: f64, c: f64, single: bool): f64 {
  if (a == 0 || b == 0 || c == 0 || !isFinite(a) || !isFinite(b) || !isFinite(c)) {
    // exact product (single) or one rounding (double) then an exact/ordinary sum
    // a non-zero finite product plus a zero addend is just the (once rounded) product
    if (c == 0 && a != 0 && b != 0 && isFinite(a) && isFinite(b)) return a * b;
    return a * b + c;
  }
  return fmaBits(a, b, c, single);
}

function roundMode(x: f64, mode: u32): f64 {
  switch (mode) {
    case 0: return nearest<f64>(x);
    case 1: return Math.ceil(x);
    case 2: return Math.floor(x);
    case 3: return Math.trunc(x);
    default: { // ties away from zero
      let t = Math.trunc(x);
      let d = Math.abs(x - t);
      if (d >= 0.5) t += x < 0 ? -1.0 : 1.0;
      return t == 0 ? copysign<f64>(0.0, x) : t;
    }
  }
}

export function fp2(d: u32, n: u32, m: u32, x: u32): void {
  let op = x & 15;
  if ((x >> 8) == 0) {
    let a = getS(n), b = getS(m);
    if (nans2S(a, b)) {
      if ((op == 6 || op == 7) && !isSNaNS(a) && !isSNaNS(b)) { // FMAXNM/FMINNM: a quiet NaN loses to a number
        if (isNaNS(a) && !isNaNS(b)) { setS(d, b); return; }
        if (isNaNS(b) && !isNaNS(a)) { setS(d, a); return; }
      }
      setS(d, op == 8 ? nanResS ^ 0x80000000 : nanResS); return;
    }
    let fa = reinterpret<f32>(a), fb = reinterpret<f32>(b);
    let r: u32;
    switch (op) {
      case 0: r = fixS(fa * fb); break;
      case 1: if (fb == 0 && fa == fa && fa != 0 && isFinite(fa)) raise(DZC); r = fixS(fa / fb); break;
      case 2: r = fixS(fa + fb); break;
      case 3: r = fixS(fa - fb); break;
      case 4: case 6: r = reinterpret<u32>(max<f32>(fa, fb)); break;
      case 5: case 7: r = reinterpret<u32>(min<f32>(fa, fb)); break;
      default: r = fixS(fa * fb) ^ 0x80000000;
    }
    setS(d, r);
  } else {
    let a = getD(n), b = getD(m);
    if (nans2D(a, b)) {
      if ((op == 6 || op == 7) && !isSNaND(a) && !isSNaND(b)) {
        if (isNaND(a) && !isNaND(b)) { setD(d, b); return; }
        if (isNaND(b) && !isNaND(a)) { setD(d, a); return; }
      }
      setD(d, op == 8 ? nanResD ^ 0x8000000000000000 : nanResD); return;
    }
    let fa = reinterpret<f64>(a), fb = reinterpret<f64>(b);
    let r: u64;
    switch (op) {
      case 0: r = fixD(fa * fb); break;
      case 1: if (fb == 0 && fa != 0 && isFinite(fa)) raise(DZC); r = fixD(fa / fb); break;
      case 2: r = fixD(fa + fb); break;
      case 3: r = fixD(fa - fb); break;
      case 4: case 6: r = reinterpret<u64>(max<f64>(fa, fb)); break;
      case 5: case 7: r = reinterpret<u64>(min<f64>(fa, fb)); break;
      default: r = fixD(fa * fb) ^ 0x8000000000000000;
    }
    setD(d, r);
  }
}

@inline function setH(d: u32, v: u32): void { let a = Vaddr(d); store<u64>(a, <u64>(v & 0xffff)); store<u64>(a, 0, 8); }

/** Half-precision bits -> f64 (exact); NaNs handled by the caller. */
function halfToF64(h: u32): f64 {
  let e = (h >> 10) & 31, f = h & 0x3ff;
  let v: f64 = e == 0 ? <f64>f * 5.9604644775390625e-8 : e == 31 ? Infinity : <f64>(f | 0x400) * Math.pow(2.0, <f64>(<i32>e - 25));
  return (h & 0x8000) != 0 ? -v : v;
}
/** f64 (not NaN) -> half-precision bits, round to nearest even. */
function f64ToHalf(x: f64): u32 {
  let sign: u32 = (reinterpret<u64>(x) >> 63) != 0 ? 0x8000 : 0;
  let a = Math.abs(x);
  if (a >= 65520.0) return sign | 0x7c00;
  if (a < 6.103515625e-5) return sign | <u32>nearest<f64>(a * 16777216.0); // subnormal (may round up to the minimum normal)
  let e = <i32>((reinterpret<u64>(a) >> 52) & 0x7ff) - 1023;
  let m = <u32>nearest<f64>(a * Math.pow(2.0, <f64>(10 - e)));
  if (m == 2048) { m = 1024; e++; }
  return sign | (<u32>(e + 15) << 10) | (m - 1024);
}

export function fp1(d: u32, n: u32, x: u32): void {
  let op = x & 63;
  let dbl = (x >> 8) != 0;
  let t = x >> 8;
  if (t == 3) { // FCVT Sd/Dd, Hn
    let h = load<u16>(Vaddr(n));
    let toD = op == 5;
    if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0) {
      if ((h & 0x200) == 0) raise(IOC);
      let dn = (fpcr() & (1 << 25)) != 0;
      if (toD) setD(d, dn ? DNAN_D : (<u64>(h >> 15) << 63) | 0x7ff8000000000000 | (<u64>(h & 0x1ff) << 42));
      else setS(d, dn ? DNAN_S : (<u32>(h >> 15) << 31) | 0x7fc00000 | (<u32>(h & 0x1ff) << 13));
      return;
    }
    let v = halfToF64(h);
    if (toD) setD(d, reinterpret<u64>(v)); else setS(d, reinterpret<u32>(<f32>v));
    return;
  }
  if (op == 7) { // FCVT Hd, Sn/Dn
    let dn = (fpcr() & (1 << 25)) != 0;
    if (dbl) {
      let a = getD(n);
      if (isNaND(a)) { if (isSNaND(a)) raise(IOC); setH(d, dn ? 0x7e00 : (<u32>(a >> 63) << 15) | 0x7e00 | <u32>((a >> 42) & 0x1ff)); return; }
      setH(d, f64ToHalf(reinterpret<f64>(a)));
    } else {
      let a = getS(n);
      if (isNaNS(a)) { if (isSNaNS(a)) raise(IOC); setH(d, dn ? 0x7e00 : ((a >> 31) << 15) | 0x7e00 | ((a >> 13) & 0x1ff)); return; }
      setH(d, f64ToHalf(<f64>reinterpret<f32>(a)));
    }
    return;
  }
  if (op == 1 || op == 2) { // FABS, FNEG: sign bit only
    if (dbl) setD(d, op == 1 ? getD(n) & 0x7fffffffffffffff : getD(n) ^ 0x8000000000000000);
    else setS(d, op == 1 ? getS(n) & 0x7fffffff : getS(n) ^ 0x80000000);
    return;
  }
  if (op == 5) { // FCVT Dd, Sn
    let a = getS(n);
    if (isNaNS(a)) {
      if (isSNaNS(a)) raise(IOC);
      let q: u64 = (fpcr() & (1 << 25)) != 0 ? DNAN_D : (<u64>(a >> 31) << 63) | 0x7ff8000000000000 | (<u64>(a & 0x3fffff) << 29);
      setD(d, q); return;
    }
    setD(d, reinterpret<u64>(<f64>reinterpret<f32>(a))); return;
  }
  if (op == 4) { // FCVT Sd, Dn
    let a = getD(n);
    if (isNaND(a)) {
      if (isSNaND(a)) raise(IOC);
      let q: u32 = (fpcr() & (1 << 25)) != 0 ? DNAN_S : (<u32>(a >> 63) << 31) | 0x7fc00000 | <u32>((a >> 29) & 0x3fffff);
      setS(d, q); return;
    }
    setS(d, reinterpret<u32>(<f32>reinterpret<f64>(a))); return;
  }
  if (dbl) {
    let a = getD(n);
    if (isNaND(a)) { if (isSNaND(a)) raise(IOC); setD(d, nanOutD(a)); return; }
    let f = reinterpret<f64>(a);
    if (op == 3) { setD(d, f < 0 ? (raise(IOC), DNAN_D) : reinterpret<u64>(Math.sqrt(f))); return; }
    let mode: u32 = op == 8 ? 0 : op == 9 ? 1 : op == 10 ? 2 : op == 11 ? 3 : op == 12 ? 4 : (fpcr() >> 22) & 3;
    let r = roundMode(f, mode);
    if (op == 14 && r != f) raise(IXC);
    setD(d, reinterpret<u64>(r));
  } else {
    let a = getS(n);
    if (isNaNS(a)) { if (isSNaNS(a)) raise(IOC); setS(d, nanOutS(a)); return; }
    let f = reinterpret<f32>(a);
    if (op == 3) { setS(d, f < 0 ? (raise(IOC), DNAN_S) : reinterpret<u32>(Mathf.sqrt(f))); return; }
    let mode: u32 = op == 8 ? 0 : op == 9 ? 1 : op == 10 ? 2 : op == 11 ? 3 : op == 12 ? 4 : (fpcr() >> 22) & 3;
    let r = <f32>roundMode(<f64>f, mode);
    if (op == 14 && r != f) raise(IXC);
    setS(d, reinterpret<u32>(r));
  }
}

export function fp3(d: u32, n: u32, m: u32, a: u32, x: u32): void {
  let negA = (x & 2) != 0;
  let negN = ((x >> 1) ^ x) & 1; // FMSUB and FNMADD negate the product
  if ((x >> 8) == 0) {
    let va = getS(a) ^ (negA ? 0x80000000 : 0), vn = getS(n) ^ (negN ? 0x80000000 : 0), vm = getS(m);
    let fn = reinterpret<f32>(vn), fm = reinterpret<f32>(vm);
    if (isNaNS(va) && !isSNaNS(va) && ((fn == 0 && !isFinite(fm) && !isNaNS(vm)) || (fm == 0 && !isFinite(fn) && !isNaNS(vn)))) { raise(IOC); setS(d, DNAN_S); return; }
    if (nans3S(va, vn, vm)) { setS(d, nanResS); return; }
    setS(d, fixS(<f32>fma64(<f64>fn, <f64>fm, <f64>reinterpret<f32>(va), true)));
  } else {
    let va = getD(a) ^ (negA ? 0x8000000000000000 : 0), vn = getD(n) ^ (negN ? 0x8000000000000000 : 0), vm = getD(m);
    let fn = reinterpret<f64>(vn), fm = reinterpret<f64>(vm);
    if (isNaND(va) && !isSNaND(va) && ((fn == 0 && !isFinite(fm) && !isNaND(vm)) || (fm == 0 && !isFinite(fn) && !isNaND(vn)))) { raise(IOC); setD(d, DNAN_D); return; }
    if (nans3D(va, vn, vm)) { setD(d, nanResD); return; }
    setD(d, fixD(fma64(fn, fm, reinterpret<f64>(va), false)));
  }
}

/** Compare: sets NZCV. `signalAll`: FCMPE (any NaN is Invalid). */
function compare(dbl: bool, n: u32, m: u32, zero: bool, signalAll: bool): void {
  let un: bool, lt: bool, eq: bool;
  if (dbl) {
    let a = getD(n), b: u64 = zero ? 0 : getD(m);
    un = isNaND(a) || isNaND(b);
    if (un && (signalAll || isSNaND(a) || isSNaND(b))) raise(IOC);
    let fa = reinterpret<f64>(a), fb = reinterpret<f64>(b);
    lt = fa < fb; eq = fa == fb;
  } else {
    let a = getS(n), b: u32 = zero ? 0 : getS(m);
    un = isNaNS(a) || isNaNS(b);
    if (un && (signalAll || isSNaNS(a) || isSNaNS(b))) raise(IOC);
    let fa = reinterpret<f32>(a), fb = reinterpret<f32>(b);
    lt = fa < fb; eq = fa == fb;
  }
  setNZCV(un ? 0x30000000 : eq ? 0x60000000 : lt ? 0x80000000 : 0x20000000);
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

/** Float <-> integer conversions; fbits > 0: fixed point with that many fraction bits. */
export function fcvti(d: u32, n: u32, x: u32, fbits: u32): void {
  let sf = (x >> 12) & 1, dbl = ((x >> 8) & 1) != 0, rmode = (x >> 3) & 3, oc = x & 7;
  if (oc == 2 || oc == 3) { // SCVTF / UCVTF
    let v = X(n);
    if (!sf) v = oc == 2 ? <u64><i64><i32>v : v & 0xffffffff;
    if (dbl) {
      let r = oc == 2 ? <f64><i64>v : <f64>v;
      if (fbits) r *= Math.pow(2.0, -<f64>fbits);
      setD(d, reinterpret<u64>(r));
    } else {
      let r = oc == 2 ? <f32><i64>v : <f32>v;
      if (fbits) r *= <f32>Math.pow(2.0, -<f64>fbits);
      setS(d, reinterpret<u32>(r));
    }
    return;
  }
  let f: f64;
  if (dbl) { let b = getD(n); if (isNaND(b)) { raise(IOC); setX(d, 0); return; } f = reinterpret<f64>(b); }
  else { let b = getS(n); if (isNaNS(b)) { raise(IOC); setX(d, 0); return; } f = <f64>reinterpret<f32>(b); }
  if (fbits) f *= Math.pow(2.0, <f64>fbits);
  let mode: u32 = oc >= 4 ? 4 : rmode == 0 ? 0 : rmode; // N, P, M, Z; FCVTA* ties away
  let r = roundMode(f, mode);
  let unsigned = (oc & 1) != 0;
  let res: u64;
  if (sf) {
    if (unsigned) {
      if (r >= 18446744073709551616.0) { raise(IOC); res = <u64>-1; }
      else if (r < 0) { if (r <= -1.0) raise(IOC); res = 0; }
      else res = <u64>r;
    } else {
      if (r >= 9223372036854775808.0) { raise(IOC); res = 0x7fffffffffffffff; }
      else if (r < -9223372036854775808.0) { raise(IOC); res = 0x8000000000000000; }
      else res = <u64><i64>r;
    }
  } else {
    if (unsigned) {
      if (r >= 4294967296.0) { raise(IOC); res = 0xffffffff; }
      else if (r < 0) { if (r <= -1.0) raise(IOC); res = 0; }
      else res = <u64><u32>r;
    } else {
      if (r >= 2147483648.0) { raise(IOC); res = 0x7fffffff; }
      else if (r < -2147483648.0) { raise(IOC); res = 0x80000000; }
      else res = <u64><u32><i32>r;
    }
  }
  setX(d, res);
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
