// Advanced SIMD integer vector instructions (the forms of tools/isa/forms/simd-int.ts): three
// same, three different, two-register misc, across lanes, permute, EXT, shift by immediate.
// The decoder only lets allocated encodings through; this file decodes the word's fields and
// computes lane by lane (ARM ARM pseudocode), with FPSR.QC for saturation. Operands are copied
// first, so Vd may be any of the sources.
import { Vaddr } from './state';
import { ACT, O_FPSR } from './layout';
import { isSimdFp, simdFpExec } from './exec_simdfp';
import { isSimdLdSt, simdLdSt, isSimdLdSt1, simdLdSt1 } from './exec_simdls';

const SN: usize = memory.data(128, 16); // Vn copy (then Vm, Vd, the result, a TBL table)
const SM: usize = SN + 16;             // Vm copy
const SD: usize = SN + 32;             // Vd copy (accumulating forms)
const SR: usize = SN + 48;             // result
const QC: u32 = 1 << 27;
let g_scalar: u32 = 0; // scalar form (01 U 11110 ...): one element, no Q

@inline function setQC(): void { store<u32>(ACT + O_FPSR, load<u32>(ACT + O_FPSR) | QC); }

@inline function ones(bits: u32): u64 { return bits >= 64 ? <u64>-1 : (<u64>1 << <u64>bits) - 1; }
@inline function ul(a: usize, size: u32, i: u32): u64 {
  let p = a + (<usize>i << size);
  return size == 0 ? <u64>load<u8>(p) : size == 1 ? <u64>load<u16>(p) : size == 2 ? <u64>load<u32>(p) : load<u64>(p);
}
@inline function sl(a: usize, size: u32, i: u32): i64 {
  let p = a + (<usize>i << size);
  return size == 0 ? <i64>load<i8>(p) : size == 1 ? <i64>load<i16>(p) : size == 2 ? <i64>load<i32>(p) : load<i64>(p);
}
@inline function put(a: usize, size: u32, i: u32, v: u64): void {
  let p = a + (<usize>i << size);
  if (size == 0) store<u8>(p, <u8>v); else if (size == 1) store<u16>(p, <u16>v); else if (size == 2) store<u32>(p, <u32>v); else store<u64>(p, v);
}
function copyIn(d: u32, n: u32, m: u32): void {
  let a = Vaddr(n), b = Vaddr(m), c = Vaddr(d);
  store<u64>(SN, load<u64>(a)); store<u64>(SN, load<u64>(a, 8), 8);
  store<u64>(SM, load<u64>(b)); store<u64>(SM, load<u64>(b, 8), 8);
  store<u64>(SD, load<u64>(c)); store<u64>(SD, load<u64>(c, 8), 8);
  store<u64>(SR, 0); store<u64>(SR, 0, 8);
}
/** Vd = result; the upper half cleared for 64-bit operations. */
function writeBack(d: u32, q: u32): void {
  let c = Vaddr(d);
  store<u64>(c, load<u64>(SR)); store<u64>(c, q ? load<u64>(SR, 8) : 0, 8);
}

// ---- saturation (bits < 64: the value is exact in an i64)
function satS(v: i64, bits: u32): u64 {
  let hi = (<i64>1 << <i64>(bits - 1)) - 1, lo = -hi - 1;
  if (v > hi) { setQC(); return <u64>hi; }
  if (v < lo) { setQC(); return <u64>lo; }
  return <u64>v;
}
function satU(v: i64, bits: u32): u64 {
  let hi = <i64>ones(bits);
  if (v > hi) { setQC(); return <u64>hi; }
  if (v < 0) { setQC(); return 0; }
  return <u64>v;
}
function satAddS64(a: i64, b: i64): u64 {
  let r = a + b;
  if (((a ^ r) & (b ^ r)) < 0) { setQC(); return a < 0 ? 0x8000000000000000 : 0x7fffffffffffffff; }
  return <u64>r;
}
function satSubS64(a: i64, b: i64): u64 {
  let r = a - b;
  if (((a ^ b) & (a ^ r)) < 0) { setQC(); return a < 0 ? 0x8000000000000000 : 0x7fffffffffffffff; }
  return <u64>r;
}
function satAddU64(a: u64, b: u64): u64 { let r = a + b; if (r < a) { setQC(); return <u64>-1; } return r; }
function satSubU64(a: u64, b: u64): u64 { if (b > a) { setQC(); return 0; } return a - b; }
/** Signed a + unsigned b (SUQADD), signed saturated to `bits`. */
function satAddSU(a: i64, b: u64, bits: u32): u64 {
  if (bits < 64) return satS(a + <i64>b, bits);
  let lim = <u64>0x7fffffffffffffff - <u64>a; // 2^63 - 1 - a, exact in u64 for every a
  if (b > lim) { setQC(); return 0x7fffffffffffffff; }
  return <u64>a + b;
}
/** Unsigned a + signed b (USQADD), unsigned saturated. */
function satAddUS(a: u64, b: i64, bits: u32): u64 {
  if (bits < 64) return satU(<i64>a + b, bits);
  if (b >= 0) return satAddU64(a, <u64>b);
  let m = <u64>(0 - b);
  if (m > a) { setQC(); return 0; }
  return a - m;
}

