// Translation of scalar floating point, with the interpreter's exact results and FPSR flags
// (tools/emu/core/exec_fp.ts). The interpreter computes every operation natively first when
// FPCR is round to nearest without flush-to-zero, and takes its exact (integer) path only when
// an exactness test fails or an operand/result is near an edge (NaN, infinity, tiny, overflow).
// The translation emits the same native computation and the same tests in wasm, so whenever it
// completes an instruction the interpreter's fast path would have produced the same bits and
// flags; in every other case (another FPCR mode, FZ, a NaN anywhere, an edge) it leaves the
// instruction to the interpreter before changing any state (g.step()). wasm's freedom in NaN
// payloads never shows: no NaN result is ever stored by translated arithmetic (moves, FABS,
// FNEG, FCSEL work on bits). IXC is ORed into FPSR in memory as the interpreter does.
import { Op, T } from './wasm.ts';
import type { Gen } from './gen.ts';
import type { Rec } from './records.ts';
import type { Emit } from './alu.ts';
import {
  F, F32, F64, FPCR_FZ, FPCR_RN_NOFZ, FPSR_IXC, f64const, fpCheck, fpcrCheck, raiseIf, stepIf, vaddr, vget32, vget64, vsetScalar,
} from './vregs.ts';

type X = (g: Gen) => void;
const EXP_D = 0x7ff0000000000000n, FRAC_D = 0xfffffffffffffn, ABS_D = 0x7fffffffffffffffn, MIN_D = 0x0010000000000000n;
const EXP_S = 0x7f800000n, ABS_S = 0x7fffffffn, MIN_S = 0x00800000n;
const s64 = (v: bigint) => BigInt.asIntN(64, v);

// ---- a small expression language over wasm locals (each FP instruction is a short dataflow)
const v = (l: number): X => (g) => { g.b.get(l); };
const bin = (op: number) => (a: X, c: X): X => (g) => { a(g); c(g); g.b.op(op); };
const un = (...ops: number[]) => (a: X): X => (g) => { a(g); g.b.op(...ops); };
const add = bin(F.f64_add), sub = bin(F.f64_sub), mul = bin(F.f64_mul);
const k64 = (x: number): X => (g) => f64const(g, x);
const ki = (x: bigint): X => (g) => { g.b.i64(s64(x)); };
/** evaluate e into the named scratch local of type t; returns a reader of it */
function let_(g: Gen, name: string, e: X, t = F64): X { const l = g.tmp(`${name}:${t}`, t); e(g); g.b.set(l); return v(l); }
const bits64 = un(F.i64_reinterpret_f64);
const bits32 = un(F.i32_reinterpret_f32, Op.i64_extend_i32_u);
const band = bin(Op.i64_and);

/** i32: exponent field neither 0 nor all ones (a normal number); b is i64 bits */
function normal(b: X, dbl: boolean): X {
  const e = dbl ? EXP_D : EXP_S;
  return (g) => {
    const t = let_(g, 'nexp', band(b, ki(e)), T.i64);
    t(g); g.b.i64(0n).op(Op.i64_ne); t(g); g.b.i64(s64(e)).op(Op.i64_ne, Op.i32_and);
  };
}
/** i32: normal and not exactly the minimum normal (which may come from a tiny value: UFC) */
function aboveMin(b: X, dbl: boolean): X {
  return (g) => { normal(b, dbl)(g); band(b, ki(dbl ? ABS_D : ABS_S))(g); g.b.i64(s64(dbl ? MIN_D : MIN_S)).op(Op.i64_ne, Op.i32_and); };
}
/** i32: the product of the doubles with bits a and b is exact in 53 bits (exec_fp.ts mulExactD) */
function mulExact(a: X, c: X): X {
  return (g) => {
    const odd = (name: string, x: X) => {
      const m = let_(g, name, (g2) => { band(x, ki(FRAC_D))(g2); g2.b.i64(0x10000000000000n).op(Op.i64_or); }, T.i64);
      return let_(g, name, (g2) => { m(g2); m(g2); g2.b.op(F.i64_ctz, Op.i64_shr_u); }, T.i64);
    };
    const ma = odd('mea', a), mb = odd('meb', c);
    ma(g); g.b.op(Op.i64_clz); mb(g); g.b.op(Op.i64_clz, Op.i64_add).i64(74n).op(Op.i64_ge_u);
    ma(g); mb(g); g.b.op(Op.i64_mul).i64(0x20000000000000n).op(Op.i64_lt_u, Op.i32_and);
  };
}
/** store the i64 bits pushed by e as the scalar in V register d */
function put(g: Gen, d: number, e: X): void { const l = g.tmp('fres', T.i64); e(g); g.b.set(l); vsetScalar(g, d, l); }
/** push V register n as f64 (a single is promoted: exact) */
function ldF(g: Gen, n: number, dbl: boolean): void {
  g.b.i32(vaddr(n)).mem(dbl ? F.f64_load : F.f32_load);
  if (!dbl) g.b.op(F.f64_promote_f32);
}
const isD = (r: Rec) => (r.x >> 8) === 1;

