// Translation of integer data processing and branches, record by record, with the exact
// semantics of the interpreter's handlers (tools/emu/core/exec.ts).
import { Op } from './wasm.ts';
import type { Gen } from './gen.ts';
import type { Rec } from './records.ts';

export type Emit = (g: Gen, r: Rec) => void;
const M32 = 0xffffffffn;
const s64 = (v: bigint) => BigInt.asIntN(64, v);

/** push shiftReg64(X[slot], x) */
function shift64(g: Gen, slot: number, x: number): void {
  const amt = x & 63;
  g.x(slot);
  if (amt === 0) return;
  g.b.i64(BigInt(amt)).op([Op.i64_shl, Op.i64_shr_u, Op.i64_shr_s, Op.i64_rotr][x >> 8]);
}
/** push shiftReg32(X[slot], x), zero-extended */
function shift32(g: Gen, slot: number, x: number): void {
  const amt = x & 31;
  g.x(slot).b.op(Op.i32_wrap_i64);
  if (amt) g.b.i32(amt).op([Op.i32_shl, Op.i32_shr_u, Op.i32_shr_s, Op.i32_rotr][x >> 8]);
  g.b.op(Op.i64_extend_i32_u);
}
/** push extendReg(X[slot], x) */
export function extend(g: Gen, slot: number, x: number): void {
  const sh = x & 7, opt = (x >> 8) & 7;
  g.x(slot);
  const b = g.b;
  switch (opt) {
    case 0: b.i64(0xffn).op(Op.i64_and); break;
    case 1: b.i64(0xffffn).op(Op.i64_and); break;
    case 2: b.mask32x(); break;
    case 4: b.op(0xc2); break; // i64.extend8_s
    case 5: b.op(0xc3); break; // i64.extend16_s
    case 6: b.op(0xc4); break; // i64.extend32_s
    default: break;
  }
  if (sh) b.i64(BigInt(sh)).op(Op.i64_shl);
}

/** d = f(...) pushed by `val`, 32-bit results masked */
const def = (w: boolean, val: (g: Gen, r: Rec) => void): Emit => (g, r) => { val(g, r); if (w) g.b.mask32x(); g.setx(r.d); };
/** flag-setting add/sub: ta = first operand, tb = second (pushed by `opnd`), cin */
const flagOp = (w: boolean, cin: 0 | 1 | 'c', first: (g: Gen, r: Rec) => void, second: (g: Gen, r: Rec) => void, inv: boolean, dest = true): Emit => (g, r) => {
  first(g, r); g.b.set(g.ta);
  second(g, r); if (inv) g.b.i64(-1n).op(Op.i64_xor); g.b.set(g.tb);
  if (w) g.adds32(cin); else g.adds64(cin);
  if (dest) { g.b.get(g.tr); g.setx(r.d); }
};
const xn = (g: Gen, r: Rec) => { g.x(r.n); };
const xm = (g: Gen, r: Rec) => { g.x(r.m); };
const imm = (g: Gen, r: Rec) => { g.b.i64(r.imm); };
const bin = (op: number, second: (g: Gen, r: Rec) => void) => (g: Gen, r: Rec) => { g.x(r.n); second(g, r); g.b.op(op); };
const sh64 = (g: Gen, r: Rec) => shift64(g, r.m, r.x);
const sh32 = (g: Gen, r: Rec) => shift32(g, r.m, r.x);
const ext = (g: Gen, r: Rec) => extend(g, r.m, r.x);
/** shifted register operand of a logical op, inverted when r.a (the N bit) */
const logOpnd = (w: boolean) => (g: Gen, r: Rec) => { (w ? sh32 : sh64)(g, r); if (r.a) g.b.i64(-1n).op(Op.i64_xor); };