// ---- shifts by a signed amount (the low byte of the Vm lane)
/** Shift right by s >= 1 with round-half-up, exact (no wider intermediate needed). */
function rshrS(v: i64, s: u32): i64 {
  if (s >= 64) return 0; // |v| < 2^63 <= 2^(s-1): the rounded quotient is 0
  return (v >> <i64>s) + ((v >> <i64>(s - 1)) & 1);
}
function rshrU(v: u64, s: u32): u64 {
  if (s > 64) return 0;
  let r = (v >> <u64>(s - 1)) & 1;
  return (s >= 64 ? 0 : v >> <u64>s) + r;
}
function ashrS(v: i64, s: u32): i64 { return s >= 64 ? v >> 63 : v >> <i64>s; }
function lshrU(v: u64, s: u32): u64 { return s >= 64 ? 0 : v >> <u64>s; }
function shlU(v: u64, s: u32): u64 { return s >= 64 ? 0 : v << <u64>s; }

/** SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL of one lane; `bits` = element size. */
function shiftReg(a: u64, sa: i64, sh: i64, bits: u32, unsigned: bool, round: bool, sat: bool): u64 {
  if (sh >= 0) {
    let s = <u32>sh;
    if (!sat) return shlU(a, s) & ones(bits);
    if (s == 0) return a;
    if (unsigned) {
      if (a == 0) return 0;
      if (s >= bits || (a >> <u64>(bits - s)) != 0) { setQC(); return ones(bits); }
      return a << <u64>s;
    }
    if (sa == 0) return 0;
    if (s >= bits) { setQC(); return sa < 0 ? <u64>(-(<i64>1 << <i64>(bits - 1))) & ones(bits) : ones(bits - 1); }
    let r = sa << <i64>s;
    let back = bits == 64 ? r >> <i64>s : (r << <i64>(64 - bits)) >> <i64>(64 - bits + s);
    if (back != sa || (bits == 64 && ((r ^ sa) < 0))) { setQC(); return sa < 0 ? <u64>(-(<i64>1 << <i64>(bits - 1))) & ones(bits) : ones(bits - 1); }
    return <u64>r & ones(bits);
  }
  let s = <u32>(-sh);
  if (unsigned) return (round ? rshrU(a, s) : lshrU(a, s)) & ones(bits);
  return <u64>(round ? rshrS(sa, s) : ashrS(sa, s)) & ones(bits);
}

function cls64(v: i64, bits: u32): u64 {
  let x = <u64>v ^ (<u64>(v >> 63));
  let lz = clz<u64>(x & ones(bits)) - <u64>(64 - bits);
  return lz - 1;
}