// ---- FMUL FDIV FADD FSUB (FMAX FMIN FMAXNM FMINNM) FNMUL: opcode 0..8
function fp2(g: Gen, r: Rec): void {
  const op = r.x & 15, dbl = isD(r);
  fpCheck(g);
  if (op >= 4 && op <= 7) { maxMin(g, r, op, dbl); return; }
  fpcrCheck(g, FPCR_RN_NOFZ);
  const ia = let_(g, 'ia', (g2) => vget64(g2, r.n), T.i64), ib = let_(g, 'ib', (g2) => vget64(g2, r.m), T.i64);
  if (dbl) {
    const fa = let_(g, 'fa', un(F.f64_reinterpret_i64)(ia));
    const fb = let_(g, 'fb', op === 3 ? un(F.f64_reinterpret_i64, F.f64_neg)(ib) : un(F.f64_reinterpret_i64)(ib));
    let res: X, inexact: X;
    if (op === 2 || op === 3) { // TwoSum: the rounding error of a + b, exactly
      const fr = let_(g, 'fr', add(fa, fb));
      const rb = let_(g, 'rb', bits64(fr), T.i64);
      band(rb, ki(EXP_D))(g); g.b.i64(s64(EXP_D)).op(Op.i64_eq); stepIf(g);
      const bv = let_(g, 'bv', sub(fr, fa));
      inexact = (g2) => { add(sub(fa, sub(fr, bv)), sub(fb, bv))(g2); f64const(g2, 0); g2.b.op(F.f64_ne); };
      res = rb;
    } else {
      const fr = let_(g, 'fr', op === 1 ? bin(F.f64_div)(fa, fb) : mul(fa, fb));
      const rb = let_(g, 'rb', bits64(fr), T.i64);
      const fast = let_(g, 'fast', (g2) => { aboveMin(rb, true)(g2); normal(ia, true)(g2); g2.b.op(Op.i32_and); normal(ib, true)(g2); g2.b.op(Op.i32_and); }, T.i32);
      fast(g); zeroResult(op, ia, ib, true)(g); g.b.op(Op.i32_or, Op.i32_eqz); stepIf(g);
      inexact = op === 1
        ? (g2) => { mul(fr, fb)(g2); fa(g2); g2.b.op(F.f64_ne); mulExact(rb, ib)(g2); g2.b.op(Op.i32_eqz, Op.i32_or); fast(g2); g2.b.op(Op.i32_and); }
        : (g2) => { mulExact(ia, ib)(g2); g2.b.op(Op.i32_eqz); fast(g2); g2.b.op(Op.i32_and); };
      res = op === 8 ? (g2) => { rb(g2); g2.b.i64(s64(1n << 63n)).op(Op.i64_xor); } : rb;
    }
    put(g, r.d, res);
    inexact(g); raiseIf(g, FPSR_IXC);
    return;
  }
  // single: computed in f64 (the product exact, the sum and quotient rounded innocuously), then
  // rounded once to single; IXC when the f64 result was inexact or the narrowing changed it
  const fa = let_(g, 'fa', un(F.f32_reinterpret_i32, F.f64_promote_f32)((g2) => { ia(g2); g2.b.op(Op.i32_wrap_i64); }));
  const fb = let_(g, 'fb', un(F.f32_reinterpret_i32, F.f64_promote_f32, ...(op === 3 ? [F.f64_neg] : []))((g2) => { ib(g2); g2.b.op(Op.i32_wrap_i64); }));
  let err: X = (g2) => { g2.b.i32(0); };
  let w: X;
  if (op === 2 || op === 3) {
    w = let_(g, 'fw', add(fa, fb));
    const bv = let_(g, 'bv', sub(w, fa));
    const e = let_(g, 'ferr', add(sub(fa, sub(w, bv)), sub(fb, bv)));
    err = (g2) => { e(g2); f64const(g2, 0); g2.b.op(F.f64_ne); };
  } else w = let_(g, 'fw', op === 1 ? bin(F.f64_div)(fa, fb) : mul(fa, fb));
  const fr = let_(g, 'fr32', un(F.f32_demote_f64)(w), F32);
  const rb = let_(g, 'rb', bits32(fr), T.i64);
  const fast = let_(g, 'fast', aboveMin(rb, false), T.i32);
  fast(g);
  if (op !== 2 && op !== 3) { zeroResult(op, ia, ib, false)(g); g.b.op(Op.i32_or); }
  g.b.op(Op.i32_eqz); stepIf(g);
  put(g, r.d, op === 8 ? (g2) => { rb(g2); g2.b.i64(0x80000000n).op(Op.i64_xor); } : rb);
  err(g); fr(g); g.b.op(F.f64_promote_f32); w(g); g.b.op(F.f64_ne, Op.i32_or); fast(g); g.b.op(Op.i32_and); raiseIf(g, FPSR_IXC);
}

