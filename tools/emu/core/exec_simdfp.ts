// Advanced SIMD floating point (tools/isa/forms/simd-fp.ts): each lane is computed by the scalar
// FP code of exec_fp.ts (the same FPCR rounding, FZ, DN and FPSR flags as the architecture's
// per-element FPAdd, FPMulAdd, FPRoundInt, FPToFixed ... calls). The lane operands are put in
// V29-V31 (saved first, restored after) and conversions to/from integers go through the X
// sink slot, so the scalar routines run unchanged.
import { Vaddr, X, setX } from './state';
import { ACT, O_FPSR, O_FPCR, R_SINK } from './layout';
import { fp1, fp2, fp3, fcvti } from './exec_fp';
import { recpe, rsqrte, recpx, urecpe, ursqrte, infTimesZero, fpConst, halveExact, halvable } from './exec_fpest';

const BUF: usize = memory.data(112, 16);
const FN: usize = BUF, FM: usize = BUF + 16, FDV: usize = BUF + 32, FR: usize = BUF + 48, SAVE: usize = BUF + 64;
const T0: u32 = 29, T1: u32 = 30, T2: u32 = 31;
const IOC: u32 = 1, IDC: u32 = 128;

@inline function raise(bits: u32): void { store<u32>(ACT + O_FPSR, load<u32>(ACT + O_FPSR) | bits); }
@inline function lane(a: usize, dbl: u32, i: u32): u64 { return dbl ? load<u64>(a + (<usize>i << 3)) : <u64>load<u32>(a + (<usize>i << 2)); }
@inline function putLane(a: usize, dbl: u32, i: u32, v: u64): void { if (dbl) store<u64>(a + (<usize>i << 3), v); else store<u32>(a + (<usize>i << 2), <u32>v); }
@inline function setT(t: u32, v: u64): void { let a = Vaddr(t); store<u64>(a, v); store<u64>(a, 0, 8); }
@inline function getT(t: u32, dbl: u32): u64 { return dbl ? load<u64>(Vaddr(t)) : <u64>load<u32>(Vaddr(t)); }

/** op(n, m) of one lane through fp2 (x = ftype << 8 | opcode). */
function lane2(a: u64, b: u64, dbl: u32, op: u32): u64 { setT(T1, a); setT(T2, b); fp2(T0, T1, T2, (dbl << 8) | op); return getT(T0, dbl); }

/** FPCompareEQ/GE/GT (abs: FACGE/FACGT) of one lane: all ones when true. */
function cmpLane(a: u64, b: u64, dbl: u32, kind: u32, abs: bool): u64 {
  let fz = (load<u32>(ACT + O_FPCR) & (1 << 24)) != 0;
  let expM: u64 = dbl ? 0x7ff0000000000000 : 0x7f800000, manM: u64 = dbl ? 0x000fffffffffffff : 0x007fffff;
  let sign: u64 = dbl ? 0x8000000000000000 : 0x80000000, quiet: u64 = dbl ? 0x0008000000000000 : 0x00400000;
  // FPUnpack of both operands first: with FZ a denormal reads as zero and sets IDC
  if (fz) {
    if ((a & expM) == 0 && (a & manM) != 0) { a &= sign; raise(IDC); }
    if ((b & expM) == 0 && (b & manM) != 0) { b &= sign; raise(IDC); }
  }
  let aNaN = (a & expM) == expM && (a & manM) != 0, bNaN = (b & expM) == expM && (b & manM) != 0;
  if (aNaN || bNaN) {
    let snan = (aNaN && (a & quiet) == 0) || (bNaN && (b & quiet) == 0);
    if (kind != 0 || snan) raise(IOC); // EQ is quiet, GE/GT signal on any NaN
    return 0;
  }
  if (abs) { a &= ~sign; b &= ~sign; }
  let x: f64 = dbl ? reinterpret<f64>(a) : <f64>reinterpret<f32>(<u32>a);
  let y: f64 = dbl ? reinterpret<f64>(b) : <f64>reinterpret<f32>(<u32>b);
  let r = kind == 0 ? x == y : kind == 1 ? x >= y : x > y;
  return r ? <u64>-1 : 0;
}