// ---------------------------------------------------------------- three same
function threeSame(w: u32, d: u32, n: u32, m: u32, q: u32, u: u32, size: u32): void {
  let opc = (w >> 11) & 31;
  let bits: u32 = 8 << size;
  let count: u32 = (g_scalar ? 1 : (q ? 16 : 8) >> size);
  let mask = ones(bits);
  if (opc == 0b10100 || opc == 0b10101 || opc == 0b10111) { // pairwise
    let half = count >> 1;
    for (let i: u32 = 0; i < count; i++) {
      let src = i < half ? SN : SM;
      let j = (i < half ? i : i - half) << 1;
      let r: u64;
      if (opc == 0b10111) r = (ul(src, size, j) + ul(src, size, j + 1)) & mask;
      else if (u) { let x = ul(src, size, j), y = ul(src, size, j + 1); r = (opc == 0b10100) == (x > y) ? x : y; }
      else { let x = sl(src, size, j), y = sl(src, size, j + 1); r = <u64>((opc == 0b10100) == (x > y) ? x : y); }
      put(SR, size, i, r);
    }
    return;
  }
  for (let i: u32 = 0; i < count; i++) {
    let a = ul(SN, size, i), b = ul(SM, size, i);
    let sa = sl(SN, size, i), sb = sl(SM, size, i);
    let r: u64 = 0;
    switch (opc) {
      case 0b00000: r = u ? (a + b) >> 1 : <u64>((sa + sb) >> 1); break;
      case 0b00010: r = u ? (a + b + 1) >> 1 : <u64>((sa + sb + 1) >> 1); break;
      case 0b00100: r = u ? (a - b) >> 1 : <u64>((sa - sb) >> 1); break;
      case 0b00001:
        if (bits == 64) r = u ? satAddU64(a, b) : satAddS64(sa, sb);
        else r = u ? satU(<i64>(a + b), bits) : satS(sa + sb, bits);
        break;
      case 0b00101:
        if (bits == 64) r = u ? satSubU64(a, b) : satSubS64(sa, sb);
        else r = u ? satU(<i64>a - <i64>b, bits) : satS(sa - sb, bits);
        break;
      case 0b00110: r = (u ? a > b : sa > sb) ? <u64>-1 : 0; break;
      case 0b00111: r = (u ? a >= b : sa >= sb) ? <u64>-1 : 0; break;
      case 0b01000: case 0b01001: case 0b01010: case 0b01011: {
        let sh = <i64><i8>b;
        r = shiftReg(a, sa, sh, bits, u != 0, (opc & 2) != 0, (opc & 1) != 0);
        break;
      }
      case 0b01100: r = u ? (a > b ? a : b) : <u64>(sa > sb ? sa : sb); break;
      case 0b01101: r = u ? (a < b ? a : b) : <u64>(sa < sb ? sa : sb); break;
      case 0b01110: case 0b01111: {
        r = u ? (a > b ? a - b : b - a) : <u64>(sa > sb ? sa - sb : sb - sa);
        if (opc == 0b01111) r += ul(SD, size, i);
        break;
      }
      case 0b10000: r = u ? a - b : a + b; break; // scalar ADD/SUB (the vector ones are OP_VADDSUB)
      case 0b10001: r = u ? (a == b ? <u64>-1 : 0) : ((a & b) != 0 ? <u64>-1 : 0); break;
      case 0b10010: r = u ? ul(SD, size, i) - a * b : ul(SD, size, i) + a * b; break;
      case 0b10011:
        if (u) { // PMUL (bytes)
          let p: u64 = 0;
          for (let k: u64 = 0; k < 8; k++) if ((b >> k) & 1) p ^= a << k;
          r = p;
        } else r = a * b;
        break;
      case 0b10110: { // SQDMULH / SQRDMULH (H, S); 2 * (-2^31)^2 does not fit an i64
        if (bits == 32 && sa == sb && sa == -0x80000000) { setQC(); r = 0x7fffffff; break; }
        let prod = 2 * sa * sb + (u ? (<i64>1 << <i64>(bits - 1)) : 0);
        r = satS(prod >> <i64>bits, bits);
        break;
      }
    }
    put(SR, size, i, r & mask);
  }
}