const isZero = (b: X, dbl: boolean): X => (g) => { band(b, ki(dbl ? ABS_D : ABS_S))(g); g.b.op(Op.i64_eqz); };
const finite = (b: X, dbl: boolean): X => (g) => { band(b, ki(dbl ? EXP_D : EXP_S))(g); g.b.i64(dbl ? s64(EXP_D) : EXP_S).op(Op.i64_ne); };
/** i32: the exact result is a zero that the native operation gets right, sign included (the
 *  interpreter's zero cases: FMUL/FNMUL with a zero and a finite operand, FDIV of a zero by a
 *  finite non-zero); no flags */
function zeroResult(op: number, a: X, b: X, dbl: boolean): X {
  return (g) => {
    if (op === 1) { isZero(a, dbl)(g); finite(b, dbl)(g); isZero(b, dbl)(g); g.b.op(Op.i32_eqz, Op.i32_and, Op.i32_and); return; }
    isZero(a, dbl)(g); isZero(b, dbl)(g); g.b.op(Op.i32_or); finite(a, dbl)(g); finite(b, dbl)(g); g.b.op(Op.i32_and, Op.i32_and);
  };
}

/** FMAX FMIN FMAXNM FMINNM without NaNs (and without FZ): wasm's min/max, which the
 *  interpreter itself uses there (zeros ordered by sign); any NaN goes to the interpreter */
function maxMin(g: Gen, r: Rec, op: number, dbl: boolean): void {
  fpcrCheck(g, FPCR_FZ);
  const ld = dbl ? F.f64_load : F.f32_load, ne = dbl ? F.f64_ne : F.f32_ne;
  const fa = let_(g, dbl ? 'fa' : 'fa32', (g2) => { g2.b.i32(vaddr(r.n)).mem(ld); }, dbl ? F64 : F32);
  const fb = let_(g, dbl ? 'fb' : 'fb32', (g2) => { g2.b.i32(vaddr(r.m)).mem(ld); }, dbl ? F64 : F32);
  fa(g); fa(g); g.b.op(ne); fb(g); fb(g); g.b.op(ne, Op.i32_or); stepIf(g);
  const mm = (op & 1) ? (dbl ? F.f64_min : F.f32_min) : (dbl ? F.f64_max : F.f32_max);
  put(g, r.d, (dbl ? bits64 : bits32)(bin(mm)(fa, fb)));
}