/** FMLS/FMLA (Vd the addend), FRECPS (2 - x*y), FRSQRTS ((3 - x*y) / 2 = 1.5 - x*(y/2)): one
 *  fused multiply-add through fp3, `sub`: the product is negated. */
function fused(acc: u64, x: u64, y: u64, dbl: u32, sub: bool): u64 {
  setT(T0, acc); setT(T1, x); setT(T2, y);
  fp3(T0, T1, T2, T0, (dbl << 8) | (sub ? 1 : 0));
  return getT(T0, dbl);
}

function threeSame(w: u32, q: u32, u: u32, dbl: u32): void {
  let a = (w >> 23) & 1, opc = (w >> 11) & 31;
  let count: u32 = (w >> 28) & 1 ? 1 : (q ? 16 : 8) >> (2 + dbl); // scalar forms: one element
  threeSameKey((u << 6) | (a << 5) | opc, count, dbl);
}

function threeSameKey(key: u32, count: u32, dbl: u32): void {
  if (key == 0x58 || key == 0x5a || key == 0x5e || key == 0x78 || key == 0x7e) { // pairwise
    let op: u32 = key == 0x5a ? 2 : key == 0x5e ? 4 : key == 0x7e ? 5 : key == 0x58 ? 6 : 7;
    let half = count >> 1;
    for (let i: u32 = 0; i < count; i++) {
      let src = i < half ? FN : FM;
      let j = (i < half ? i : i - half) << 1;
      putLane(FR, dbl, i, lane2(lane(src, dbl, j), lane(src, dbl, j + 1), dbl, op));
    }
    return;
  }
  for (let i: u32 = 0; i < count; i++) {
    let x = lane(FN, dbl, i), y = lane(FM, dbl, i), r: u64 = 0;
    switch (key) {
      case 0x18: r = lane2(x, y, dbl, 6); break; // FMAXNM
      case 0x38: r = lane2(x, y, dbl, 7); break; // FMINNM
      case 0x1a: r = lane2(x, y, dbl, 2); break; // FADD
      case 0x3a: r = lane2(x, y, dbl, 3); break; // FSUB
      case 0x1e: r = lane2(x, y, dbl, 4); break; // FMAX
      case 0x3e: r = lane2(x, y, dbl, 5); break; // FMIN
      case 0x5b: r = lane2(x, y, dbl, 0); break; // FMUL
      case 0x5f: r = lane2(x, y, dbl, 1); break; // FDIV
      case 0x7a: r = lane2(x, y, dbl, 3) & (dbl ? 0x7fffffffffffffff : 0x7fffffff); break; // FABD = FPAbs(FPSub)
      case 0x19: case 0x39: r = fused(lane(FDV, dbl, i), x, y, dbl, key == 0x39); break; // FMLA, FMLS: Vd is the addend
      case 0x1b: // FMULX: FMUL but infinity x zero = 2.0 (signed)
        r = infTimesZero(x, y, dbl) ? fpConst(dbl, ((x ^ y) >> (dbl ? 63 : 31)) != 0, 0) : lane2(x, y, dbl, 0);
        break;
      case 0x1f: r = infTimesZero(x, y, dbl) ? fpConst(dbl, false, 0) : fused(fpConst(dbl, false, 0), x, y, dbl, true); break; // FRECPS
      case 0x3f: { // FRSQRTS
        if (infTimesZero(x, y, dbl)) { r = fpConst(dbl, false, 1); break; }
        if (halvable(y, dbl)) y = halveExact(y, dbl); else x = halveExact(x, dbl);
        r = fused(fpConst(dbl, false, 1), x, y, dbl, true);
        break;
      }
      case 0x1c: r = cmpLane(x, y, dbl, 0, false); break; // FCMEQ
      case 0x5c: r = cmpLane(x, y, dbl, 1, false); break; // FCMGE
      case 0x7c: r = cmpLane(x, y, dbl, 2, false); break; // FCMGT
      case 0x5d: r = cmpLane(x, y, dbl, 1, true); break;  // FACGE
      case 0x7d: r = cmpLane(x, y, dbl, 2, true); break;  // FACGT
    }
    putLane(FR, dbl, i, r);
  }
}