// ---------------------------------------------------------------- three different
function threeDiff(w: u32, d: u32, q: u32, u: u32, size: u32): void {
  let opc = (w >> 12) & 15;
  let bits: u32 = 8 << size, wbits = bits << 1;
  let count: u32 = g_scalar ? 1 : 8 >> size; // scalar SQDMLAL/SQDMLSL/SQDMULL: one element
  let part: u32 = q ? count : 0;
  let wmask = ones(wbits);
  if (opc == 0b0100 || opc == 0b0110) { // ADDHN/SUBHN (+R): high halves of wide sums into Vd's low or high half
    for (let i: u32 = 0; i < count; i++) {
      let a = ul(SN, size + 1, i), b = ul(SM, size + 1, i);
      let s = opc == 0b0100 ? a + b : a - b;
      if (u) s += <u64>1 << <u64>(bits - 1);
      put(SR, size, i + part, (s & wmask) >> <u64>bits);
    }
    if (q) store<u64>(SR, load<u64>(SD)); // the "2" forms keep the low half
    return;
  }
  for (let i: u32 = 0; i < count; i++) {
    let wideN = opc == 0b0001 || opc == 0b0011;
    let a: u64, sa: i64;
    if (wideN) { a = ul(SN, size + 1, i); sa = sl(SN, size + 1, i); }
    else { a = ul(SN, size, i + part); sa = sl(SN, size, i + part); }
    let b = ul(SM, size, i + part), sb = sl(SM, size, i + part);
    let acc = ul(SD, size + 1, i), sacc = sl(SD, size + 1, i);
    let r: u64 = 0;
    switch (opc) {
      case 0b0000: case 0b0001: r = u ? a + b : <u64>(sa + sb); break;
      case 0b0010: case 0b0011: r = u ? a - b : <u64>(sa - sb); break;
      case 0b0101: r = acc + (u ? (a > b ? a - b : b - a) : <u64>(sa > sb ? sa - sb : sb - sa)); break;
      case 0b0111: r = u ? (a > b ? a - b : b - a) : <u64>(sa > sb ? sa - sb : sb - sa); break;
      case 0b1000: r = acc + (u ? a * b : <u64>(sa * sb)); break;
      case 0b1010: r = acc - (u ? a * b : <u64>(sa * sb)); break;
      case 0b1100: r = u ? a * b : <u64>(sa * sb); break;
      case 0b1110: { // PMULL (bytes -> halfwords): carry-less product
        let p: u64 = 0;
        for (let k: u64 = 0; k < 8; k++) if ((b >> k) & 1) p ^= a << k;
        r = p;
        break;
      }
      case 0b1001: case 0b1011: case 0b1101: { // SQDMLAL, SQDMLSL, SQDMULL
        let p: u64;
        if (wbits == 64) {
          if (sa == <i64>0xffffffff80000000 && sb == sa) { setQC(); p = 0x7fffffffffffffff; }
          else p = <u64>(2 * sa * sb);
          r = opc == 0b1101 ? p : opc == 0b1001 ? satAddS64(sacc, <i64>p) : satSubS64(sacc, <i64>p);
        } else {
          p = satS(2 * sa * sb, wbits);
          let sp = (<i64>(p << 32)) >> 32;
          r = opc == 0b1101 ? p : satS(opc == 0b1001 ? sacc + sp : sacc - sp, wbits);
        }
        break;
      }
    }
    put(SR, size + 1, i, r & wmask);
  }
}

// ---------------------------------------------------------------- two-register misc
function twoMisc(w: u32, d: u32, q: u32, u: u32, size: u32): u32 {
  let opc = (w >> 12) & 31;
  if (opc == 0b00101) size = 0; // RBIT works on bytes (size = 01 selects it)
  let bits: u32 = 8 << size;
  let count: u32 = (g_scalar ? 1 : (q ? 16 : 8) >> size);
  let mask = ones(bits);
  if (opc == 0b10010 || opc == 0b10100) { // XTN, SQXTUN, SQXTN, UQXTN: narrow into one half
    let n: u32 = g_scalar ? 1 : 8 >> size, part: u32 = q ? n : 0;
    for (let i: u32 = 0; i < n; i++) {
      let a = ul(SN, size + 1, i), sa = sl(SN, size + 1, i);
      let r: u64;
      if (opc == 0b10010) r = u ? satU(sa, bits) : a;            // SQXTUN, XTN
      else if (u) { r = a; if (a > mask) { setQC(); r = mask; } } // UQXTN
      else r = satS(sa, bits);                                    // SQXTN
      put(SR, size, i + part, r & mask);
    }
    if (q) store<u64>(SR, load<u64>(SD));
    return 1;
  }
  if (opc == 0b10011) { // SHLL
    let n: u32 = g_scalar ? 1 : 8 >> size, part: u32 = q ? n : 0;
    for (let i: u32 = 0; i < n; i++) put(SR, size + 1, i, ul(SN, size, i + part) << <u64>bits);
    return 1;
  }
  if (opc == 0b00010 || opc == 0b00110) { // [SU]ADDLP, [SU]ADALP
    let n: u32 = count >> 1;
    for (let i: u32 = 0; i < n; i++) {
      let s: u64 = u ? ul(SN, size, 2 * i) + ul(SN, size, 2 * i + 1) : <u64>(sl(SN, size, 2 * i) + sl(SN, size, 2 * i + 1));
      if (opc == 0b00110) s += ul(SD, size + 1, i);
      put(SR, size + 1, i, s);
    }
    return q;
  }
  if (opc == 0b00000 || opc == 0b00001) { // REV64, REV32, REV16: reverse elements within containers
    let cbits: u32 = opc == 0b00001 ? 16 : u ? 32 : 64;
    let per = cbits / bits;
    for (let i: u32 = 0; i < count; i++) {
      let base = i - i % per;
      put(SR, size, base + (per - 1 - i % per), ul(SN, size, i));
    }
    return q;
  }
  for (let i: u32 = 0; i < count; i++) {
    let a = ul(SN, size, i), sa = sl(SN, size, i);
    let r: u64 = 0;
    switch (opc) {
      case 0b00011: r = u ? satAddUS(ul(SD, size, i), sa, bits) : satAddSU(sl(SD, size, i), a, bits); break;
      case 0b00100: r = u ? clz<u64>(a) - <u64>(64 - bits) : cls64(sa, bits); break;
      case 0b00101: { // RBIT (bytes)
        let x: u64 = 0;
        for (let k: u64 = 0; k < 8; k++) x |= ((a >> k) & 1) << (7 - k);
        r = x; break;
      }
      case 0b00111: {
        let v = u ? -sa : (sa < 0 ? -sa : sa);
        if (bits == 64) { if (sa == <i64>0x8000000000000000) { setQC(); r = 0x7fffffffffffffff; } else r = <u64>v; }
        else r = satS(v, bits);
        break;
      }
      case 0b01000: r = (u ? sa >= 0 : sa > 0) ? <u64>-1 : 0; break;
      case 0b01001: r = (u ? sa <= 0 : sa == 0) ? <u64>-1 : 0; break;
      case 0b01010: r = sa < 0 ? <u64>-1 : 0; break;
      case 0b01011: r = u ? <u64>(-sa) : <u64>(sa < 0 ? -sa : sa); break;
    }
    put(SR, size, i, r & mask);
  }
  return q;
}