// ---- FMADD FMSUB FNMADD FNMSUB: x = ftype << 8 | o1 << 1 | o0
function fp3(g: Gen, r: Rec): void {
  const dbl = isD(r), negA = (r.x & 2) !== 0, negN = (((r.x >> 1) ^ r.x) & 1) !== 0;
  fpCheck(g);
  fpcrCheck(g, FPCR_RN_NOFZ);
  if (!dbl) {
    // the product is exact in f64, TwoSum gives the sum's error; one rounding to single is
    // right unless the f64 sum sits exactly halfway between two singles
    const ld = (n: number, neg: boolean): X => (g2) => { ldF(g2, n, false); if (neg) g2.b.op(F.f64_neg); };
    const p = let_(g, 'fp', mul(ld(r.n, negN), ld(r.m, false)));
    const ad = let_(g, 'fa', ld(r.a, negA));
    const s = let_(g, 'fs', add(p, ad));
    const bv = let_(g, 'bv', sub(s, p));
    const e = let_(g, 'ferr', add(sub(p, sub(s, bv)), sub(ad, bv)));
    const fr = let_(g, 'fr32', un(F.f32_demote_f64)(s), F32);
    const rb = let_(g, 'rb', bits32(fr), T.i64);
    const low = let_(g, 'low', band(bits64(s), ki(0x1fffffffn)), T.i64);
    aboveMin(rb, false)(g);
    e(g); f64const(g, 0); g.b.op(F.f64_eq); low(g); g.b.i64(0x10000000n).op(Op.i64_ne, Op.i32_or, Op.i32_and, Op.i32_eqz); stepIf(g);
    put(g, r.d, rb);
    e(g); f64const(g, 0); g.b.op(F.f64_ne); low(g); g.b.i64(0n).op(Op.i64_ne, Op.i32_or); raiseIf(g, FPSR_IXC);
    return;
  }
  fmaD(g, r, negA, negN);
}

/** Double FMA by error-free transformations (exec_fp.ts fmaFastD, step for step): the product
 *  as p + ep (Veltkamp split), p + ep + c as r + e3 + e2; r is correctly rounded when |e3| + |e2|
 *  is below half its rounding interval, with ranges gated so that no step overflows or loses
 *  bits to underflow. */
function fmaD(g: Gen, r: Rec, negA: boolean, negN: boolean): void {
  const b = g.b;
  const ldb = (name: string, n: number, neg: boolean) => let_(g, name, (g2) => { vget64(g2, n); if (neg) g2.b.i64(s64(1n << 63n)).op(Op.i64_xor); }, T.i64);
  const bn = ldb('ia', r.n, negN), bm = ldb('ib', r.m, false), ba = ldb('ic', r.a, negA);
  const f = (i: X) => un(F.f64_reinterpret_i64)(i);
  // a zero product of finite operands: the result is the addend (or a zero signed as IEEE
  // round to nearest says), exactly what the native sum gives; no flags
  isZero(bn, true)(g); isZero(bm, true)(g); b.op(Op.i32_or); finite(bn, true)(g); finite(bm, true)(g); finite(ba, true)(g); b.op(Op.i32_and, Op.i32_and, Op.i32_and);
  b.if_();
  put(g, r.d, bits64(add(mul(f(bn), f(bm)), f(ba))));
  b.else_();
  band(bn, ki(ABS_D))(g); b.i64(0x7e20000000000000n).op(Op.i64_ge_u);
  band(bm, ki(ABS_D))(g); b.i64(0x7e20000000000000n).op(Op.i64_ge_u, Op.i32_or);
  band(ba, ki(ABS_D))(g); b.i64(0x7dd0000000000000n).op(Op.i64_ge_u, Op.i32_or);
  stepIf(g);
  const a = let_(g, 'fa', f(bn)), c2 = let_(g, 'fb', f(bm)), c = let_(g, 'fc', f(ba));
  const p = let_(g, 'fp', mul(a, c2));
  const pp = let_(g, 'pp', band(bits64(p), ki(ABS_D)), T.i64);
  pp(g); b.i64(0x03f0000000000000n).op(Op.i64_lt_u); pp(g); b.i64(0x7dd0000000000000n).op(Op.i64_ge_u, Op.i32_or); stepIf(g);
  const K = k64(134217729.0);
  const ga = let_(g, 'ga', mul(K, a)), ah = let_(g, 'ah', sub(ga, sub(ga, a))), al = let_(g, 'al', sub(a, ah));
  const gb = let_(g, 'gb', mul(K, c2)), bh = let_(g, 'bh', sub(gb, sub(gb, c2))), bl = let_(g, 'bl', sub(c2, bh));
  const ep = let_(g, 'ep', add(add(add(sub(mul(ah, bh), p), mul(ah, bl)), mul(al, bh)), mul(al, bl)));
  const s = let_(g, 'fs', add(p, c)), z1 = let_(g, 'z1', sub(s, p));
  const e1 = let_(g, 'e1', add(sub(p, sub(s, z1)), sub(c, z1)));
  const t = let_(g, 'ft', add(e1, ep)), z2 = let_(g, 'z2', sub(t, e1));
  const e2 = let_(g, 'e2', add(sub(e1, sub(t, z2)), sub(ep, z2)));
  const rr = let_(g, 'fr', add(s, t)), z3 = let_(g, 'z3', sub(rr, s));
  const e3 = let_(g, 'e3', add(sub(s, sub(rr, z3)), sub(t, z3)));
  const rb = let_(g, 'rb', bits64(rr), T.i64);
  const re = let_(g, 're', band(rb, ki(EXP_D)), T.i64);
  re(g); b.i64(0x03d0000000000000n).op(Op.i64_lt_u); re(g); b.i64(s64(EXP_D)).op(Op.i64_eq, Op.i32_or); stepIf(g);
  // half an ulp of r; a quarter below a power of two (the spacing halves there)
  const h = let_(g, 'fh', (g2) => {
    re(g2); g2.b.i64(54n << 52n).i64(53n << 52n); band(rb, ki(FRAC_D))(g2); g2.b.op(Op.i64_eqz, Op.select, Op.i64_sub, F.f64_reinterpret_i64);
  });
  add(un(F.f64_abs)(e3), un(F.f64_abs)(e2))(g); h(g); b.op(F.f64_ge); stepIf(g);
  put(g, r.d, rb);
  add(e3, e2)(g); f64const(g, 0); b.op(F.f64_ne); raiseIf(g, FPSR_IXC);
  b.end();
}