/** Returns the Q of the result (FCVTL/FCVTN write 128 or a half). */
function twoMisc(w: u32, q: u32, u: u32, dbl: u32): u32 {
  let a = (w >> 23) & 1, opc = (w >> 12) & 31;
  if (opc == 0b10111) { // FCVTL{2}: half -> single (sz 0), single -> double (sz 1)
    let n: u32 = dbl ? 2 : 4, base: u32 = q ? n : 0;
    for (let i: u32 = 0; i < n; i++) {
      if (dbl) { setT(T1, <u64>load<u32>(FN + ((<usize>(base + i)) << 2))); fp1(T0, T1, (0 << 8) | 5); store<u64>(FR + (<usize>i << 3), getT(T0, 1)); }
      else { setT(T1, <u64>load<u16>(FN + ((<usize>(base + i)) << 1))); fp1(T0, T1, (3 << 8) | 4); store<u32>(FR + (<usize>i << 2), <u32>getT(T0, 0)); }
    }
    return 1;
  }
  if (opc == 0b10110 && u) { // FCVTXN{2}: double -> single rounding to odd (scalar: one lane)
    let n: u32 = (w >> 28) & 1 ? 1 : 2, base: u32 = q ? n : 0;
    if (q) store<u64>(FR, load<u64>(FDV));
    for (let i: u32 = 0; i < n; i++) store<u32>(FR + ((<usize>(base + i)) << 2), <u32>toOdd(load<u64>(FN + (<usize>i << 3))));
    return (w >> 28) & 1 ? 0 : 1;
  }
  if (opc == 0b10110) { // FCVTN{2}: single -> half, double -> single, into one half of Vd
    let n: u32 = dbl ? 2 : 4, base: u32 = q ? n : 0;
    if (q) store<u64>(FR, load<u64>(FDV));
    for (let i: u32 = 0; i < n; i++) {
      if (dbl) { setT(T1, load<u64>(FN + (<usize>i << 3))); fp1(T0, T1, (1 << 8) | 4); store<u32>(FR + ((<usize>(base + i)) << 2), <u32>getT(T0, 0)); }
      else { setT(T1, <u64>load<u32>(FN + (<usize>i << 2))); fp1(T0, T1, (0 << 8) | 7); store<u16>(FR + ((<usize>(base + i)) << 1), <u16>getT(T0, 0)); }
    }
    return 1;
  }
  let count: u32 = (w >> 28) & 1 ? 1 : (q ? 16 : 8) >> (2 + dbl); // scalar forms: one element
  let key = (u << 6) | (a << 5) | opc;
  for (let i: u32 = 0; i < count; i++) {
    let x = lane(FN, dbl, i), r: u64 = 0;
    switch (key) {
      case 0x2c: r = cmpLane(x, 0, dbl, 2, false); break;             // FCMGT #0
      case 0x2d: r = cmpLane(x, 0, dbl, 0, false); break;             // FCMEQ #0
      case 0x2e: r = cmpLane(0, x, dbl, 2, false); break;             // FCMLT #0
      case 0x6c: r = cmpLane(x, 0, dbl, 1, false); break;             // FCMGE #0
      case 0x6d: r = cmpLane(0, x, dbl, 1, false); break;             // FCMLE #0
      case 0x2f: case 0x6f: case 0x7f: case 0x18: case 0x19: case 0x38: case 0x39: case 0x58: case 0x59: case 0x79: {
        // FABS FNEG FSQRT, FRINTN/M/P/Z/A/X/I
        let op: u32 = key == 0x2f ? 1 : key == 0x6f ? 2 : key == 0x7f ? 3 : key == 0x18 ? 8 : key == 0x19 ? 10
          : key == 0x38 ? 9 : key == 0x39 ? 11 : key == 0x58 ? 12 : key == 0x59 ? 14 : 15;
        setT(T1, x); fp1(T0, T1, (dbl << 8) | op); r = getT(T0, dbl);
        break;
      }
      case 0x3d: r = recpe(x, dbl); break;                           // FRECPE
      case 0x7d: r = rsqrte(x, dbl); break;                          // FRSQRTE
      case 0x3f: r = recpx(x, dbl); break;                           // FRECPX (scalar only)
      case 0x3c: r = <u64>urecpe(<u32>x); break;                     // URECPE
      case 0x7c: r = <u64>ursqrte(<u32>x); break;                    // URSQRTE
      case 0x1d: case 0x5d: { // SCVTF, UCVTF (same-size integer lanes)
        setX(R_SINK, x); fcvti(T0, R_SINK, (dbl << 12) | (dbl << 8) | (u ? 3 : 2), 0); r = getT(T0, dbl);
        break;
      }
      default: { // FCVT{N,M,A,P,Z}{S,U}: to same-size integers, saturated
        let rm: u32 = 0, oc: u32 = u;
        let o = opc & 0b11111;
        if (o == 0b11100) oc = u ? 5 : 4;              // FCVTAS/AU (to nearest, ties away)
        else if (a == 0) rm = o == 0b11010 ? 0 : 2;    // FCVTNS/MS
        else rm = o == 0b11010 ? 1 : 3;                // FCVTPS/ZS
        setT(T1, x); fcvti(R_SINK, T1, (dbl << 12) | (dbl << 8) | (rm << 3) | oc, 0);
        r = dbl ? X(R_SINK) : X(R_SINK) & 0xffffffff;
      }
    }
    putLane(FR, dbl, i, r);
  }
  return q;
}