// ---------------------------------------------------------------- across lanes
function across(w: u32, d: u32, q: u32, u: u32, size: u32): void {
  let opc = (w >> 12) & 31;
  let count: u32 = (g_scalar ? 1 : (q ? 16 : 8) >> size);
  if (opc == 0b11011) { put(SR, 3, 0, ul(SN, 3, 0) + ul(SN, 3, 1)); return; } // scalar ADDP
  if (opc == 0b00011) {
    let s: u64 = 0;
    for (let i: u32 = 0; i < count; i++) s += u ? ul(SN, size, i) : <u64>sl(SN, size, i);
    put(SR, size + 1, 0, s);
    return;
  }
  let max = opc == 0b01010;
  let ru = ul(SN, size, 0), rs = sl(SN, size, 0);
  for (let i: u32 = 1; i < count; i++) {
    let a = ul(SN, size, i), sa = sl(SN, size, i);
    if (u) { if (max ? a > ru : a < ru) ru = a; }
    else if (max ? sa > rs : sa < rs) rs = sa;
  }
  put(SR, size, 0, u ? ru : <u64>rs);
}

// ---------------------------------------------------------------- permute, EXT
function permute(w: u32, q: u32, size: u32): void {
  let opc = (w >> 12) & 7;
  let count: u32 = (g_scalar ? 1 : (q ? 16 : 8) >> size);
  let half = count >> 1;
  let hi: u32 = opc >> 2;
  for (let i: u32 = 0; i < half; i++) {
    switch (opc & 3) {
      case 1: // UZP
        put(SR, size, i, ul(SN, size, 2 * i + hi));
        put(SR, size, half + i, ul(SM, size, 2 * i + hi));
        break;
      case 2: // TRN
        put(SR, size, 2 * i, ul(SN, size, 2 * i + hi));
        put(SR, size, 2 * i + 1, ul(SM, size, 2 * i + hi));
        break;
      default: // ZIP
        put(SR, size, 2 * i, ul(SN, size, i + hi * half));
        put(SR, size, 2 * i + 1, ul(SM, size, i + hi * half));
    }
  }
}
/** TBL/TBX: bytes of Vm index the len + 1 table registers from Rn (mod 32); out of range gives 0
 *  (TBL) or keeps the Vd byte (TBX). */