function logicalS(w: boolean, second: (g: Gen, r: Rec) => void): Emit {
  return (g, r) => {
    g.x(r.n); second(g, r); g.b.op(Op.i64_and);
    if (w) g.b.mask32x();
    g.b.set(g.tr);
    if (w) g.nz32(g.tr); else g.nz64(g.tr);
    g.cv0();
    g.b.get(g.tr); g.setx(r.d);
  };
}

function csel(w: boolean, other: (g: Gen, r: Rec) => void): Emit {
  return (g, r) => {
    const b = g.b;
    g.x(r.n); if (w) b.mask32x();
    other(g, r); if (w) b.mask32x();
    g.cond(r.a);
    b.op(Op.select);
    g.setx(r.d);
  };
}

function ccmp(w: boolean, neg: boolean): Emit {
  return (g, r) => {
    const b = g.b;
    g.cond(r.a);
    b.if_();
    g.x(r.n); b.set(g.ta);
    g.x(r.m); b.i64(r.imm).op(Op.i64_add);
    if (neg) b.i64(-1n).op(Op.i64_xor);
    b.set(g.tb);
    if (w) g.adds32(neg ? 1 : 0); else g.adds64(neg ? 1 : 0);
    b.else_();
    g.setNzcvImm(r.x);
    b.end();
  };
}

/** 64x64 -> high 64 bits (unsigned, or signed when `signed`) of ta * tb; pushes it */
function mulh(g: Gen, signed: boolean): void {
  const b = g.b, { ta, tb, tr, tw, tw2 } = g;
  // tw = p00 >>> 32 + lo(p01) + lo(p10) (the middle sum), tr = high part
  const lo = (l: number) => { b.get(l).mask32x(); };
  const hi = (l: number) => { b.get(l).i64(32n).op(Op.i64_shr_u); };
  // p01 = a0*b1, p10 = a1*b0
  lo(ta); hi(tb); b.op(Op.i64_mul).set(tw);   // p01
  hi(ta); lo(tb); b.op(Op.i64_mul).set(tw2);  // p10
  lo(ta); lo(tb); b.op(Op.i64_mul).i64(32n).op(Op.i64_shr_u); // p00 >>> 32
  lo(tw); b.op(Op.i64_add); lo(tw2); b.op(Op.i64_add);          // mid
  b.i64(32n).op(Op.i64_shr_u);                                   // mid >>> 32
  hi(ta); hi(tb); b.op(Op.i64_mul, Op.i64_add);                   // + p11
  hi(tw); b.op(Op.i64_add); hi(tw2); b.op(Op.i64_add);
  if (signed) {
    b.set(tr);
    b.get(tr).get(tb).op(Op.i64_sub).get(tr).get(ta).i64(0n).op(Op.i64_lt_s, Op.select).set(tr);
    b.get(tr).get(ta).op(Op.i64_sub).get(tr).get(tb).i64(0n).op(Op.i64_lt_s, Op.select);
  }
}

function divide(w: boolean, signed: boolean): Emit {
  return (g, r) => {
    const b = g.b, { ta, tb } = g;
    if (w) { g.x(r.n).b.op(Op.i32_wrap_i64); signed ? b.op(Op.i64_extend_i32_s) : b.op(Op.i64_extend_i32_u); b.set(ta); g.x(r.m).b.op(Op.i32_wrap_i64); signed ? b.op(Op.i64_extend_i32_s) : b.op(Op.i64_extend_i32_u); b.set(tb); }
    else { g.x(r.n).b.set(ta); g.x(r.m).b.set(tb); }
    b.get(tb).op(Op.i64_eqz);
    b.if_(0x7e); b.i64(0n).else_();
    if (signed) {
      b.get(tb).i64(-1n).op(Op.i64_eq);
      b.if_(0x7e); b.i64(0n).get(ta).op(Op.i64_sub).else_().get(ta).get(tb).op(Op.i64_div_s).end();
    } else b.get(ta).get(tb).op(Op.i64_div_u);
    b.end();
    if (w) b.mask32x();
    g.setx(r.d);
  };
}

