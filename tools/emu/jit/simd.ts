// Translation of the common integer AdvSIMD instructions as wasm v128 operations, with the
// interpreter's semantics (tools/emu/core/exec_fp.ts vlogic/vaddsub/dup*/ins*/umov/smov, exec.ts
// MOVI/ORR/BIC/DUP, exec_simdls.ts LD1/ST1): lane operations are exact in v128, and a 64-bit
// form (Q = 0) clears the register's upper half as the interpreter does. No FPSR effects.
// LD1/ST1 (multiple structures, one to four registers) are contiguous copies: translated when
// the whole access lies in one page with a soft-TLB hit and the address is element-aligned
// (then every element access of the interpreter would have hit the same entry); otherwise, and
// for LD2-LD4/ST2-ST4 and every other OP_SIMD word, the interpreter runs the instruction.
import { Op, T } from './wasm.ts';
import { FN, type Gen } from './gen.ts';
import { TLB_W_OFF, type Rec } from './records.ts';
import type { Emit } from './alu.ts';
import { S, V128, fpCheck, simd, simdMem, stepIf, vaddr } from './vregs.ts';

const vload = (g: Gen, n: number) => { g.b.i32(vaddr(n)); simdMem(g, S.load); };
/** V[d] = the v128 on the stack (under an i32 address pushed before it); Q = 0: upper half 0 */
function vstore(g: Gen, d: number, q: number, value: () => void): void {
  g.b.i32(vaddr(d)); value(); simdMem(g, S.store);
  if (!q) g.b.i32(vaddr(d)).i64(0n).mem(Op.i64_store, 8);
}
const LOAD_E = [Op.i64_load8_u, Op.i64_load16_u, Op.i64_load32_u, Op.i64_load];
const STORE_E = [Op.i64_store8, Op.i64_store16, Op.i64_store32, Op.i64_store];
const SPLAT = [S.i8x16_splat, S.i16x8_splat, S.i32x4_splat, S.i64x2_splat];
const ADD = [S.i8x16_add, S.i16x8_add, S.i32x4_add, S.i64x2_add], SUB = [S.i8x16_sub, S.i16x8_sub, S.i32x4_sub, S.i64x2_sub];

/** push an i64 and splat it to lanes of 8 << size bits */
function splat(g: Gen, size: number, push: () => void): void {
  push();
  if (size < 3) g.b.op(Op.i32_wrap_i64);
  simd(g, SPLAT[size]);
}

// VLOGIC x = U << 2 | opc2: AND BIC ORR ORN EOR BSL BIT BIF
const LOGIC: Array<(g: Gen, r: Rec) => void> = [
  (g, r) => { vload(g, r.n); vload(g, r.m); simd(g, S.and); },
  (g, r) => { vload(g, r.n); vload(g, r.m); simd(g, S.andnot); },
  (g, r) => { vload(g, r.n); vload(g, r.m); simd(g, S.or); },
  (g, r) => { vload(g, r.n); vload(g, r.m); simd(g, S.not); simd(g, S.or); },
  (g, r) => { vload(g, r.n); vload(g, r.m); simd(g, S.xor); },
  (g, r) => { vload(g, r.n); vload(g, r.m); vload(g, r.d); simd(g, S.bitselect); }, // (d & n) | (~d & m)
  (g, r) => { vload(g, r.n); vload(g, r.d); vload(g, r.m); simd(g, S.bitselect); }, // (n & m) | (d & ~m)
  (g, r) => { vload(g, r.d); vload(g, r.n); vload(g, r.m); simd(g, S.bitselect); }, // (d & m) | (n & ~m)
];

/** push element idx (of 8 << size bits, zero-extended to i64) of V register n */
function elem(g: Gen, n: number, size: number, idx: number): void { g.b.i32(vaddr(n) + (idx << size)).mem(LOAD_E[size]); }

const immOp = (kind: 'mov' | 'orr' | 'bic'): Emit => (g, r) => {
  fpCheck(g);
  const imm = BigInt.asIntN(64, kind === 'bic' ? ~r.imm : r.imm);
  vstore(g, r.d, r.a, () => {
    g.b.i64(imm); simd(g, S.i64x2_splat);
    if (kind === 'orr') { vload(g, r.d); simd(g, S.or); }
    if (kind === 'bic') { vload(g, r.d); simd(g, S.and); }
  });
};

// ---- LD1/ST1 multiple structures: the word in r.imm
const RPT: Record<number, number> = { 0b0111: 1, 0b1010: 2, 0b0110: 3, 0b0010: 4 };
function isLd1Multiple(w: number): boolean { return ((w & 0xbf000000) >>> 0) === 0x0c000000 && RPT[(w >> 12) & 15] !== undefined; }