// ---- FABS FNEG FSQRT FCVT (single <-> double): x = ftype << 8 | opcode
function fp1(g: Gen, r: Rec): void {
  const op = r.x & 63, dbl = isD(r);
  fpCheck(g);
  const sign = dbl ? 1n << 63n : 0x80000000n;
  const src: X = (g2) => { if (dbl) vget64(g2, r.n); else vget32(g2, r.n); };
  switch (op) {
    case 1: put(g, r.d, band(src, ki(~sign & (dbl ? ABS_D : ABS_S)))); return;
    case 2: put(g, r.d, bin(Op.i64_xor)(src, ki(sign))); return;
    case 3: fsqrt(g, r, dbl); return;
    case 4: { // FCVT Sd, Dn: a normal single result, or a zero, is rounded natively (IXC if changed)
      fpcrCheck(g, FPCR_RN_NOFZ);
      const d = let_(g, 'fa', (g2) => { ldF(g2, r.n, true); });
      const s = let_(g, 'fr32', un(F.f32_demote_f64)(d), F32);
      const rb = let_(g, 'rb', bits32(s), T.i64);
      aboveMin(rb, false)(g); d(g); f64const(g, 0); g.b.op(F.f64_eq, Op.i32_or, Op.i32_eqz); stepIf(g);
      put(g, r.d, rb);
      s(g); g.b.op(F.f64_promote_f32); d(g); g.b.op(F.f64_ne); raiseIf(g, FPSR_IXC);
      return;
    }
    case 5: { // FCVT Dd, Sn: exact for everything but NaNs (and denormals under FZ)
      fpcrCheck(g, FPCR_FZ);
      const d = let_(g, 'fa', (g2) => { ldF(g2, r.n, false); });
      d(g); d(g); g.b.op(F.f64_ne); stepIf(g);
      put(g, r.d, bits64(d));
      return;
    }
  }
}