/** FPConvert double -> single with FPRounding_ODD: truncate, then set the lowest bit if the
 *  result was inexact (a flushed or exact result keeps it). */
function toOdd(x: u64): u64 {
  let c = load<u32>(ACT + O_FPCR), f0 = load<u32>(ACT + O_FPSR);
  store<u32>(ACT + O_FPCR, c | (3 << 22));
  store<u32>(ACT + O_FPSR, 0);
  setT(T1, x); fp1(T0, T1, (1 << 8) | 4);
  let r = getT(T0, 0), fl = load<u32>(ACT + O_FPSR);
  store<u32>(ACT + O_FPCR, c);
  store<u32>(ACT + O_FPSR, f0 | fl);
  if (fl & 16) r |= 1; // IXC
  return r;
}

/** Pairwise reduction op of FADDP/FMAXP/... (fp2 op numbers) from opcode and a. */
function pairOp(a: u32, opc: u32): u32 { return opc == 0b01101 ? 2 : opc == 0b01111 ? (a ? 5 : 4) : (a ? 7 : 6); }

/** Scalar pairwise (FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP Sd|Dd, Vn.2S|2D). */
function scalarPair(w: u32, dbl: u32): void {
  let a = (w >> 23) & 1, opc = (w >> 12) & 31;
  putLane(FR, dbl, 0, lane2(lane(FN, dbl, 0), lane(FN, dbl, 1), dbl, pairOp(a, opc)));
}
/** FMAXV/FMINV/FMAXNMV/FMINNMV Sd, Vn.4S: Reduce() halves the vector recursively. */
function acrossFp(w: u32): void {
  let a = (w >> 23) & 1, opc = (w >> 12) & 31, op = pairOp(a, opc);
  let lo = lane2(lane(FN, 0, 0), lane(FN, 0, 1), 0, op), hi = lane2(lane(FN, 0, 2), lane(FN, 0, 3), 0, op);
  putLane(FR, 0, 0, lane2(lo, hi, 0, op));
}
/** SCVTF/UCVTF/FCVTZS/FCVTZU Vd, Vn, #fbits (vector and scalar; immh:immb gives the fbits). */
function fixedConvert(w: u32, q: u32, u: u32): void {
  let immh = (w >> 19) & 15, ib = (w >> 16) & 127;
  let dbl: u32 = immh >= 8 ? 1 : 0;
  let fbits: u32 = (dbl ? 128 : 64) - ib;
  let count: u32 = (w >> 28) & 1 ? 1 : (q ? 16 : 8) >> (2 + dbl);
  let toFp = ((w >> 11) & 31) == 0b11100;
  for (let i: u32 = 0; i < count; i++) {
    let x = lane(FN, dbl, i), r: u64;
    if (toFp) { setX(R_SINK, x); fcvti(T0, R_SINK, (dbl << 12) | (dbl << 8) | (u ? 3 : 2), fbits); r = getT(T0, dbl); }
    else { setT(T1, x); fcvti(R_SINK, T1, (dbl << 12) | (dbl << 8) | (3 << 3) | u, fbits); r = dbl ? X(R_SINK) : X(R_SINK) & 0xffffffff; }
    putLane(FR, dbl, i, r);
  }
}

