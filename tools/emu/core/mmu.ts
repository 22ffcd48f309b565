// Address translation: stage 1 for the EL1&0, EL2 and EL3 regimes and stage 2 (VTTBR_EL2),
// 4 KiB granule, levels 0-3, table/block/page descriptors, AP/AF/XN/PXN/UXN, S2AP, MAIR
// device vs normal. Results are cached by the soft TLB in mem.ts; this file has no cache.
import { RAM_BASE, ACT } from './layout';
import { SR, g_ramSize } from './state';
import * as S from './sysregs.gen';

export const ACC_R: i32 = 0;
export const ACC_W: i32 = 1;
export const ACC_X: i32 = 2;

// Fault description (valid after translate() returned -1).
export let f_fsc: u32 = 0;      // DFSC/IFSC
export let f_s2: i32 = 0;       // fault in stage 2
export let f_ipa: u64 = 0;      // IPA of a stage-2 fault
export let f_s1ptw: i32 = 0;    // stage-2 fault on a stage-1 table walk
export let f_target: i32 = 1;   // EL the abort is taken to
// Attributes of a successful translation.
export let t_device: i32 = 0;
export let t_attr: u32 = 0;     // MAIR attribute byte (stage 1; both stages combined for PAR)
export let t_sh: u32 = 0;       // shareability (PAR_EL1.SH)
let t_s2attr: u32 = 0;          // stage-2 MemAttr[3:0] of the last stage-2 translation
let t_s2sh: u32 = 0;

const OA_MASK: u64 = 0x0000fffffffff000;

@inline function readPhys64(pa: u64): u64 { return load<u64>(RAM_BASE + <usize>pa); }

function fault(fsc: u32, s2: i32, ipa: u64, s1ptw: i32, target: i32): i64 {
  f_fsc = fsc; f_s2 = s2; f_ipa = ipa; f_s1ptw = s1ptw; f_target = target;
  return -1;
}

// AT S1E*: the output is the IPA of stage 1 (its table walk still goes through stage 2).
export let mmu_s1only: i32 = 0;
export function setS1Only(v: i32): void { mmu_s1only = v; }

export function stage2Enabled(el: i32): bool {
  if (el >= 2) return false;
  let hcr = SR(S.SR_HCR_EL2);
  if ((hcr & 1) == 0) return false;
  return (SR(S.SR_SCR_EL3) & 1) != 0; // non-secure only
}

/** Stage 2: IPA -> PA. Returns -1 on fault (target EL2). */
export function stage2(ipa: u64, acc: i32, s1ptw: i32): i64 {
  let vtcr = SR(S.SR_VTCR_EL2);
  let tsz = <i32>(vtcr & 63);
  if (tsz < 16) tsz = 16;
  if (tsz > 39) tsz = 39;
  let inputsize = 64 - tsz;
  let sl0 = <i32>((vtcr >> 6) & 3);
  let level = 2 - sl0;
  if (level < 0) level = 0;
  if (inputsize < 64 && (ipa >>> <u64>inputsize) != 0) return fault(0x04 + <u32>level, 1, ipa, s1ptw, 2);
  let base: u64 = SR(S.SR_VTTBR_EL2) & 0x0000fffffffffffe;
  for (;;) {
    let shift = 12 + 9 * (3 - level);
    let idx: u64 = ipa >>> <u64>shift;
    if (inputsize - shift < 64) idx &= (<u64>1 << <u64>(inputsize - shift)) - 1;
    if (level != 2 - sl0 || inputsize - shift <= 9) idx &= 511;
    let da = (base & ~<u64>7) + (idx << 3);
    if (da + 8 > g_ramSize) return fault(0x14 + <u32>level, 1, ipa, s1ptw, 2);
    let d = readPhys64(da);
    if ((d & 1) == 0) return fault(0x04 + <u32>level, 1, ipa, s1ptw, 2);
    if (level < 3 && (d & 2) != 0) { base = d & OA_MASK; level++; continue; }
    if (level == 3 && (d & 2) == 0) return fault(0x04 + 3, 1, ipa, s1ptw, 2);
    if (level == 0) return fault(0x04, 1, ipa, s1ptw, 2);
    if ((d & 0x400) == 0) return fault(0x08 + <u32>level, 1, ipa, s1ptw, 2);
    let s2ap = <i32>((d >> 6) & 3);
    let ok = acc == ACC_W ? (s2ap & 2) != 0 : (s2ap & 1) != 0;
    if (acc == ACC_X && (d & (<u64>1 << 54)) != 0) ok = false;
    if (!ok) return fault(0x0c + <u32>level, 1, ipa, s1ptw, 2);
    let memattr = <u32>((d >> 2) & 15);
    if ((memattr >> 2) == 0) {
      // HCR_EL2.PTW: a stage-1 walk that reads Device memory is a stage-2 permission fault
      if (s1ptw && (SR(S.SR_HCR_EL2) & 4) != 0) return fault(0x0c + <u32>level, 1, ipa, 1, 2);
      t_device = 1;
    }
    t_s2attr = memattr; t_s2sh = <u32>((d >> 8) & 3);
    let off: u64 = (<u64>1 << <u64>shift) - 1;
    return <i64>(((d & OA_MASK) & ~off) | (ipa & off));
  }
}