const varShift = (w: boolean, op64: number, op32: number): Emit => (g, r) => {
  const b = g.b;
  if (w) { g.x(r.n).b.op(Op.i32_wrap_i64); g.x(r.m).b.op(Op.i32_wrap_i64, op32, Op.i64_extend_i32_u); }
  else { g.x(r.n); g.x(r.m); b.op(op64); }
  g.setx(r.d);
};

function rbit(g: Gen, r: Rec, w: boolean): void {
  const b = g.b;
  g.x(r.n);
  const steps: Array<[bigint, bigint]> = [[1n, 0x5555555555555555n], [2n, 0x3333333333333333n], [4n, 0x0f0f0f0f0f0f0f0fn], [8n, 0x00ff00ff00ff00ffn], [16n, 0x0000ffff0000ffffn], [32n, 0x00000000ffffffffn]];
  for (const [s, m] of steps) {
    b.set(g.ta);
    b.get(g.ta).i64(s).op(Op.i64_shr_u).i64(s64(m)).op(Op.i64_and);
    b.get(g.ta).i64(s64(m)).op(Op.i64_and).i64(s).op(Op.i64_shl, Op.i64_or);
  }
  if (w) b.i64(32n).op(Op.i64_shr_u);
  g.setx(r.d);
}

function condBranch(test: (g: Gen, r: Rec) => void): Emit {
  return (g, r) => {
    test(g, r);
    g.b.if_();
    g.jumpRel(BigInt.asIntN(64, r.imm));
    g.b.end();
    g.jump(r.idx + 1);
  };
}

function indirect(link: boolean): Emit {
  return (g, r) => {
    const b = g.b;
    g.x(r.n); b.set(g.tb);
    if (link) { g.pc(r.idx, 4n); g.setx(30); }
    // inside this page and aligned: dispatch there; else leave with PC = target
    b.get(g.tb).get(g.pVa).op(Op.i64_xor).i64(~0xfffn | 3n).op(Op.i64_and, Op.i64_eqz);
    b.if_();
    b.get(g.tb).op(Op.i32_wrap_i64).i32(0xfff).op(Op.i32_and).i32(2).op(Op.i32_shr_u).set(g.idx).br(g.loop);
    b.end();
    g.exit(() => { b.get(g.tb); }, 0);
  };
}