function ld1st1(g: Gen, r: Rec): void {
  const w = Number(r.imm);
  const t = w & 31, n = (w >> 5) & 31, m = (w >> 16) & 31;
  const q = (w >> 30) & 1, isLoad = (w >> 22) & 1, post = (w >> 23) & 1, size = (w >> 10) & 3;
  const regs = RPT[(w >> 12) & 15], per = q ? 16 : 8, total = regs * per;
  const slot = n === 31 ? 33 : n;
  const b = g.b;
  fpCheck(g);
  const va = g.tmp('sva'), host = g.tmp('shost', T.i32), ent = g.tmp('sent', T.i32);
  g.x(slot); b.set(va);
  // te = the soft-TLB entry (read or write table) of the page; the access must hit it whole
  b.get(g.tlb).get(va).i64(12n).op(Op.i64_shr_u, Op.i32_wrap_i64).i32(4095).op(Op.i32_and).i32(4).op(Op.i32_shl, Op.i32_add).set(ent);
  const tab = isLoad ? 0 : TLB_W_OFF;
  b.get(ent).mem(Op.i64_load, tab);
  b.get(va).i64(~0xfffn).op(Op.i64_and).get(g.ctx).op(Op.i64_or, Op.i64_ne);
  b.get(va).i64(0xfffn).op(Op.i64_and).i64(BigInt(4096 - total)).op(Op.i64_gt_u, Op.i32_or);
  if (size) b.get(va).op(Op.i32_wrap_i64).i32((1 << size) - 1).op(Op.i32_and, Op.i32_or);
  stepIf(g);
  b.get(va).get(ent).mem(Op.i64_load, tab + 8).op(Op.i64_add, Op.i32_wrap_i64).set(host);
  for (let i = 0; i < regs; i++) {
    const v = (t + i) & 31;
    if (isLoad) {
      if (q) vstore(g, v, 1, () => { b.get(host); simdMem(g, S.load, i * 16); });
      else { b.i32(vaddr(v)).get(host).mem(Op.i64_load, i * 8).mem(Op.i64_store); b.i32(vaddr(v)).i64(0n).mem(Op.i64_store, 8); }
    } else if (q) { b.get(host); vload(g, v); simdMem(g, S.store, i * 16); }
    else { b.get(host); b.i32(vaddr(v)).mem(Op.i64_load); b.mem(Op.i64_store, i * 8); }
  }
  if (!isLoad) { // other cores' exclusive monitors on the granules written (first and last byte)
    b.get(g.excl).if_();
    b.get(host).call(FN.storeHook);
    b.get(host).i32(total - 1).op(Op.i32_add).call(FN.storeHook);
    b.end();
  }
  if (post) { b.get(va); if (m === 31) b.i64(BigInt(total)); else g.x(m); b.op(Op.i64_add); g.setx(slot); }
}

export const SIMD: Record<string, Emit> = {
  MOVI_V: immOp('mov'), ORRI_V: immOp('orr'), BICI_V: immOp('bic'),
  DUP_GEN: (g, r) => { fpCheck(g); vstore(g, r.d, r.a, () => splat(g, r.x, () => { g.x(r.n); })); },
  DUP_ELEM: (g, r) => { fpCheck(g); vstore(g, r.d, r.a, () => splat(g, r.x, () => elem(g, r.n, r.x, Number(r.imm)))); },
  VLOGIC: (g, r) => { fpCheck(g); vstore(g, r.d, r.a, () => LOGIC[r.x & 7](g, r)); },
  VNOT: (g, r) => { fpCheck(g); vstore(g, r.d, r.a, () => { vload(g, r.n); simd(g, S.not); }); },
  VADDSUB: (g, r) => { fpCheck(g); vstore(g, r.d, r.a, () => { vload(g, r.n); vload(g, r.m); simd(g, (r.x & 4 ? SUB : ADD)[r.x & 3]); }); },
  INS_GEN: (g, r) => { fpCheck(g); g.b.i32(vaddr(r.d) + (Number(r.imm) << r.x)); g.x(r.n); g.b.mem(STORE_E[r.x]); },
  INS_ELEM: (g, r) => {
    fpCheck(g);
    const idx = Number(r.imm);
    g.b.i32(vaddr(r.d) + ((idx & 0xff) << r.x)); elem(g, r.n, r.x, idx >> 8); g.b.mem(STORE_E[r.x]);
  },
  UMOV: (g, r) => { fpCheck(g); elem(g, r.n, r.x, Number(r.imm)); g.setx(r.d); },
  SMOV: (g, r) => {
    fpCheck(g);
    elem(g, r.n, r.x, Number(r.imm)); g.b.op([0xc2, 0xc3, 0xc4][r.x]); // i64.extend8/16/32_s
    if (!r.a) g.b.mask32x();
    g.setx(r.d);
  },
  SIMD: ld1st1,
};
export const SIMD_ACCEPT: Record<string, (r: Rec) => boolean> = {
  SIMD: (r) => isLd1Multiple(Number(r.imm)),
};
void V128;