function tbl(w: u32, d: u32, n: u32, q: u32): void {
  let regs = ((w >> 13) & 3) + 1, tbx = (w >> 12) & 1;
  let bytes: u32 = q ? 16 : 8;
  let tab = SN + 64; // beyond the operand copies: up to 64 bytes of table
  for (let i: u32 = 0; i < regs; i++) memory.copy(tab + (<usize>i << 4), Vaddr((n + i) & 31), 16);
  for (let i: u32 = 0; i < bytes; i++) {
    let idx = <u32>load<u8>(SM + i);
    store<u8>(SR + i, idx < (regs << 4) ? load<u8>(tab + idx) : tbx ? load<u8>(SD + i) : 0);
  }
}
function ext(w: u32, q: u32): void {
  let pos = (w >> 11) & 15;
  let bytes: u32 = q ? 16 : 8;
  for (let i: u32 = 0; i < bytes; i++) {
    let j = i + pos;
    store<u8>(SR + i, j < bytes ? load<u8>(SN + j) : load<u8>(SM + j - bytes));
  }
}

// ---------------------------------------------------------------- shift by immediate
function shiftImm(w: u32, q: u32, u: u32): u32 {
  let immh = (w >> 19) & 15, ib = (w >> 16) & 127;
  let size: u32 = immh & 8 ? 3 : immh & 4 ? 2 : immh & 2 ? 1 : 0;
  let bits: u32 = 8 << size;
  let mask = ones(bits);
  let opc = (w >> 11) & 31;
  let rs: u32 = 2 * bits - ib; // right shift amount
  let ls: u32 = ib - bits;     // left shift amount
  if (opc >= 0b10000 && opc <= 0b10011) { // narrowing right shifts: Vn has 2*bits lanes
    let n: u32 = g_scalar ? 1 : 8 >> size, part: u32 = q ? n : 0;
    let wb = bits * 2;
    for (let i: u32 = 0; i < n; i++) {
      let a = ul(SN, size + 1, i), sa = sl(SN, size + 1, i);
      let round = (opc & 1) != 0;
      let r: u64;
      let kind = (opc >> 1) & 1; // 0: SHRN/SQSHRUN, 1: SQSHRN/UQSHRN
      if (kind == 0 && u == 0) r = (round ? rshrU(a, rs) : lshrU(a, rs)) & mask; // SHRN, RSHRN (bits are the same either way)
      else if (kind == 0) { // SQSHRUN: signed -> unsigned
        let v = round ? rshrS(sa, rs) : ashrS(sa, rs);
        r = satU(v, bits);
      } else if (u) { // UQSHRN
        let v = round ? rshrU(a, rs) : lshrU(a, rs);
        r = v;
        if (v > mask) { setQC(); r = mask; }
      } else r = satS(round ? rshrS(sa, rs) : ashrS(sa, rs), bits);
      put(SR, size, i + part, r);
    }
    if (q) store<u64>(SR, load<u64>(SD));
    return 1;
  }
  if (opc == 0b10100) { // SSHLL, USHLL
    let n: u32 = g_scalar ? 1 : 8 >> size, part: u32 = q ? n : 0;
    for (let i: u32 = 0; i < n; i++) put(SR, size + 1, i, (u ? ul(SN, size, i + part) : <u64>sl(SN, size, i + part)) << <u64>ls);
    return 1;
  }
  let count: u32 = (g_scalar ? 1 : (q ? 16 : 8) >> size);
  for (let i: u32 = 0; i < count; i++) {
    let a = ul(SN, size, i), sa = sl(SN, size, i), dv = ul(SD, size, i);
    let r: u64 = 0;
    switch (opc) {
      case 0b00000: r = u ? lshrU(a, rs) : <u64>ashrS(sa, rs); break;
      case 0b00010: r = dv + (u ? lshrU(a, rs) : <u64>ashrS(sa, rs)); break;
      case 0b00100: r = u ? rshrU(a, rs) : <u64>rshrS(sa, rs); break;
      case 0b00110: r = dv + (u ? rshrU(a, rs) : <u64>rshrS(sa, rs)); break;
      case 0b01000: { let mk = lshrU(mask, rs); r = (dv & ~mk) | lshrU(a, rs); break; } // SRI
      case 0b01010: r = u ? (dv & ~(shlU(mask, ls) & mask)) | shlU(a, ls) : shlU(a, ls); break; // SLI, SHL
      case 0b01100: { // SQSHLU
        if (sa < 0) { setQC(); r = 0; }
        else r = shiftReg(a, sa, <i64>ls, bits, true, false, true);
        break;
      }
      case 0b01110: r = shiftReg(a, sa, <i64>ls, bits, u != 0, false, true); break;
    }
    put(SR, size, i, r & mask);
  }
  return q;
}