export const ALU: Record<string, Emit> = {
  NOP: () => {},
  ADDI_X: def(false, bin(Op.i64_add, imm)),
  ADDI_W: def(true, bin(Op.i64_add, imm)),
  ADDSI_X: flagOp(false, 0, xn, imm, false),
  ADDSI_W: flagOp(true, 0, xn, imm, false),
  SUBSI_X: flagOp(false, 1, xn, imm, true),
  SUBSI_W: flagOp(true, 1, xn, imm, true),
  CMPI_BC_X: flagOp(false, 1, xn, (g, r) => { g.b.i64(r.imm & M32); }, true, false),
  CMPI_BC_W: flagOp(true, 1, xn, (g, r) => { g.b.i64(r.imm & M32); }, true, false),
  CMPR_BC_X: flagOp(false, 1, xn, xm, true, false),
  MOVI: def(false, imm),
  ANDI: def(false, bin(Op.i64_and, imm)),
  ORRI_X: def(false, bin(Op.i64_or, imm)),
  ORRI_W: def(true, bin(Op.i64_or, imm)),
  EORI_X: def(false, bin(Op.i64_xor, imm)),
  EORI_W: def(true, bin(Op.i64_xor, imm)),
  ANDSI_X: logicalS(false, imm),
  ANDSI_W: logicalS(true, imm),
  MOVK_X: def(false, (g, r) => { g.x(r.d).b.i64(s64(~(0xffffn << BigInt(r.x)))).op(Op.i64_and).i64(s64(r.imm)).op(Op.i64_or); }),
  MOVK_W: def(true, (g, r) => { g.x(r.d).b.i64(s64(~(0xffffn << BigInt(r.x)))).op(Op.i64_and).i64(s64(r.imm)).op(Op.i64_or); }),
  ADR: def(false, (g, r) => { g.pc(r.idx, s64(r.imm)); }),
  ADRP: def(false, (g, r) => { g.b.get(g.pVa).i64(s64(r.imm)).op(Op.i64_add); }),
  UBFX: def(false, (g, r) => { g.x(r.n).b.i64(BigInt(r.a)).op(Op.i64_shr_u).i64(s64(r.imm)).op(Op.i64_and); }),
  UBFIZ: def(false, (g, r) => { g.x(r.n).b.i64(s64(r.imm)).op(Op.i64_and).i64(BigInt(r.a)).op(Op.i64_shl); }),
  SBFX: def(false, (g, r) => { g.x(r.n).b.i64(BigInt(r.a)).op(Op.i64_shl).i64(BigInt(r.x)).op(Op.i64_shr_s).i64(s64(r.imm)).op(Op.i64_and); }),
  SBFIZ: def(false, (g, r) => { g.x(r.n).b.i64(BigInt(r.a)).op(Op.i64_shl).i64(BigInt(r.a)).op(Op.i64_shr_s).i64(BigInt(r.x)).op(Op.i64_shl).i64(s64(r.imm)).op(Op.i64_and); }),
  BFXIL: (g, r) => {
    g.x(r.d).b.i64(s64(~r.imm)).op(Op.i64_and);
    g.x(r.n).b.i64(BigInt(r.a)).op(Op.i64_shr_u).i64(s64(r.imm)).op(Op.i64_and, Op.i64_or);
    if (r.x) g.b.mask32x();
    g.setx(r.d);
  },
  BFI: (g, r) => {
    const sh = BigInt(r.a);
    g.x(r.d).b.i64(s64(~(r.imm << sh))).op(Op.i64_and);
    g.x(r.n).b.i64(s64(r.imm)).op(Op.i64_and).i64(sh).op(Op.i64_shl, Op.i64_or);
    if (r.x) g.b.mask32x();
    g.setx(r.d);
  },
  EXTR_X: def(false, (g, r) => {
    if (r.a === 0) { g.x(r.m); return; }
    g.x(r.m).b.i64(BigInt(r.a)).op(Op.i64_shr_u); g.x(r.n).b.i64(BigInt(64 - r.a)).op(Op.i64_shl, Op.i64_or);
  }),
  EXTR_W: def(true, (g, r) => {
    if (r.a === 0) { g.w(r.m); return; }
    g.w(r.m).b.i64(BigInt(r.a)).op(Op.i64_shr_u); g.x(r.n).b.i64(BigInt(32 - r.a)).op(Op.i64_shl, Op.i64_or);
  }),
  // ---- shifted / extended register
  LOG_AND_X: def(false, bin(Op.i64_and, logOpnd(false))),
  LOG_ORR_X: def(false, bin(Op.i64_or, logOpnd(false))),
  LOG_EOR_X: def(false, bin(Op.i64_xor, logOpnd(false))),
  LOG_ANDS_X: logicalS(false, logOpnd(false)),
  LOG_AND_W: def(true, bin(Op.i64_and, logOpnd(true))),
  LOG_ORR_W: def(true, bin(Op.i64_or, logOpnd(true))),
  LOG_EOR_W: def(true, bin(Op.i64_xor, logOpnd(true))),
  LOG_ANDS_W: logicalS(true, logOpnd(true)),
  MOV_X: def(false, xm),
  MOV_W: def(true, xm),
  ADD_X0: def(false, bin(Op.i64_add, xm)),
  SUB_X0: def(false, bin(Op.i64_sub, xm)),
  SUBS_X0: flagOp(false, 1, xn, xm, true),
  ADD_X: def(false, bin(Op.i64_add, sh64)),
  ADD_W: def(true, bin(Op.i64_add, sh32)),
  ADDS_X: flagOp(false, 0, xn, sh64, false),
  ADDS_W: flagOp(true, 0, xn, sh32, false),
  SUB_X: def(false, bin(Op.i64_sub, sh64)),
  SUB_W: def(true, bin(Op.i64_sub, sh32)),
  SUBS_X: flagOp(false, 1, xn, sh64, true),
  SUBS_W: flagOp(true, 1, xn, sh32, true),
  ADDE_X: def(false, bin(Op.i64_add, ext)),
  ADDE_W: def(true, bin(Op.i64_add, ext)),
  ADDSE_X: flagOp(false, 0, xn, ext, false),
  ADDSE_W: flagOp(true, 0, xn, ext, false),
  SUBE_X: def(false, bin(Op.i64_sub, ext)),
  SUBE_W: def(true, bin(Op.i64_sub, ext)),
  SUBSE_X: flagOp(false, 1, xn, ext, true),
  SUBSE_W: flagOp(true, 1, xn, ext, true),
  ADC_X: def(false, (g, r) => { g.x(r.n); g.x(r.m); g.b.op(Op.i64_add); g.flag(g.cf); g.b.op(Op.i64_extend_i32_u, Op.i64_add); }),
  ADC_W: def(true, (g, r) => { g.x(r.n); g.x(r.m); g.b.op(Op.i64_add); g.flag(g.cf); g.b.op(Op.i64_extend_i32_u, Op.i64_add); }),
  SBC_X: def(false, (g, r) => { g.x(r.n); g.x(r.m); g.b.i64(-1n).op(Op.i64_xor, Op.i64_add); g.flag(g.cf); g.b.op(Op.i64_extend_i32_u, Op.i64_add); }),
  SBC_W: def(true, (g, r) => { g.x(r.n); g.x(r.m); g.b.i64(-1n).op(Op.i64_xor, Op.i64_add); g.flag(g.cf); g.b.op(Op.i64_extend_i32_u, Op.i64_add); }),
  ADCS_X: flagOp(false, 'c', xn, xm, false),
  ADCS_W: flagOp(true, 'c', xn, xm, false),
  SBCS_X: flagOp(false, 'c', xn, xm, true),
  SBCS_W: flagOp(true, 'c', xn, xm, true),
  CCMN_X: ccmp(false, false), CCMN_W: ccmp(true, false), CCMP_X: ccmp(false, true), CCMP_W: ccmp(true, true),
  CSEL_X: csel(false, (g, r) => { g.x(r.m); }),
  CSINC_X: csel(false, (g, r) => { g.x(r.m).b.i64(1n).op(Op.i64_add); }),
  CSINV_X: csel(false, (g, r) => { g.x(r.m).b.i64(-1n).op(Op.i64_xor); }),
  CSNEG_X: csel(false, (g, r) => { g.b.i64(0n); g.x(r.m).b.op(Op.i64_sub); }),
  CSEL_W: csel(true, (g, r) => { g.x(r.m); }),
  CSINC_W: csel(true, (g, r) => { g.x(r.m).b.i64(1n).op(Op.i64_add); }),
  CSINV_W: csel(true, (g, r) => { g.x(r.m).b.i64(-1n).op(Op.i64_xor); }),
  CSNEG_W: csel(true, (g, r) => { g.b.i64(0n); g.x(r.m).b.op(Op.i64_sub); }),
  // ---- one source
  RBIT_X: (g, r) => rbit(g, r, false),
  RBIT_W: (g, r) => { const b = g.b; g.w(r.n); b.i64(32n).op(Op.i64_shl); b.set(g.tw); g.b.get(g.tw); rbitStack(g); g.setx(r.d); },
  REV16_X: def(false, (g, r) => { g.x(r.n).b.set(g.ta); g.b.get(g.ta).i64(0x00ff00ff00ff00ffn).op(Op.i64_and).i64(8n).op(Op.i64_shl).get(g.ta).i64(8n).op(Op.i64_shr_u).i64(0x00ff00ff00ff00ffn).op(Op.i64_and, Op.i64_or); }),
  REV16_W: def(false, (g, r) => { g.w(r.n).b.set(g.ta); g.b.get(g.ta).i64(0x00ff00ffn).op(Op.i64_and).i64(8n).op(Op.i64_shl).get(g.ta).i64(8n).op(Op.i64_shr_u).i64(0x00ff00ffn).op(Op.i64_and, Op.i64_or); }),
  REV32_X: def(false, (g, r) => { g.x(r.n).b.set(g.ta); bswap32(g, () => g.b.get(g.ta).i64(32n).op(Op.i64_shr_u)); g.b.i64(32n).op(Op.i64_shl); bswap32(g, () => g.b.get(g.ta)); g.b.op(Op.i64_or); }),
  REV_X: def(false, (g, r) => { g.x(r.n).b.set(g.ta); bswap32(g, () => g.b.get(g.ta)); g.b.i64(32n).op(Op.i64_shl); bswap32(g, () => g.b.get(g.ta).i64(32n).op(Op.i64_shr_u)); g.b.op(Op.i64_or); }),
  REV_W: def(false, (g, r) => { g.x(r.n).b.set(g.ta); bswap32(g, () => g.b.get(g.ta)); }),
  CLZ_X: def(false, (g, r) => { g.x(r.n).b.op(Op.i64_clz); }),
  CLZ_W: def(false, (g, r) => { g.x(r.n).b.op(Op.i32_wrap_i64, Op.i32_clz, Op.i64_extend_i32_u); }),
  CLS_X: def(false, (g, r) => { g.x(r.n).b.set(g.ta).get(g.ta).get(g.ta).i64(1n).op(Op.i64_shr_s, Op.i64_xor, Op.i64_clz).i64(1n).op(Op.i64_sub); }),
  CLS_W: def(false, (g, r) => { g.x(r.n).b.op(Op.i32_wrap_i64).set(g.th).get(g.th).get(g.th).i32(1).op(Op.i32_shr_s, Op.i32_xor, Op.i32_clz).i32(1).op(Op.i32_sub, Op.i64_extend_i32_u); }),
  // ---- two source
  UDIV_X: divide(false, false), UDIV_W: divide(true, false), SDIV_X: divide(false, true), SDIV_W: divide(true, true),
  LSLV_X: varShift(false, Op.i64_shl, Op.i32_shl), LSLV_W: varShift(true, Op.i64_shl, Op.i32_shl),
  LSRV_X: varShift(false, Op.i64_shr_u, Op.i32_shr_u), LSRV_W: varShift(true, Op.i64_shr_u, Op.i32_shr_u),
  ASRV_X: varShift(false, Op.i64_shr_s, Op.i32_shr_s), ASRV_W: varShift(true, Op.i64_shr_s, Op.i32_shr_s),
  RORV_X: varShift(false, Op.i64_rotr, Op.i32_rotr), RORV_W: varShift(true, Op.i64_rotr, Op.i32_rotr),
  // ---- three source
  MADD_X: def(false, (g, r) => { g.x(r.a); g.x(r.n); g.x(r.m); g.b.op(Op.i64_mul, Op.i64_add); }),
  MADD_W: def(true, (g, r) => { g.x(r.a); g.x(r.n); g.x(r.m); g.b.op(Op.i64_mul, Op.i64_add); }),
  MSUB_X: def(false, (g, r) => { g.x(r.a); g.x(r.n); g.x(r.m); g.b.op(Op.i64_mul, Op.i64_sub); }),
  MSUB_W: def(true, (g, r) => { g.x(r.a); g.x(r.n); g.x(r.m); g.b.op(Op.i64_mul, Op.i64_sub); }),
  SMADDL: def(false, (g, r) => { g.x(r.a); g.x(r.n).b.op(0xc4); g.x(r.m).b.op(0xc4, Op.i64_mul, Op.i64_add); }),
  SMSUBL: def(false, (g, r) => { g.x(r.a); g.x(r.n).b.op(0xc4); g.x(r.m).b.op(0xc4, Op.i64_mul, Op.i64_sub); }),
  UMADDL: def(false, (g, r) => { g.x(r.a); g.w(r.n); g.w(r.m); g.b.op(Op.i64_mul, Op.i64_add); }),
  UMSUBL: def(false, (g, r) => { g.x(r.a); g.w(r.n); g.w(r.m); g.b.op(Op.i64_mul, Op.i64_sub); }),
  UMULH: (g, r) => { g.x(r.n).b.set(g.ta); g.x(r.m).b.set(g.tb); mulh(g, false); g.setx(r.d); },
  SMULH: (g, r) => { g.x(r.n).b.set(g.ta); g.x(r.m).b.set(g.tb); mulh(g, true); g.setx(r.d); },
  // ---- branches
  B: (g, r) => g.jumpRel(BigInt.asIntN(64, r.imm)),
  BL: (g, r) => { g.pc(r.idx, 4n); g.setx(30); g.jumpRel(BigInt.asIntN(64, r.imm)); },
  BCOND: condBranch((g, r) => g.cond(r.a)),
  CBZ_X: condBranch((g, r) => { g.x(r.n).b.op(Op.i64_eqz); }),
  CBNZ_X: condBranch((g, r) => { g.x(r.n).b.op(Op.i64_eqz, Op.i32_eqz); }),
  CBZ_W: condBranch((g, r) => { g.x(r.n).b.op(Op.i32_wrap_i64, Op.i32_eqz); }),
  CBNZ_W: condBranch((g, r) => { g.x(r.n).b.op(Op.i32_wrap_i64, Op.i32_eqz, Op.i32_eqz); }),
  TBZ: condBranch((g, r) => { g.x(r.n).b.i64(BigInt(r.a)).op(Op.i64_shr_u).i64(1n).op(Op.i64_and, Op.i64_eqz); }),
  TBNZ: condBranch((g, r) => { g.x(r.n).b.i64(BigInt(r.a)).op(Op.i64_shr_u).i64(1n).op(Op.i64_and, Op.i64_eqz, Op.i32_eqz); }),
  BR: indirect(false), RET: indirect(false), BLR: indirect(true),
};

