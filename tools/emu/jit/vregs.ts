// What the FP, AdvSIMD and system-instruction translators (fp.ts, simd.ts, sys.ts) share: the
// wasm opcodes for f32/f64/v128 (wasm.ts holds the integer ones), V registers in the core's
// memory, and the guards that leave an instruction to the interpreter (FP access trap, FPCR
// modes the translation does not implement).
import { Op, type ValType } from './wasm.ts';
import type { Gen } from './gen.ts';
import { ACT, O_V0 } from './records.ts';

// must match tools/emu/core/layout.ts
export const O_FPCR = 0x1b0, O_FPSR = 0x1b4;
export const FPSR_IOC = 1, FPSR_IXC = 16;
/** FPCR.RMode (bits 23:22) and FZ (bit 24): the translation implements round to nearest
 *  without flush-to-zero only (as the interpreter's native fast paths do) */
export const FPCR_RN_NOFZ = 0x01c00000;
export const FPCR_FZ = 0x01000000;

export const F32 = 0x7d as unknown as ValType, F64 = 0x7c as unknown as ValType, V128 = 0x7b as unknown as ValType;

export const F = {
  f32_load: 0x2a, f64_load: 0x2b, f32_store: 0x38, f64_store: 0x39,
  f32_eq: 0x5b, f32_ne: 0x5c, f32_lt: 0x5d, f32_gt: 0x5e,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  f32_abs: 0x8b, f32_neg: 0x8c, f32_sqrt: 0x91, f32_add: 0x92, f32_sub: 0x93, f32_mul: 0x94, f32_div: 0x95, f32_min: 0x96, f32_max: 0x97,
  f64_abs: 0x99, f64_neg: 0x9a, f64_ceil: 0x9b, f64_floor: 0x9c, f64_trunc: 0x9d, f64_nearest: 0x9e, f64_sqrt: 0x9f,
  f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3, f64_min: 0xa4, f64_max: 0xa5,
  i64_trunc_f64_s: 0xb0, f64_convert_i64_s: 0xb9, f32_demote_f64: 0xb6, f64_promote_f32: 0xbb,
  i32_reinterpret_f32: 0xbc, i64_reinterpret_f64: 0xbd, f32_reinterpret_i32: 0xbe, f64_reinterpret_i64: 0xbf,
  i64_ctz: 0x7a, i32_ge_u: 0x4f, i32_gt_u: 0x4b, i64_lt_s: 0x53, i64_ge_s: 0x59,
} as const;

/** v128 instructions (prefix 0xfd, LEB128 opcode) */
export const S = {
  load: 0x00, store: 0x0b, const: 0x0c, i8x16_splat: 0x0f, i16x8_splat: 0x10, i32x4_splat: 0x11, i64x2_splat: 0x12,
  not: 0x4d, and: 0x4e, andnot: 0x4f, or: 0x50, xor: 0x51, bitselect: 0x52,
  i8x16_add: 0x6e, i8x16_sub: 0x71, i16x8_add: 0x8e, i16x8_sub: 0x91, i32x4_add: 0xae, i32x4_sub: 0xb1, i64x2_add: 0xce, i64x2_sub: 0xd1,
} as const;
export function simd(g: Gen, op: number): void {
  g.b.op(0xfd);
  do { let x = op & 0x7f; op >>>= 7; if (op) x |= 0x80; g.b.op(x); } while (op);
}
/** v128 load/store with alignment hint 0 and an offset */
export function simdMem(g: Gen, op: number, offset = 0): void {
  simd(g, op); g.b.op(0); g.b.op(...uleb(offset));
}
function uleb(v: number): number[] {
  const out: number[] = [];
  do { let x = v & 0x7f; v = Math.floor(v / 128); if (v) x |= 0x80; out.push(x); } while (v);
  return out;
}

export function f64const(g: Gen, v: number): void {
  const dv = new DataView(new ArrayBuffer(8)); dv.setFloat64(0, v, true);
  g.b.op(0x44); for (let i = 0; i < 8; i++) g.b.op(dv.getUint8(i));
}

/** address of V register n (an i32 constant: registers live in the core state, not in locals) */
export const vaddr = (n: number) => ACT + O_V0 + n * 16;
/** push the low 64 bits (hi: the high 64) of V register n */
export function vget64(g: Gen, n: number, hi = false): void { g.b.i32(vaddr(n)).mem(Op.i64_load, hi ? 8 : 0); }
/** push the low 32 bits of V register n as i64 (zero-extended) */
export function vget32(g: Gen, n: number): void { g.b.i32(vaddr(n)).mem(Op.i64_load32_u); }
/** V register n = the i64 in local l (a scalar write: bits 64..127 cleared) */
export function vsetScalar(g: Gen, n: number, l: number): void {
  g.b.i32(vaddr(n)).get(l).mem(Op.i64_store);
  g.b.i32(vaddr(n)).i64(0n).mem(Op.i64_store, 8);
}

/** FP/SIMD accesses that trap at this EL are left to the interpreter (which raises the trap) */
export function fpCheck(g: Gen): void { g.b.get(g.fptrap).if_(); g.step(); g.b.end(); }
/** leave the instruction to the interpreter when FPCR has any of `mask` set */
export function fpcrCheck(g: Gen, mask: number): void {
  g.b.i32(ACT + O_FPCR).mem(Op.i32_load).i32(mask).op(Op.i32_and).if_(); g.step(); g.b.end();
}
/** FPSR |= bits when the i32 on the stack is non-zero (consumes it) */
export function raiseIf(g: Gen, bits: number): void {
  const b = g.b;
  b.if_();
  b.i32(ACT + O_FPSR).i32(ACT + O_FPSR).mem(Op.i32_load).i32(bits).op(Op.i32_or).mem(Op.i32_store);
  b.end();
}
/** leave to the interpreter when the i32 on the stack is non-zero (consumes it) */
export function stepIf(g: Gen): void { g.b.if_(); g.step(); g.b.end(); }
