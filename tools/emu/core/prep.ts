// From a decoded form (decode.gen.ts: form id + field globals) to the compact record the
// dispatch loop executes: handler id, register slots (XZR/SP resolved), pre-computed immediates.
import * as D from './decode.gen';
import * as O from './ops';

@inline function zs(r: u32): u32 { return r; }                 // 31 reads as zero
@inline function zd(r: u32): u32 { return r == 31 ? 32 : r; }  // writes to XZR are dropped
@inline function sp(r: u32): u32 { return r == 31 ? 33 : r; }  // 31 is SP
@inline function sext(v: u64, bits: i32): i64 { return (<i64>(v << <u64>(64 - bits))) >> <i64>(64 - bits); }
@inline function ones(n: i32): u64 { return n >= 64 ? <u64>-1 : (<u64>1 << <u64>n) - 1; }

function put(r: usize, op: u16, d: u32, n: u32, m: u32, a: u32, x: u32, imm: u64): void {
  store<u16>(r, op);
  store<u8>(r, <u8>d, 2);
  store<u8>(r, <u8>n, 3);
  store<u8>(r, <u8>m, 4);
  store<u8>(r, <u8>a, 5);
  store<u16>(r, <u16>x, 6);
  store<u64>(r, imm, 8);
}
function undef(r: usize): void { put(r, O.OP_UNDEF, 0, 0, 0, 0, 0, 0); }

function ror(v: u64, r: i32, size: i32): u64 {
  if (r == 0) return v;
  let m = ones(size);
  return ((v >>> <u64>r) | (v << <u64>(size - r))) & m;
}
function replicate(v: u64, esize: i32): u64 {
  let out: u64 = 0;
  for (let i = 0; i < 64; i += esize) out |= v << <u64>i;
  return out;
}
/** DecodeBitMasks wmask for logical immediates; returns 0 with ok=false when reserved. */
let bm_ok = true;
function bitmaskImm(N: u32, imms: u32, immr: u32, datasize: i32): u64 {
  let combined = (N << 6) | (~imms & 63);
  if (combined == 0) { bm_ok = false; return 0; }
  let len = 31 - clz<i32>(<i32>combined);
  if (len < 1) { bm_ok = false; return 0; }
  let levels = (1 << len) - 1;
  let s = <i32>imms & levels, rr = <i32>immr & levels;
  if (s == levels) { bm_ok = false; return 0; }
  let esize = 1 << len;
  let welem = ones(s + 1);
  let e = ror(welem, rr, esize);
  let v = replicate(e, esize);
  bm_ok = true;
  return datasize == 32 ? v & 0xffffffff : v;
}

function advSimdImm(op: u32, cmode: u32, imm8: u64): u64 {
  let hi = cmode >> 1;
  switch (hi) {
    case 0: return replicate(imm8, 32);
    case 1: return replicate(imm8 << 8, 32);
    case 2: return replicate(imm8 << 16, 32);
    case 3: return replicate(imm8 << 24, 32);
    case 4: return replicate(imm8, 16);
    case 5: return replicate(imm8 << 8, 16);
    case 6: return (cmode & 1) == 0 ? replicate((imm8 << 8) | 0xff, 32) : replicate((imm8 << 16) | 0xffff, 32);
  }
  if ((cmode & 1) == 0) {
    if (op == 0) return replicate(imm8, 8);
    let r: u64 = 0;
    for (let i = 0; i < 8; i++) if ((imm8 >> <u64>i) & 1) r |= <u64>0xff << <u64>(i * 8);
    return r;
  }
  let a = (imm8 >> 7) & 1, b = (imm8 >> 6) & 1, cdefgh = imm8 & 63;
  if (op == 0) {
    let s: u64 = (a << 31) | ((b ^ 1) << 30) | ((b ? <u64>0x1f : 0) << 25) | (cdefgh << 19);
    return replicate(s, 32);
  }
  return (a << 63) | ((b ^ 1) << 62) | ((b ? <u64>0xff : 0) << 54) | (cdefgh << 48);
}

// The instruction after the one being decoded, when it is in the same page (for fusion).
let nextWord: u32 = 0;
let hasNext: bool = false;
export function setNext(w: u32, valid: bool): void { nextWord = w; hasNext = valid; }

/** If the next instruction is B.cond: its cond in the low 4 bits and offset << 4 above; else -1. */
function nextBcond(): i64 {
  if (!hasNext) return -1;
  if (D.decodeForm(nextWord) != D.FORM_B_cond) return -1;
  return (sext(<u64>D.f_imm19, 19) << 2 << 4) | <i64>D.f_cond;
}