/** Translate a virtual address for an access at exception level `el`. -1 on fault. */
export function translate(va: u64, acc: i32, el: i32): i64 {
  t_device = 0; t_attr = 0xff;
  let regime = el == 0 ? 1 : el;
  let sctlr: u64, tcr: u64;
  if (regime == 1) { sctlr = SR(S.SR_SCTLR_EL1); tcr = SR(S.SR_TCR_EL1); }
  else if (regime == 2) { sctlr = SR(S.SR_SCTLR_EL2); tcr = SR(S.SR_TCR_EL2); }
  else { sctlr = SR(S.SR_SCTLR_EL3); tcr = SR(S.SR_TCR_EL3); }
  let hcr = SR(S.SR_HCR_EL2);
  let s2 = stage2Enabled(el);
  let s1target = regime;
  if (regime == 1 && el == 0 && (hcr & (<u64>1 << 27)) != 0 && (SR(S.SR_SCR_EL3) & 1) != 0) { s1target = 2; sctlr = 0; s2 = false; }
  if ((sctlr & 1) == 0) {
    // Stage 1 off: flat, data is Device-nGnRnE (unless HCR_EL2.DC), fetches are Normal.
    if ((va >>> 48) != 0) return fault(0x00, 0, 0, 0, s1target);
    t_sh = 0; // as QEMU; the field may reflect the descriptor or the resulting attribute
    if (acc != ACC_X && !(regime == 1 && (hcr & (<u64>1 << 12)) != 0)) { t_device = 1; t_attr = 0; }
    if (!s2 || mmu_s1only) return <i64>va;
    return finalStage2(va, acc);
  }
  let top = 63;
  let tsz: i32, ttbr: u64, tbi: bool;
  let upper = false;
  if (regime == 1) {
    upper = ((va >> 55) & 1) != 0;
    if (!upper) {
      tsz = <i32>(tcr & 63); ttbr = SR(S.SR_TTBR0_EL1); tbi = ((tcr >> 37) & 1) != 0;
      if ((tcr >> 7) & 1) return fault(0x04, 0, 0, 0, s1target);
    } else {
      tsz = <i32>((tcr >> 16) & 63); ttbr = SR(S.SR_TTBR1_EL1); tbi = ((tcr >> 38) & 1) != 0;
      if ((tcr >> 23) & 1) return fault(0x04, 0, 0, 0, s1target);
    }
  } else {
    tsz = <i32>(tcr & 63); ttbr = regime == 2 ? SR(S.SR_TTBR0_EL2) : SR(S.SR_TTBR0_EL3); tbi = ((tcr >> 20) & 1) != 0;
  }
  if (tbi) top = 55;
  if (tsz < 16) tsz = 16;
  if (tsz > 39) tsz = 39;
  let inputsize = 64 - tsz;
  // bits [top:inputsize] must all equal `upper`
  let hi: u64 = (va << <u64>(63 - top)) >>> <u64>(inputsize + 63 - top);
  let want: u64 = upper ? ((<u64>1 << <u64>(top + 1 - inputsize)) - 1) : 0;
  if (hi != want) return fault(0x04, 0, 0, 0, s1target);
  let level = 3 - (inputsize - 13) / 9;
  let base: u64 = ttbr & 0x0000fffffffffffe;
  let apTable: u32 = 0; let xnTable: u64 = 0; let pxnTable: u64 = 0;
  for (;;) {
    let shift = 12 + 9 * (3 - level);
    let idx: u64 = (va >>> <u64>shift) & 511;
    if (inputsize - shift < 9) idx &= (<u64>1 << <u64>(inputsize - shift)) - 1;
    let da: u64 = (base & ~<u64>7) + (idx << 3);
    if (s2) {
      let p = stage2(da, ACC_R, 1);
      if (p < 0) return -1;
      da = <u64>p;
      t_device = 0;
    }
    if (da + 8 > g_ramSize) return fault(0x14 + <u32>level, 0, 0, 0, s1target);
    let d = readPhys64(da);
    if ((d & 1) == 0) return fault(0x04 + <u32>level, 0, 0, 0, s1target);
    if (level < 3 && (d & 2) != 0) {
      apTable |= <u32>((d >> 61) & 3);
      xnTable |= (d >> 60) & 1;
      pxnTable |= (d >> 59) & 1;
      base = d & OA_MASK; level++; continue;
    }
    if (level == 3 && (d & 2) == 0) return fault(0x04 + 3, 0, 0, 0, s1target);
    if (level == 0) return fault(0x04, 0, 0, 0, s1target);
    if ((d & 0x400) == 0) return fault(0x08 + <u32>level, 0, 0, 0, s1target);
    let ap = <u32>((d >> 6) & 3);
    if (apTable & 1) ap &= ~<u32>1;
    if (apTable & 2) ap |= 2;
    let writable = (ap & 2) == 0;
    let ok = true;
    if (regime == 1) {
      let uxn = ((d >> 54) & 1) | xnTable;
      let pxn = ((d >> 53) & 1) | pxnTable;
      if (acc == ACC_X) {
        if (el == 0) ok = uxn == 0;
        else ok = pxn == 0 && ap != 1;
        if (((sctlr >> 19) & 1) != 0 && ((el == 0 && ap == 1) || (el != 0 && writable))) ok = false;
      } else {
        if (el == 0 && (ap & 1) == 0) ok = false;
        if (acc == ACC_W && !writable) ok = false;
      }
    } else {
      if (acc == ACC_X) {
        ok = (((d >> 54) & 1) | xnTable) == 0;
        if (((sctlr >> 19) & 1) != 0 && writable) ok = false;
      } else if (acc == ACC_W && !writable) ok = false;
    }
    if (!ok) return fault(0x0c + <u32>level, 0, 0, 0, s1target);
    let mair: u64 = regime == 1 ? SR(S.SR_MAIR_EL1) : regime == 2 ? SR(S.SR_MAIR_EL2) : SR(S.SR_MAIR_EL3);
    let ai = <u64>((d >> 2) & 7);
    t_attr = <u32>((mair >> (ai << 3)) & 0xff);
    t_device = (t_attr & 0xf0) == 0 ? 1 : 0;
    t_sh = <u32>((d >> 8) & 3);
    let off: u64 = (<u64>1 << <u64>shift) - 1;
    let out: u64 = ((d & OA_MASK) & ~off) | (va & off);
    if (!s2 || mmu_s1only) return <i64>out;
    return finalStage2(out, acc);
  }
}