/** bit reverse of the i64 on the stack (64 bits) */
function rbitStack(g: Gen): void {
  const b = g.b;
  const steps: Array<[bigint, bigint]> = [[1n, 0x5555555555555555n], [2n, 0x3333333333333333n], [4n, 0x0f0f0f0f0f0f0f0fn], [8n, 0x00ff00ff00ff00ffn], [16n, 0x0000ffff0000ffffn], [32n, 0x00000000ffffffffn]];
  for (const [s, m] of steps) {
    b.set(g.ta);
    b.get(g.ta).i64(s).op(Op.i64_shr_u).i64(s64(m)).op(Op.i64_and);
    b.get(g.ta).i64(s64(m)).op(Op.i64_and).i64(s).op(Op.i64_shl, Op.i64_or);
  }
}
/** byte swap of the low 32 bits of the value `push` leaves, zero-extended (uses tw) */
function bswap32(g: Gen, push: () => void): void {
  const b = g.b;
  push(); b.op(Op.i32_wrap_i64).set(g.th);
  b.get(g.th).i32(24).op(Op.i32_shl);
  b.get(g.th).i32(0xff00).op(Op.i32_and).i32(8).op(Op.i32_shl, Op.i32_or);
  b.get(g.th).i32(8).op(Op.i32_shr_u).i32(0xff00).op(Op.i32_and, Op.i32_or);
  b.get(g.th).i32(24).op(Op.i32_shr_u, Op.i32_or, Op.i64_extend_i32_u);
}