function fsqrt(g: Gen, r: Rec, dbl: boolean): void {
  // round to nearest, positive normal operand: exact iff the root squares back exactly
  fpcrCheck(g, FPCR_RN_NOFZ);
  const ib = let_(g, 'ia', (g2) => { if (dbl) vget64(g2, r.n); else vget32(g2, r.n); }, T.i64);
  ib(g); g.b.i64(dbl ? 63n : 31n).op(Op.i64_shr_u, Op.i64_eqz); normal(ib, dbl)(g); g.b.op(Op.i32_and, Op.i32_eqz); stepIf(g);
  if (dbl) {
    const x = let_(g, 'fa', un(F.f64_reinterpret_i64)(ib));
    const rt = let_(g, 'fr', un(F.f64_sqrt)(x));
    const rb = let_(g, 'rb', bits64(rt), T.i64);
    put(g, r.d, rb);
    mul(rt, rt)(g); x(g); g.b.op(F.f64_ne); mulExact(rb, rb)(g); g.b.op(Op.i32_eqz, Op.i32_or); raiseIf(g, FPSR_IXC);
    return;
  }
  const w = let_(g, 'fw', (g2) => { ib(g2); g2.b.op(Op.i32_wrap_i64, F.f32_reinterpret_i32, F.f64_promote_f32, F.f64_sqrt); });
  const s = let_(g, 'fr32', un(F.f32_demote_f64)(w), F32);
  put(g, r.d, bits32(s));
  s(g); g.b.op(F.f64_promote_f32); w(g); g.b.op(F.f64_ne); raiseIf(g, FPSR_IXC);
}

// ---- compares: NZCV from an ordered compare; an unordered one (NaN) goes to the interpreter
function compare(g: Gen, r: Rec, isZero: boolean): void {
  const dbl = isD(r);
  const fa = let_(g, 'fa', (g2) => ldF(g2, r.n, dbl));
  const fb = let_(g, 'fb', (g2) => { if (isZero) f64const(g2, 0); else ldF(g2, r.m, dbl); });
  fa(g); fa(g); g.b.op(F.f64_ne); fb(g); fb(g); g.b.op(F.f64_ne, Op.i32_or); stepIf(g);
  fa(g); fb(g); g.b.op(F.f64_lt); g.setFlag(g.nf);
  fa(g); fb(g); g.b.op(F.f64_eq); g.setFlag(g.zf);
  fa(g); fb(g); g.b.op(F.f64_ge); g.setFlag(g.cf);
  g.b.i32(0); g.setFlag(g.vf);
}
const fcmp: Emit = (g, r) => { fpCheck(g); fpcrCheck(g, FPCR_FZ); compare(g, r, (r.x & 8) !== 0); };
const fccmp: Emit = (g, r) => {
  fpCheck(g); fpcrCheck(g, FPCR_FZ);
  g.cond(r.a); g.b.if_();
  compare(g, r, false);
  g.b.else_(); g.setNzcvImm(r.x & 15); g.b.end();
};
const fcsel: Emit = (g, r) => {
  fpCheck(g);
  const dbl = isD(r);
  const ld = (n: number): X => (g2) => { if (dbl) vget64(g2, n); else vget32(g2, n); };
  put(g, r.d, (g2) => { ld(r.n)(g2); ld(r.m)(g2); g2.cond(r.a); g2.b.op(Op.select); });
};