/** Stage 2 of a two-stage translation: the output address, and the attributes of both stages
 *  combined (ARM ARM "Combining the stage 1 and stage 2 attributes", no FWB). */
function finalStage2(ipa: u64, acc: i32): i64 {
  let dev = t_device;
  let p = stage2(ipa, acc, 0);
  if (p < 0) return p;
  if (dev) t_device = 1;
  let s2 = t_s2attr;
  let hi = s2 >> 2, lo = s2 & 3;
  let s2m: u32; // stage-2 MemAttr in MAIR format
  if (hi == 0) s2m = lo << 2;
  else if ((SR(S.SR_HCR_EL2) & (<u64>1 << 30)) != 0) s2m = 0x44; // HCR_EL2.CD
  else s2m = (hi << 6) | (hi != 1 ? 0x30 : 0) | (lo << 2) | (lo != 1 ? 3 : 0);
  let a = t_attr;
  if ((a & 0xf0) == 0 || (s2m & 0xf0) == 0) {
    let l1 = a & 0xf0 ? 0xc : a & 0xc, l2 = s2m & 0xf0 ? 0xc : s2m & 0xc;
    t_attr = l1 < l2 ? l1 : l2; // the stronger Device type (nGnRnE < nGnRE < nGRE < GRE)
  } else {
    t_attr = (combineNibble(a >> 4, s2m >> 4) << 4) | combineNibble(a & 15, s2m & 15);
  }
  if (t_sh == 2 || t_s2sh == 2) t_sh = 2;
  else if (t_sh == 3 || t_s2sh == 3) t_sh = 3;
  else t_sh = 0;
  if ((t_attr & 0xf0) == 0 || t_attr == 0x44) t_sh = 2; // Device and Normal NC are Outer Shareable
  return p;
}

/** One cacheability nibble: Non-cacheable wins, then Write-Through (stage-1 hints kept). */
function combineNibble(s1: u32, s2: u32): u32 {
  if (s1 == 4 || s2 == 4) return 4;
  let t1 = s1 >> 2;
  if (t1 == 0 || t1 == 2) return s1;
  if ((s2 >> 2) == 2) return 8 | (s1 & 3);
  return s1;
}
void ACT;