// ---------------------------------------------------------------- by element
// Vm's element replicated into SM, then the three-same or three-different operation it names:
// opcode -> (three-same opcode or three-different opcode << 8 | 0x80 for long forms, U).
function byElement(w: u32, d: u32, q: u32, u: u32, size: u32): u32 {
  let h = (w >> 11) & 1, l = (w >> 21) & 1, mm = (w >> 20) & 1, rm = (w >> 16) & 15;
  let idx: u32 = size == 1 ? (h << 2) | (l << 1) | mm : (h << 1) | l;
  let reg: u32 = size == 1 ? rm : (mm << 4) | rm;
  let e = ul(Vaddr(reg), size, idx);
  for (let i: u32 = 0; i < (16 >> size); i++) put(SM, size, i, e);
  let opc = (w >> 12) & 15;
  let n = (w >> 5) & 31;
  switch (opc) {
    case 0b0000: threeSame(0b10010 << 11, d, n, reg, q, 0, size); return q;   // MLA
    case 0b0100: threeSame(0b10010 << 11, d, n, reg, q, 1, size); return q;   // MLS
    case 0b1000: threeSame(0b10011 << 11, d, n, reg, q, 0, size); return q;   // MUL
    case 0b1100: threeSame(0b10110 << 11, d, n, reg, q, 0, size); return q;   // SQDMULH
    case 0b1101: threeSame(0b10110 << 11, d, n, reg, q, 1, size); return q;   // SQRDMULH
  }
  // long: [SU]MLAL 0010 -> 1000, SQDMLAL 0011 -> 1001, [SU]MLSL 0110 -> 1010, SQDMLSL 0111 -> 1011,
  // [SU]MULL 1010 -> 1100, SQDMULL 1011 -> 1101
  let o3: u32 = opc == 0b0010 ? 0b1000 : opc == 0b0011 ? 0b1001 : opc == 0b0110 ? 0b1010 : opc == 0b0111 ? 0b1011 : opc == 0b1010 ? 0b1100 : 0b1101;
  threeDiff(o3 << 12, d, q, u, size);
  return 1;
}

/** Execute an AdvSIMD word the decoder accepted; 1 when a memory access faulted. */
export function simdExec(w: u32): i32 {
  if (isSimdLdSt(w)) return simdLdSt(w);
  if (isSimdLdSt1(w)) return simdLdSt1(w);
  if (isSimdFp(w)) { simdFpExec(w); return 0; }
  let d = w & 31, n = (w >> 5) & 31, m = (w >> 16) & 31;
  let q = (w >> 30) & 1, u = (w >> 29) & 1, size = (w >> 22) & 3;
  copyIn(d, n, m);
  g_scalar = (w >> 28) & 1;
  if (g_scalar) q = 0;
  let outQ = q;
  if ((w & 0xffe0fc00) == 0x5e000400) { // DUP <V>d, Vn.<T>[i] (scalar)
    let imm5 = (w >> 16) & 31, es: u32 = ctz(imm5);
    put(SR, es, 0, ul(SN, es, imm5 >> (es + 1)));
  }
  else if ((w & 0x0f000400) == 0x0f000000) outQ = byElement(w, d, q, u, size);  // [01] Q U [01]1111 size L M Rm opcode H 0
  else if ((w & 0x0f800000) == 0x0f000000) outQ = shiftImm(w, q, u);     // [01] Q U [01]11110 immh ...          // [01] Q U [01]11110 immh ...
  else if ((w & 0x3f208400) == 0x2e000000) { ext(w, q); }                 // EXT
  else if ((w & 0xbf208c00) == 0x0e000000) tbl(w, d, n, q);               // TBL, TBX
  else if ((w & 0x1f200c00) == 0x0e000800) permute(w, q, size);           // permute
  else if ((w & 0x0f3e0c00) == 0x0e200800) outQ = twoMisc(w, d, q, u, size);
  else if ((w & 0x0f3e0c00) == 0x0e300800) { across(w, d, q, u, size); outQ = 0; }
  else if ((w & 0x0f200400) == 0x0e200400) threeSame(w, d, n, m, q, u, size);
  else { threeDiff(w, d, q, u, size); outQ = 1; }
  writeBack(d, g_scalar ? 0 : outQ);
  return 0;
}