/** FMLA/FMLS/FMUL/FMULX by element (vector and scalar): Vm's element in every lane of FM. */
function byElement(w: u32, q: u32, u: u32, dbl: u32): void {
  let h = (w >> 11) & 1, l = (w >> 21) & 1, mreg = (w >> 16) & 31;
  let idx = dbl ? h : (h << 1) | l;
  let e = lane(Vaddr(mreg), dbl, idx);
  for (let i: u32 = 0; i < (4 >> dbl); i++) putLane(FM, dbl, i, e);
  let opc = (w >> 12) & 15;
  let key: u32 = opc == 0b0001 ? 0x19 : opc == 0b0101 ? 0x39 : u ? 0x1b : 0x5b;
  threeSameKey(key, (w >> 28) & 1 ? 1 : (q ? 16 : 8) >> (2 + dbl), dbl);
}

export function isSimdFp(w: u32): bool {
  if ((w & 0x9f800400) == 0x0f000400 || (w & 0xdf800400) == 0x5f000400) { // shift by immediate: the FP conversions
    let o = (w >> 11) & 31;
    return o == 0b11100 || o == 0b11111;
  }
  if ((w & 0xdf3e0c00) == 0x5e300800) return ((w >> 12) & 31) != 0b11011;      // scalar pairwise but ADDP
  if ((w & 0x9f3e0c00) == 0x0e300800) { let o = (w >> 12) & 31; return o == 0b01100 || o == 0b01111; } // FP across lanes
  if ((w & 0x8f800400) == 0x0f800000) { let o = (w >> 12) & 15; return o == 0b0001 || o == 0b0101 || o == 0b1001; } // by element
  if ((w & 0x9f200400) == 0x0e200400) return ((w >> 11) & 31) >= 0b11000;        // three same, opcode 11xxx
  if ((w & 0xdf200400) == 0x5e200400) return ((w >> 11) & 31) >= 0b11000;        // scalar three same
  if ((w & 0xdf3e0c00) == 0x5e200800) { // scalar two-register misc: compares with 0, conversions, estimates
    let o = (w >> 12) & 31;
    return (o >= 0b01100 && o <= 0b01110) || (o >= 0b11010 && o <= 0b11101) || o == 0b11111 || (o == 0b10110 && (w >> 29) & 1);
  }
  if ((w & 0x9f3e0c00) != 0x0e200800) return false;                               // two-register misc
  let opc = (w >> 12) & 31;
  return opc >= 0b11000 || (opc >= 0b01100 && opc <= 0b01111) || opc == 0b10110 || opc == 0b10111;
}

export function simdFpExec(w: u32): void {
  let d = w & 31, n = (w >> 5) & 31, m = (w >> 16) & 31;
  let q = (w >> 30) & 1, u = (w >> 29) & 1, dbl = (w >> 22) & 1;
  if ((w >> 28) & 1) q = 0; // scalar
  memory.copy(FN, Vaddr(n), 16); memory.copy(FM, Vaddr(m), 16); memory.copy(FDV, Vaddr(d), 16);
  store<u64>(FR, 0); store<u64>(FR, 0, 8);
  memory.copy(SAVE, Vaddr(T0), 48);
  let outQ = q;
  if ((w & 0x0f800400) == 0x0f000400) { fixedConvert(w, q, u); }
  else if ((w & 0x0f3e0c00) == 0x0e300800) { if ((w >> 28) & 1) scalarPair(w, dbl); else acrossFp(w); outQ = 0; }
  else if ((w & 0x0f000400) == 0x0f000000) byElement(w, q, u, dbl);
  else if ((w & 0x00200400) == 0x00200400) threeSame(w, q, u, dbl);
  else outQ = twoMisc(w, q, u, dbl);
  memory.copy(Vaddr(T0), SAVE, 48);
  let c = Vaddr(d);
  store<u64>(c, load<u64>(FR)); store<u64>(c, outQ ? load<u64>(FR, 8) : 0, 8);
}