/** Decode `w` into the record at `r`. */
export function prep(w: u32, r: usize): void {
  let f = D.decodeForm(w);
  let sf = D.f_sf;
  switch (f) {
    case D.FORM_ADR: put(r, O.OP_ADR, zd(D.f_Rd), 0, 0, 0, 0, <u64>sext(<u64>((D.f_immhi << 2) | D.f_immlo), 21)); return;
    case D.FORM_ADRP: put(r, O.OP_ADRP, zd(D.f_Rd), 0, 0, 0, 0, <u64>sext(<u64>((D.f_immhi << 2) | D.f_immlo), 21) << 12); return;
    case D.FORM_ADD_imm: case D.FORM_SUB_imm: {
      let imm = <u64>D.f_imm12 << <u64>(D.f_sh * 12);
      if (f == D.FORM_SUB_imm) imm = 0 - imm;
      put(r, sf ? O.OP_ADDI_X : O.OP_ADDI_W, sp(D.f_Rd), sp(D.f_Rn), 0, 0, 0, imm); return;
    }
    case D.FORM_ADDS_imm: case D.FORM_SUBS_imm: {
      let imm = <u64>D.f_imm12 << <u64>(D.f_sh * 12);
      let op = f == D.FORM_ADDS_imm ? (sf ? O.OP_ADDSI_X : O.OP_ADDSI_W) : (sf ? O.OP_SUBSI_X : O.OP_SUBSI_W);
      let rd = D.f_Rd, rn = D.f_Rn;
      if (f == D.FORM_SUBS_imm && rd == 31) {
        let bc = nextBcond();
        if (bc >= 0 || bc < -1) {
          put(r, sf ? O.OP_CMPI_BC_X : O.OP_CMPI_BC_W, 0, sp(rn), 0, <u32>(bc & 15), 0, (<u64>(bc >> 4) << 32) | imm); return;
        }
      }
      put(r, op, zd(rd), sp(rn), 0, 0, 0, imm); return;
    }
    case D.FORM_AND_imm: case D.FORM_ORR_imm: case D.FORM_EOR_imm: case D.FORM_ANDS_imm: {
      if (!sf && D.f_N) { undef(r); return; }
      let imm = bitmaskImm(D.f_N, D.f_imms, D.f_immr, sf ? 64 : 32);
      if (!bm_ok) { undef(r); return; }
      if (f == D.FORM_ANDS_imm) { put(r, sf ? O.OP_ANDSI_X : O.OP_ANDSI_W, zd(D.f_Rd), zs(D.f_Rn), 0, 0, 0, imm); return; }
      if (f == D.FORM_ORR_imm && D.f_Rn == 31) { put(r, O.OP_MOVI, sp(D.f_Rd), 0, 0, 0, 0, imm); return; }
      let op = f == D.FORM_AND_imm ? O.OP_ANDI : f == D.FORM_ORR_imm ? (sf ? O.OP_ORRI_X : O.OP_ORRI_W) : (sf ? O.OP_EORI_X : O.OP_EORI_W);
      put(r, op, sp(D.f_Rd), zs(D.f_Rn), 0, 0, 0, imm); return;
    }
    case D.FORM_MOVN: case D.FORM_MOVZ: case D.FORM_MOVK: {
      if (!sf && D.f_hw >= 2) { undef(r); return; }
      let sh = D.f_hw * 16;
      let imm = <u64>D.f_imm16 << <u64>sh;
      if (f == D.FORM_MOVK) { put(r, sf ? O.OP_MOVK_X : O.OP_MOVK_W, zd(D.f_Rd), 0, 0, 0, sh, imm); return; }
      if (f == D.FORM_MOVN) { imm = ~imm; if (!sf) imm &= 0xffffffff; }
      put(r, O.OP_MOVI, zd(D.f_Rd), 0, 0, 0, 0, imm); return;
    }
    case D.FORM_SBFM: case D.FORM_BFM: case D.FORM_UBFM: {
      if (sf != D.f_N) { undef(r); return; }
      if (!sf && (D.f_immr >= 32 || D.f_imms >= 32)) { undef(r); return; }
      let ds: i32 = sf ? 64 : 32;
      let R = <i32>D.f_immr, S = <i32>D.f_imms;
      let d = zd(D.f_Rd), n = zs(D.f_Rn);
      let tmask: u64 = sf ? <u64>-1 : 0xffffffff;
      if (f == D.FORM_UBFM) {
        if (S >= R) put(r, O.OP_UBFX, d, n, 0, R, 0, ones(S - R + 1));
        else put(r, O.OP_UBFIZ, d, n, 0, ds - R, 0, ones(S + 1));
      } else if (f == D.FORM_SBFM) {
        if (S >= R) put(r, O.OP_SBFX, d, n, 0, 63 - S, 63 - S + R, tmask);
        else put(r, O.OP_SBFIZ, d, n, 0, 63 - S, ds - R, tmask);
      } else {
        if (S >= R) put(r, O.OP_BFXIL, d, n, 0, R, sf ? 0 : 1, ones(S - R + 1));
        else put(r, O.OP_BFI, d, n, 0, ds - R, sf ? 0 : 1, ones(S + 1));
      }
      return;
    }
    case D.FORM_EXTR: {
      if (sf != D.f_N || (!sf && D.f_imms >= 32)) { undef(r); return; }
      put(r, sf ? O.OP_EXTR_X : O.OP_EXTR_W, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), D.f_imms, 0, 0); return;
    }
    case D.FORM_B_cond: put(r, O.OP_BCOND, 0, 0, 0, D.f_cond, 0, <u64>(sext(<u64>D.f_imm19, 19) << 2)); return;
    case D.FORM_SVC: put(r, O.OP_SVC, 0, 0, 0, 0, 0, <u64>D.f_imm16); return;
    case D.FORM_HVC: put(r, O.OP_HVC, 0, 0, 0, 0, 0, <u64>D.f_imm16); return;
    case D.FORM_SMC: put(r, O.OP_SMC, 0, 0, 0, 0, 0, <u64>D.f_imm16); return;
    case D.FORM_BRK: put(r, O.OP_BRK, 0, 0, 0, 0, 0, <u64>D.f_imm16); return;
    case D.FORM_HLT: undef(r); return;
    case D.FORM_HINT: {
      let h = (D.f_CRm << 3) | D.f_op2;
      let op = h == 2 ? O.OP_WFE : h == 3 ? O.OP_WFI : h == 4 ? O.OP_SEV : h == 5 ? O.OP_SEVL : O.OP_NOP;
      put(r, op, 0, 0, 0, 0, 0, 0); return;
    }
    case D.FORM_CLREX: put(r, O.OP_CLREX, 0, 0, 0, 0, 0, 0); return;
    case D.FORM_DSB: case D.FORM_DMB: put(r, O.OP_NOP, 0, 0, 0, 0, 0, 0); return;
    case D.FORM_ISB: put(r, O.OP_ISB, 0, 0, 0, 0, 0, 0); return;
    case D.FORM_MSR_imm: put(r, O.OP_MSR_IMM, 0, 0, 0, D.f_CRm, (D.f_op1 << 3) | D.f_op2, 0); return;
    case D.FORM_SYS: put(r, O.OP_SYS, 0, zs(D.f_Rt), 0, 0, (1 << 14) | (D.f_op1 << 11) | (D.f_CRn << 7) | (D.f_CRm << 3) | D.f_op2, 0); return;
    case D.FORM_SYSL: undef(r); return;
    case D.FORM_MSR_reg: put(r, O.OP_MSR, 0, zs(D.f_Rt), 0, 0, ((2 + D.f_o0) << 14) | (D.f_op1 << 11) | (D.f_CRn << 7) | (D.f_CRm << 3) | D.f_op2, 0); return;
    case D.FORM_MRS: put(r, O.OP_MRS, zd(D.f_Rt), 0, 0, 0, ((2 + D.f_o0) << 14) | (D.f_op1 << 11) | (D.f_CRn << 7) | (D.f_CRm << 3) | D.f_op2, 0); return;
    case D.FORM_BR: put(r, O.OP_BR, 0, zs(D.f_Rn), 0, 0, 0, 0); return;
    case D.FORM_BLR: put(r, O.OP_BLR, 0, zs(D.f_Rn), 0, 0, 0, 0); return;
    case D.FORM_RET: put(r, O.OP_RET, 0, zs(D.f_Rn), 0, 0, 0, 0); return;
    case D.FORM_ERET: put(r, O.OP_ERET, 0, 0, 0, 0, 0, 0); return;
    case D.FORM_B: put(r, O.OP_B, 0, 0, 0, 0, 0, <u64>(sext(<u64>D.f_imm26, 26) << 2)); return;
    case D.FORM_BL: put(r, O.OP_BL, 0, 0, 0, 0, 0, <u64>(sext(<u64>D.f_imm26, 26) << 2)); return;
    case D.FORM_CBZ: put(r, sf ? O.OP_CBZ_X : O.OP_CBZ_W, 0, zs(D.f_Rt), 0, 0, 0, <u64>(sext(<u64>D.f_imm19, 19) << 2)); return;
    case D.FORM_CBNZ: put(r, sf ? O.OP_CBNZ_X : O.OP_CBNZ_W, 0, zs(D.f_Rt), 0, 0, 0, <u64>(sext(<u64>D.f_imm19, 19) << 2)); return;
    case D.FORM_TBZ: case D.FORM_TBNZ:
      put(r, f == D.FORM_TBZ ? O.OP_TBZ : O.OP_TBNZ, 0, zs(D.f_Rt), 0, (D.f_b5 << 5) | D.f_b40, 0, <u64>(sext(<u64>D.f_imm14, 14) << 2)); return;
    case D.FORM_LDSTX: {
      let size = D.f_size, L = D.f_L, n = sp(D.f_Rn);
      if (D.f_o2 == 0 && D.f_o1 == 0) {
        if (L) put(r, O.OP_LDX, zd(D.f_Rt), n, 0, 0, size, 0);
        else put(r, O.OP_STX, zs(D.f_Rt), n, zd(D.f_Rs), 0, size, 0);
        return;
      }
      if (D.f_o2 == 0 && D.f_o1 == 1) {
        if (size < 2) { undef(r); return; }
        if (L) put(r, O.OP_LDXP, zd(D.f_Rt), n, 0, zd(D.f_Rt2), size, 0);
        else put(r, O.OP_STXP, zs(D.f_Rt), n, zd(D.f_Rs), zs(D.f_Rt2), size, 0);
        return;
      }
      if (D.f_o2 == 1 && D.f_o1 == 0 && D.f_o0 == 1) {
        if (L) put(r, O.OP_LDAR, zd(D.f_Rt), n, 0, 0, size, 0);
        else put(r, O.OP_STLR, zs(D.f_Rt), n, 0, 0, size, 0);
        return;
      }
      undef(r); return;
    }
    case D.FORM_LDR_lit: {
      let imm = <u64>(sext(<u64>D.f_imm19, 19) << 2);
      let k: u32;
      if (D.f_V == 0) {
        if (D.f_opc == 3) { put(r, O.OP_NOP, 0, 0, 0, 0, 0, 0); return; }
        k = D.f_opc == 0 ? O.K_LDRW : D.f_opc == 1 ? O.K_LDRX : O.K_LDRSW;
        put(r, O.OP_LDR_LIT, zd(D.f_Rt), 0, 0, 0, k, imm); return;
      }
      if (D.f_opc == 3) { undef(r); return; }
      k = D.f_opc == 0 ? O.K_LDR_S : D.f_opc == 1 ? O.K_LDR_D : O.K_LDR_Q;
      put(r, O.OP_LDR_LIT, D.f_Rt, 0, 0, 0, k, imm); return;
    }
    case D.FORM_LDSTP_noalloc: case D.FORM_LDSTP_post: case D.FORM_LDSTP_off: case D.FORM_LDSTP_pre: {
      let opc = D.f_opc, V = D.f_V, L = D.f_L;
      let kind: u32, scale: i32;
      if (V == 0) {
        if (opc == 0) { kind = O.P_W; scale = 2; }
        else if (opc == 1 && L == 1 && f != D.FORM_LDSTP_noalloc) { kind = O.P_SW; scale = 2; }
        else if (opc == 2) { kind = O.P_X; scale = 3; }
        else { undef(r); return; }
      } else {
        if (opc == 3) { undef(r); return; }
        kind = opc == 0 ? O.P_S : opc == 1 ? O.P_D : O.P_Q; scale = 2 + <i32>opc;
      }
      let mode = f == D.FORM_LDSTP_post ? O.M_POST : f == D.FORM_LDSTP_pre ? O.M_PRE : O.M_OFF;
      let imm = <u64>(sext(<u64>D.f_imm7, 7) << <i64>scale);
      let t = V ? D.f_Rt : L ? zd(D.f_Rt) : zs(D.f_Rt);
      let t2 = V ? D.f_Rt2 : L ? zd(D.f_Rt2) : zs(D.f_Rt2);
      put(r, L ? O.OP_LDP : O.OP_STP, t, sp(D.f_Rn), 0, t2, kind | (mode << 8), imm); return;
    }
    case D.FORM_LDST_unscaled: case D.FORM_LDST_post: case D.FORM_LDST_unpriv: case D.FORM_LDST_pre:
    case D.FORM_LDST_reg: case D.FORM_LDST_uimm: {
      let size = D.f_size, V = D.f_V, opc = D.f_opc;
      let kind: u32;
      let isLoad = true;
      if (V == 0) {
        if (opc == 0) { kind = size; isLoad = false; }
        else if (opc == 1) kind = O.K_LDRB + size;
        else if (opc == 2) {
          if (size == 3) {
            if (f == D.FORM_LDST_uimm || f == D.FORM_LDST_reg || f == D.FORM_LDST_unscaled) { put(r, O.OP_NOP, 0, 0, 0, 0, 0, 0); return; }
            undef(r); return;
          }
          kind = size == 0 ? O.K_LDRSB_X : size == 1 ? O.K_LDRSH_X : O.K_LDRSW;
        } else {
          if (size >= 2) { undef(r); return; }
          kind = size == 0 ? O.K_LDRSB_W : O.K_LDRSH_W;
        }
      } else {
        if (f == D.FORM_LDST_unpriv) { undef(r); return; }
        if (opc == 0) { kind = O.K_STR_B + size; isLoad = false; }
        else if (opc == 1) kind = O.K_LDR_B + size;
        else if (size != 0) { undef(r); return; }
        else if (opc == 2) { kind = O.K_STR_Q; isLoad = false; }
        else kind = O.K_LDR_Q;
      }
      let scale: u32 = V && (opc & 2) ? 4 : size;
      let t = V ? D.f_Rt : isLoad ? zd(D.f_Rt) : zs(D.f_Rt);
      let n = sp(D.f_Rn);
      if (f == D.FORM_LDST_reg) {
        let opt = D.f_option;
        if ((opt & 2) == 0) { undef(r); return; }
        put(r, O.OP_LDST_REG, t, n, zs(D.f_Rm), (opt << 4) | (D.f_S ? scale : 0), kind, 0); return;
      }
      if (f == D.FORM_LDST_unpriv) { put(r, O.OP_LDST_UNPRIV, t, n, 0, 0, kind, <u64>sext(<u64>D.f_imm9, 9)); return; }
      let imm: u64, mode: u32 = O.M_OFF;
      if (f == D.FORM_LDST_uimm) imm = <u64>D.f_imm12 << <u64>scale;
      else {
        imm = <u64>sext(<u64>D.f_imm9, 9);
        mode = f == D.FORM_LDST_pre ? O.M_PRE : f == D.FORM_LDST_post ? O.M_POST : O.M_OFF;
      }
      if (mode == O.M_OFF) {
        if (kind == O.K_LDRX) { put(r, O.OP_LDR_X, t, n, 0, 0, kind, imm); return; }
        if (kind == O.K_STRX) { put(r, O.OP_STR_X, t, n, 0, 0, kind, imm); return; }
        if (kind == O.K_LDRW) { put(r, O.OP_LDR_W, t, n, 0, 0, kind, imm); return; }
        if (kind == O.K_STRW) { put(r, O.OP_STR_W, t, n, 0, 0, kind, imm); return; }
        if (kind == O.K_LDRB) { put(r, O.OP_LDRB, t, n, 0, 0, kind, imm); return; }
        if (kind == O.K_STRB) { put(r, O.OP_STRB, t, n, 0, 0, kind, imm); return; }
      }
      put(r, O.OP_LDST, t, n, 0, 0, kind | (mode << 8), imm); return;
    }
    case D.FORM_LOG_shift: {
      if (!sf && D.f_imm6 >= 32) { undef(r); return; }
      let opc = D.f_opc;
      let x = (D.f_shift << 8) | D.f_imm6;
      if (opc == 1 && D.f_N == 0 && D.f_Rn == 31 && x == 0) { put(r, sf ? O.OP_MOV_X : O.OP_MOV_W, zd(D.f_Rd), 0, zs(D.f_Rm), 0, 0, 0); return; }
      let op = sf ? (opc == 0 ? O.OP_LOG_AND_X : opc == 1 ? O.OP_LOG_ORR_X : opc == 2 ? O.OP_LOG_EOR_X : O.OP_LOG_ANDS_X)
        : (opc == 0 ? O.OP_LOG_AND_W : opc == 1 ? O.OP_LOG_ORR_W : opc == 2 ? O.OP_LOG_EOR_W : O.OP_LOG_ANDS_W);
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), D.f_N, x, 0); return;
    }
    case D.FORM_ADDSUB_shift: {
      if (D.f_shift == 3 || (!sf && D.f_imm6 >= 32)) { undef(r); return; }
      let x = (D.f_shift << 8) | D.f_imm6;
      let k = (D.f_op << 1) | D.f_S;
      if (sf && x == 0) {
        if (k == 0) { put(r, O.OP_ADD_X0, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), 0, 0, 0); return; }
        if (k == 2) { put(r, O.OP_SUB_X0, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), 0, 0, 0); return; }
        if (k == 3) {
          let rd = D.f_Rd, rn = D.f_Rn, rm = D.f_Rm;
          if (rd == 31) {
            let bc = nextBcond();
            if (bc >= 0 || bc < -1) { put(r, O.OP_CMPR_BC_X, 0, zs(rn), zs(rm), <u32>(bc & 15), 0, <u64>(bc >> 4) << 32); return; }
          }
          put(r, O.OP_SUBS_X0, zd(rd), zs(rn), zs(rm), 0, 0, 0); return;
        }
      }
      let op = sf ? (k == 0 ? O.OP_ADD_X : k == 1 ? O.OP_ADDS_X : k == 2 ? O.OP_SUB_X : O.OP_SUBS_X)
        : (k == 0 ? O.OP_ADD_W : k == 1 ? O.OP_ADDS_W : k == 2 ? O.OP_SUB_W : O.OP_SUBS_W);
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), 0, x, 0); return;
    }
    case D.FORM_ADDSUB_ext: {
      if (D.f_imm3 > 4) { undef(r); return; }
      let k = (D.f_op << 1) | D.f_S;
      let op = sf ? (k == 0 ? O.OP_ADDE_X : k == 1 ? O.OP_ADDSE_X : k == 2 ? O.OP_SUBE_X : O.OP_SUBSE_X)
        : (k == 0 ? O.OP_ADDE_W : k == 1 ? O.OP_ADDSE_W : k == 2 ? O.OP_SUBE_W : O.OP_SUBSE_W);
      let d = D.f_S ? zd(D.f_Rd) : sp(D.f_Rd);
      put(r, op, d, sp(D.f_Rn), zs(D.f_Rm), 0, (D.f_option << 8) | D.f_imm3, 0); return;
    }
    case D.FORM_ADC_SBC: {
      let k = (D.f_op << 1) | D.f_S;
      let op = sf ? (k == 0 ? O.OP_ADC_X : k == 1 ? O.OP_ADCS_X : k == 2 ? O.OP_SBC_X : O.OP_SBCS_X)
        : (k == 0 ? O.OP_ADC_W : k == 1 ? O.OP_ADCS_W : k == 2 ? O.OP_SBC_W : O.OP_SBCS_W);
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), 0, 0, 0); return;
    }
    case D.FORM_CCMP_reg: case D.FORM_CCMP_imm: {
      let op = D.f_op ? (sf ? O.OP_CCMP_X : O.OP_CCMP_W) : (sf ? O.OP_CCMN_X : O.OP_CCMN_W);
      if (f == D.FORM_CCMP_reg) put(r, op, 0, zs(D.f_Rn), zs(D.f_Rm), D.f_cond, D.f_nzcv, 0);
      else put(r, op, 0, zs(D.f_Rn), 31, D.f_cond, D.f_nzcv, <u64>D.f_imm5);
      return;
    }
    case D.FORM_CSEL_all: {
      let k = (D.f_op << 1) | D.f_o2;
      let op = sf ? (k == 0 ? O.OP_CSEL_X : k == 1 ? O.OP_CSINC_X : k == 2 ? O.OP_CSINV_X : O.OP_CSNEG_X)
        : (k == 0 ? O.OP_CSEL_W : k == 1 ? O.OP_CSINC_W : k == 2 ? O.OP_CSINV_W : O.OP_CSNEG_W);
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), D.f_cond, 0, 0); return;
    }
    case D.FORM_DP1: {
      let o = D.f_opcode, op: u16 = O.OP_UNDEF;
      if (sf) op = o == 0 ? O.OP_RBIT_X : o == 1 ? O.OP_REV16_X : o == 2 ? O.OP_REV32_X : o == 3 ? O.OP_REV_X : o == 4 ? O.OP_CLZ_X : o == 5 ? O.OP_CLS_X : O.OP_UNDEF;
      else op = o == 0 ? O.OP_RBIT_W : o == 1 ? O.OP_REV16_W : o == 2 ? O.OP_REV_W : o == 4 ? O.OP_CLZ_W : o == 5 ? O.OP_CLS_W : O.OP_UNDEF;
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), 0, 0, 0, 0); return;
    }
    case D.FORM_DP2: {
      let o = D.f_opcode, op: u16 = O.OP_UNDEF;
      if ((o & 0x38) == 0x10) { // CRC32{C}{B,H,W,X}
        let sz = o & 3;
        if ((sz == 3) != (sf != 0)) { undef(r); return; }
        put(r, O.OP_CRC32, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), (o >> 2) & 1, sz, 0); return;
      }
      switch (o) {
        case 2: op = sf ? O.OP_UDIV_X : O.OP_UDIV_W; break;
        case 3: op = sf ? O.OP_SDIV_X : O.OP_SDIV_W; break;
        case 8: op = sf ? O.OP_LSLV_X : O.OP_LSLV_W; break;
        case 9: op = sf ? O.OP_LSRV_X : O.OP_LSRV_W; break;
        case 10: op = sf ? O.OP_ASRV_X : O.OP_ASRV_W; break;
        case 11: op = sf ? O.OP_RORV_X : O.OP_RORV_W; break;
      }
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), 0, 0, 0); return;
    }
    case D.FORM_DP3: {
      let k = (D.f_op31 << 1) | D.f_o0, op: u16 = O.OP_UNDEF;
      if (k == 0) op = sf ? O.OP_MADD_X : O.OP_MADD_W;
      else if (k == 1) op = sf ? O.OP_MSUB_X : O.OP_MSUB_W;
      else if (sf) {
        if (k == 2) op = O.OP_SMADDL; else if (k == 3) op = O.OP_SMSUBL;
        else if (k == 4) op = O.OP_SMULH;
        else if (k == 10) op = O.OP_UMADDL; else if (k == 11) op = O.OP_UMSUBL;
        else if (k == 12) op = O.OP_UMULH;
      }
      put(r, op, zd(D.f_Rd), zs(D.f_Rn), zs(D.f_Rm), zs(D.f_Ra), 0, 0); return;
    }
    case D.FORM_FMOV_gen: {
      let t = D.f_ftype, rm = D.f_rmode, oc = D.f_opcode;
      if (rm == 0 && (oc == 6 || oc == 7) && ((t == 0 && sf == 0) || (t == 1 && sf == 1))) {
        if (oc == 6) put(r, O.OP_FMOV_TO_GEN, zd(D.f_Rd), D.f_Rn, 0, 0, t, 0);
        else put(r, O.OP_FMOV_FROM_GEN, D.f_Rd, zs(D.f_Rn), 0, 0, t, 0);
        return;
      }
      if (rm == 1 && t == 2 && sf == 1 && (oc == 6 || oc == 7)) {
        if (oc == 6) put(r, O.OP_FMOV_TO_GEN, zd(D.f_Rd), D.f_Rn, 0, 0, 2, 0);
        else put(r, O.OP_FMOV_FROM_GEN, D.f_Rd, zs(D.f_Rn), 0, 0, 2, 0);
        return;
      }
      undef(r); return;
    }
    case D.FORM_MOVI: {
      let op = D.f_op, cmode = D.f_cmode, Q = D.f_Q;
      let imm8 = <u64>((D.f_a << 7) | (D.f_b << 6) | (D.f_c << 5) | (D.f_d << 4) | (D.f_e << 3) | (D.f_f << 2) | (D.f_g << 1) | D.f_h);
      if (op == 1 && cmode == 15 && Q == 0) { undef(r); return; }
      let imm = advSimdImm(op, cmode, imm8);
      let kind: u16;
      let isOrrBic = cmode < 12 && (cmode & 1) == 1;
      if (isOrrBic) kind = op ? O.OP_BICI_V : O.OP_ORRI_V;
      else {
        kind = O.OP_MOVI_V;
        if (op == 1 && cmode < 14) imm = ~imm; // MVNI
      }
      put(r, kind, D.f_Rd, 0, 0, Q, 0, imm); return;
    }
    case D.FORM_DUP_gen: {
      let i5 = D.f_imm5;
      let sz: u32 = (i5 & 1) ? 0 : (i5 & 2) ? 1 : (i5 & 4) ? 2 : (i5 & 8) ? 3 : 4;
      if (sz == 4 || (sz == 3 && D.f_Q == 0)) { undef(r); return; }
      put(r, O.OP_DUP_GEN, D.f_Rd, zs(D.f_Rn), 0, D.f_Q, sz, 0); return;
    }
    case D.FORM_FP_DP2: {
      if (D.f_ftype > 1 || D.f_opcode > 8) { undef(r); return; }
      put(r, O.OP_FP2, D.f_Rd, D.f_Rn, D.f_Rm, 0, (D.f_ftype << 8) | D.f_opcode, 0); return;
    }
    case D.FORM_FP_DP1: {
      let o = D.f_opcode, t = D.f_ftype;
      let ok = (t <= 1 && (o == 1 || o == 2 || o == 3 || (o >= 8 && o <= 15 && o != 13) || (o == 5 && t == 0) || (o == 4 && t == 1) || o == 7)) ||
        (t == 3 && (o == 4 || o == 5));
      if (!ok) { undef(r); return; }
      put(r, O.OP_FP1, D.f_Rd, D.f_Rn, 0, 0, (t << 8) | o, 0); return;
    }
    case D.FORM_FP_DP3: {
      if (D.f_ftype > 1) { undef(r); return; }
      put(r, O.OP_FP3, D.f_Rd, D.f_Rn, D.f_Rm, D.f_Ra, (D.f_ftype << 8) | (D.f_o1 << 1) | D.f_o0, 0); return;
    }
    case D.FORM_FP_CMP: {
      if (D.f_ftype > 1 || (D.f_opc2 & 7) != 0) { undef(r); return; }
      put(r, O.OP_FCMP, 0, D.f_Rn, D.f_Rm, 0, (D.f_ftype << 8) | D.f_opc2, 0); return;
    }
    case D.FORM_FP_CCMP: {
      if (D.f_ftype > 1) { undef(r); return; }
      put(r, O.OP_FCCMP, 0, D.f_Rn, D.f_Rm, D.f_cond, (D.f_ftype << 8) | (D.f_op << 4) | D.f_nzcv, 0); return;
    }
    case D.FORM_FCSEL: {
      if (D.f_ftype > 1) { undef(r); return; }
      put(r, O.OP_FCSEL, D.f_Rd, D.f_Rn, D.f_Rm, D.f_cond, D.f_ftype << 8, 0); return;
    }
    case D.FORM_FP_CVTI: {
      let rm = D.f_rmode, oc = D.f_opcode, t = D.f_ftype;
      if (t > 1) { undef(r); return; }
      let toInt = oc == 0 || oc == 1 || ((oc == 4 || oc == 5) && rm == 0);
      let fromInt = (oc == 2 || oc == 3) && rm == 0;
      if (!toInt && !fromInt) { undef(r); return; }
      let x = (sf << 12) | (t << 8) | (rm << 3) | oc;
      if (toInt) put(r, O.OP_FCVTI, zd(D.f_Rd), D.f_Rn, 0, 0, x, 0);
      else put(r, O.OP_FCVTI, D.f_Rd, zs(D.f_Rn), 0, 0, x, 0);
      return;
    }
    case D.FORM_FP_CVTFIX: {
      let rm = D.f_rmode, oc = D.f_opcode, t = D.f_ftype;
      if (t > 1 || (!sf && D.f_scale < 32)) { undef(r); return; }
      let fbits = 64 - D.f_scale;
      let x = (sf << 12) | (t << 8) | (rm << 3) | oc;
      if (rm == 3 && (oc == 0 || oc == 1)) { put(r, O.OP_FCVTI, zd(D.f_Rd), D.f_Rn, 0, fbits, x, 0); return; }
      if (rm == 0 && (oc == 2 || oc == 3)) { put(r, O.OP_FCVTI, D.f_Rd, zs(D.f_Rn), 0, fbits, x, 0); return; }
      undef(r); return;
    }
    case D.FORM_CNT: {
      if (D.f_size != 0) { undef(r); return; }
      put(r, O.OP_CNT, D.f_Rd, D.f_Rn, 0, D.f_Q, 0, 0); return;
    }
    case D.FORM_ADDV: {
      if (D.f_size == 3 || (D.f_size == 2 && D.f_Q == 0)) { undef(r); return; }
      put(r, O.OP_ADDV, D.f_Rd, D.f_Rn, 0, D.f_Q, D.f_size, 0); return;
    }
    case D.FORM_VLOGIC: put(r, O.OP_VLOGIC, D.f_Rd, D.f_Rn, D.f_Rm, D.f_Q, (D.f_U << 2) | D.f_opc2, 0); return;
    case D.FORM_VNOT: put(r, O.OP_VNOT, D.f_Rd, D.f_Rn, 0, D.f_Q, 0, 0); return;
    case D.FORM_SIMD: put(r, O.OP_SIMD, 0, 0, 0, 0, 0, <u64>((D.f_whi << 16) | D.f_wlo)); return;
    case D.FORM_VADDSUB: {
      if (D.f_size == 3 && D.f_Q == 0) { undef(r); return; }
      put(r, O.OP_VADDSUB, D.f_Rd, D.f_Rn, D.f_Rm, D.f_Q, (D.f_U << 2) | D.f_size, 0); return;
    }
    case D.FORM_DUP_elem: case D.FORM_INS_gen: case D.FORM_INS_elem: case D.FORM_UMOV: case D.FORM_SMOV: {
      let i5 = D.f_imm5;
      let sz: u32 = (i5 & 1) ? 0 : (i5 & 2) ? 1 : (i5 & 4) ? 2 : (i5 & 8) ? 3 : 4;
      if (sz == 4) { undef(r); return; }
      let idx = <u64>(i5 >> (sz + 1));
      let Q = f == D.FORM_INS_gen || f == D.FORM_INS_elem ? 1 : D.f_Q;
      if (f == D.FORM_DUP_elem) {
        if (sz == 3 && Q == 0) { undef(r); return; }
        put(r, O.OP_DUP_ELEM, D.f_Rd, D.f_Rn, 0, Q, sz, idx); return;
      }
      if (f == D.FORM_INS_gen) { put(r, O.OP_INS_GEN, D.f_Rd, zs(D.f_Rn), 0, 0, sz, idx); return; }
      if (f == D.FORM_INS_elem) { put(r, O.OP_INS_ELEM, D.f_Rd, D.f_Rn, 0, 0, sz, idx | (<u64>(D.f_imm4 >> sz) << 8)); return; }
      if (f == D.FORM_UMOV) {
        if ((sz == 3) != (Q == 1)) { undef(r); return; }
        put(r, O.OP_UMOV, zd(D.f_Rd), D.f_Rn, 0, 0, sz, idx); return;
      }
      if (sz >= 3 || (sz == 2 && Q == 0)) { undef(r); return; }
      put(r, O.OP_SMOV, zd(D.f_Rd), D.f_Rn, 0, Q, sz, idx); return;
    }
    case D.FORM_FMOV_imm: {
      if (D.f_ftype > 1) { undef(r); return; }
      let i8 = <u64>D.f_imm8;
      let a = (i8 >> 7) & 1, b = (i8 >> 6) & 1, cdefgh = i8 & 63;
      let v: u64 = D.f_ftype == 0
        ? (a << 31) | ((b ^ 1) << 30) | ((b ? <u64>0x1f : 0) << 25) | (cdefgh << 19)
        : (a << 63) | ((b ^ 1) << 62) | ((b ? <u64>0xff : 0) << 54) | (cdefgh << 48);
      put(r, O.OP_FMOV_IMM, D.f_Rd, 0, 0, 0, D.f_ftype, v); return;
    }
    case D.FORM_FMOV_reg: {
      if (D.f_ftype > 1) { undef(r); return; }
      put(r, O.OP_FMOV_REG, D.f_Rd, D.f_Rn, 0, 0, D.f_ftype, 0); return;
    }
  }
  undef(r);
}