// ---- float <-> integer: x = sf << 12 | ftype << 8 | rmode << 3 | opcode, a = fraction bits
const fcvti: Emit = (g, r) => {
  const sf = ((r.x >> 12) & 1) !== 0, dbl = ((r.x >> 8) & 3) === 1, rm = (r.x >> 3) & 3, oc = r.x & 7, fbits = r.a;
  const b = g.b;
  fpCheck(g);
  if (oc === 2 || oc === 3) { // SCVTF / UCVTF of an integer exact in the format (no rounding)
    const signed = oc === 2;
    const xv = let_(g, 'cv', (g2) => { g2.x(r.n); if (!sf) g2.b.op(...(signed ? [Op.i32_wrap_i64, Op.i64_extend_i32_s] : [Op.i32_wrap_i64, Op.i64_extend_i32_u])); }, T.i64);
    const neg = let_(g, 'cneg', (g2) => { if (signed) { xv(g2); g2.b.i64(0n).op(F.i64_lt_s); } else g2.b.i32(0); }, T.i32);
    const mag = let_(g, 'cmag', (g2) => { g2.b.i64(0n); xv(g2); g2.b.op(Op.i64_sub); xv(g2); neg(g2); g2.b.op(Op.select); }, T.i64);
    mag(g); b.i64(dbl ? 1n << 53n : 1n << 24n).op(Op.i64_ge_u); stepIf(g);
    const fr = let_(g, 'fr', un(F.f64_convert_i64_s)(mag));
    const res: X = (g2) => { fr(g2); g2.b.op(F.f64_neg); fr(g2); neg(g2); g2.b.op(Op.select); };
    put(g, r.d, dbl ? bits64(res) : bits32(un(F.f32_demote_f64)(res)));
    return;
  }
  // FPToFixed natively: the scaled value below 2^52 in magnitude (rounding to integral is exact
  // in f64) and the rounded value inside the destination's range; else the interpreter
  fpcrCheck(g, FPCR_FZ);
  const mode = oc >= 4 ? 4 : rm, unsigned = (oc & 1) !== 0;
  const fv = let_(g, 'fa', (g2) => { ldF(g2, r.n, dbl); if (fbits) { f64const(g2, 2 ** fbits); g2.b.op(F.f64_mul); } });
  fv(g); b.op(F.f64_abs); f64const(g, 4503599627370496.0); b.op(F.f64_lt, Op.i32_eqz); stepIf(g);
  let rounded: X;
  if (mode === 4) { // ties away from zero
    const t = let_(g, 'ft', un(F.f64_trunc)(fv));
    rounded = (g2) => {
      t(g2); k64(-1)(g2); k64(1)(g2); fv(g2); f64const(g2, 0); g2.b.op(F.f64_lt, Op.select, F.f64_add);
      t(g2);
      sub(fv, t)(g2); g2.b.op(F.f64_abs); f64const(g2, 0.5); g2.b.op(F.f64_ge, Op.select);
    };
  } else rounded = un([F.f64_nearest, F.f64_ceil, F.f64_floor, F.f64_trunc][mode])(fv);
  const rr = let_(g, 'fr', rounded);
  const lo = unsigned ? 0 : sf ? -9223372036854775808.0 : -2147483648.0;
  const hi = sf ? 4503599627370496.0 : unsigned ? 4294967295.0 : 2147483647.0;
  rr(g); f64const(g, lo); b.op(F.f64_ge); rr(g); f64const(g, hi); b.op(F.f64_le, Op.i32_and, Op.i32_eqz); stepIf(g);
  rr(g); fv(g); b.op(F.f64_ne); raiseIf(g, FPSR_IXC);
  rr(g); b.op(F.i64_trunc_f64_s); if (!sf) b.mask32x();
  g.setx(r.d);
};

export const FP: Record<string, Emit> = {
  FP2: fp2, FP3: fp3, FP1: fp1, FCMP: fcmp, FCCMP: fccmp, FCSEL: fcsel, FCVTI: fcvti,
  FMOV_IMM: (g, r) => { fpCheck(g); put(g, r.d, ki(r.x ? r.imm : r.imm & 0xffffffffn)); },
  FMOV_REG: (g, r) => { fpCheck(g); put(g, r.d, (g2) => { if (r.x) vget64(g2, r.n); else vget32(g2, r.n); }); },
  FMOV_TO_GEN: (g, r) => { fpCheck(g); if (r.x === 0) vget32(g, r.n); else vget64(g, r.n, r.x === 2); g.setx(r.d); },
  FMOV_FROM_GEN: (g, r) => {
    fpCheck(g);
    if (r.x === 2) { g.b.i32(vaddr(r.d)); g.x(r.n); g.b.mem(Op.i64_store, 8); return; }
    put(g, r.d, (g2) => { g2.x(r.n); if (r.x === 0) g2.b.mask32x(); });
  },
};
/** which records of the kinds above are translated (the rest end a block: the interpreter) */
export const FP_ACCEPT: Record<string, (r: Rec) => boolean> = {
  FP1: (r) => { const op = r.x & 63, t = r.x >> 8; return (t <= 1 && op >= 1 && op <= 3) || (op === 4 && t === 1) || (op === 5 && t === 0); },
  FCVTI: (r) => { const oc = r.x & 7; return !((oc === 2 || oc === 3) && r.a !== 0); },
};
