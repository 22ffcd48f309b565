// Translation of the system instructions compiled code and Linux run in hot loops: MRS/MSR of
// NZCV, FPCR, FPSR, TPIDR_EL0 and TPIDR_EL1, and ISB. The interpreter's access checks
// (tools/emu/core/sysregs.ts check()) never trap these registers but for TPIDR_EL1 at EL0
// (UNDEFINED) and FPCR/FPSR while FP access traps (exec.ts): those cases are left to it. Nothing
// the translation writes here is cached by the core (NZCV are the block's flag locals, FPCR is
// read by every translated FP instruction), so no exit is needed after a write. ISB ends the
// translated run at PC + 4, where the interpreter ends its slice. Every other system register,
// MSR (immediate), SYS/TLBI/IC/DC, CNTVCT_EL0 (its value depends on the instructions executed
// before it in this call, which only the caller counts), and the exclusives are left to the
// interpreter.
import { Op } from './wasm.ts';
import { ST, type Gen } from './gen.ts';
import { ACT, type Rec } from './records.ts';
import type { Emit } from './alu.ts';
import { sysregs, sysregKey } from '../gen/sysreg-list.ts';
import { O_FPCR, O_FPSR, fpCheck, stepIf } from './vregs.ts';

// must match tools/emu/core/layout.ts
const O_EL = 0x138, O_SYS = 0x400;
const idxOf = (name: string) => sysregs.findIndex(([n]) => n === name);
const key = (name: string) => { const [, op0, op1, crn, crm, op2] = sysregs[idxOf(name)]; return sysregKey(op0, op1, crn, crm, op2); };
const K_NZCV = key('NZCV'), K_FPCR = key('FPCR'), K_FPSR = key('FPSR');
const SYSREG: Record<number, { addr: number; minEl: number }> = {
  [key('TPIDR_EL0')]: { addr: ACT + O_SYS + idxOf('TPIDR_EL0') * 8, minEl: 0 },
  [key('TPIDR_EL1')]: { addr: ACT + O_SYS + idxOf('TPIDR_EL1') * 8, minEl: 1 },
};
const FLAG_BITS = [31, 30, 29, 28];

function elCheck(g: Gen, minEl: number): void {
  if (minEl) { g.b.i32(ACT + O_EL).mem(Op.i32_load).i32(minEl).op(Op.i32_lt_u); stepIf(g); }
}

const mrs: Emit = (g, r) => {
  const b = g.b, k = r.x;
  if (k === K_NZCV) {
    const fl = [g.nf, g.zf, g.cf, g.vf];
    b.i64(0n);
    fl.forEach((l, i) => { g.flag(l); b.op(Op.i64_extend_i32_u).i64(BigInt(FLAG_BITS[i])).op(Op.i64_shl, Op.i64_or); });
  } else if (k === K_FPCR || k === K_FPSR) {
    fpCheck(g);
    b.i32(ACT + (k === K_FPCR ? O_FPCR : O_FPSR)).mem(Op.i64_load32_u);
  } else {
    const s = SYSREG[k];
    elCheck(g, s.minEl);
    b.i32(s.addr).mem(Op.i64_load);
  }
  g.setx(r.d);
};

const msr: Emit = (g, r) => {
  const b = g.b, k = r.x;
  if (k === K_NZCV) {
    [g.nf, g.zf, g.cf, g.vf].forEach((l, i) => { g.x(r.n); b.i64(BigInt(FLAG_BITS[i])).op(Op.i64_shr_u, Op.i32_wrap_i64).i32(1).op(Op.i32_and); g.setFlag(l); });
  } else if (k === K_FPCR || k === K_FPSR) {
    fpCheck(g);
    // the bits an A53 keeps (sysregs.ts msr)
    b.i32(ACT + (k === K_FPCR ? O_FPCR : O_FPSR)); g.x(r.n); b.op(Op.i32_wrap_i64).i32(k === K_FPCR ? 0x07f70000 : 0xf800009f | 0).op(Op.i32_and).mem(Op.i32_store);
  } else {
    const s = SYSREG[k];
    elCheck(g, s.minEl);
    b.i32(s.addr); g.x(r.n); b.mem(Op.i64_store);
  }
};

export const SYS: Record<string, Emit> = {
  MRS: mrs, MSR: msr,
  // completes, then the translated run ends at the next instruction (the interpreter's slice end)
  ISB: (g) => { g.exit(() => g.pc(g.curIdx, 4n), ST.NORMAL, g.curUndo - 1); },
};
const translatedKey = (k: number) => k === K_NZCV || k === K_FPCR || k === K_FPSR || SYSREG[k] !== undefined;
export const SYS_ACCEPT: Record<string, (r: Rec) => boolean> = { MRS: (r) => translatedKey(r.x), MSR: (r) => translatedKey(r.x) };
