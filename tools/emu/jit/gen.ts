// Code generation state for one translated page function: guest registers and flags in wasm
// locals (loaded on entry, the written ones stored back on every exit), the exits to the
// dispatcher, branches between the page's blocks, and the flag/condition helpers.
//
// Function: (off: i32, pageVa: i64, budget: i32) -> executed instructions. On return O_PC holds
// the next PC and JIT_VARS+32 the exit status (ST below).
import { Body, Op, T, type Label } from './wasm.ts';
import { ACT, O_N, JIT_VARS } from './records.ts';

export const ST = { NORMAL: 0, STEP: 1, MISS: 2, BUDGET: 3 } as const;
/** function indices of the module's imports (jit.ts builds the import list in this order) */
export const FN = { read: 0, write: 1, storeHook: 2 } as const;
export const V = { tlb: JIT_VARS, ctx: JIT_VARS + 8, spmask: JIT_VARS + 16, excl: JIT_VARS + 24, fptrap: JIT_VARS + 28, status: JIT_VARS + 32, fault: JIT_VARS + 36 };
export const R_ZERO = 31, R_SINK = 32, R_SP = 33;

export class Gen {
  readonly b = new Body(3);
  readonly pOff = 0; readonly pVa = 1; readonly pBudget = 2;
  readonly left: number; readonly idx: number; readonly st: number; readonly exitPc: number;
  readonly tlb: number; readonly excl: number; readonly fptrap: number; readonly ctx: number; readonly spmask: number;
  readonly nf: number; readonly zf: number; readonly cf: number; readonly vf: number;
  // scratch locals: i64 ta/tb/tr for arithmetic, tv (address), tw (loaded value); i32 te, th
  readonly ta: number; readonly tb: number; readonly tr: number; readonly tv: number; readonly tw: number; readonly tw2: number;
  readonly te: number; readonly th: number;
  private readonly temps = new Map<string, number>();
  /** a named scratch local (allocated on first use) */
  tmp(name: string, t: 0x7f | 0x7e = T.i64): number {
    let l = this.temps.get(name);
    if (l === undefined) { l = this.b.local(t); this.temps.set(name, l); }
    return l;
  }
  private readonly xl = new Map<number, number>();
  private readonly written = new Set<number>();
  flagsUsed = false;
  done!: Label; loop!: Label;
  /** the instruction being generated: its page index and how many of its block's instructions
   * (itself included) have not completed yet (added back to `left` by an exit before it) */
  curIdx = 0; curUndo = 0;
  private readonly blockLabels = new Map<number, Label>();

  constructor() {
    const b = this.b;
    this.left = b.local(T.i32); this.idx = b.local(T.i32); this.st = b.local(T.i32); this.exitPc = b.local(T.i64);
    this.tlb = b.local(T.i32); this.excl = b.local(T.i32); this.fptrap = b.local(T.i32);
    this.ctx = b.local(T.i64); this.spmask = b.local(T.i64);
    this.nf = b.local(T.i32); this.zf = b.local(T.i32); this.cf = b.local(T.i32); this.vf = b.local(T.i32);
    this.ta = b.local(T.i64); this.tb = b.local(T.i64); this.tr = b.local(T.i64); this.tv = b.local(T.i64); this.tw = b.local(T.i64); this.tw2 = b.local(T.i64);
    this.te = b.local(T.i32); this.th = b.local(T.i32);
  }

  // ---- guest registers (slots as in the records: 31 reads zero, 32 is the write sink, 33 SP)
  private xLocal(slot: number): number {
    let l = this.xl.get(slot);
    if (l === undefined) { l = this.b.local(T.i64); this.xl.set(slot, l); }
    return l;
  }
  /** push X[slot] */
  x(slot: number): this {
    if (slot === R_ZERO || slot === R_SINK) this.b.i64(0n); else this.b.get(this.xLocal(slot));
    return this;
  }
  /** pop into X[slot] */
  setx(slot: number): this {
    if (slot === R_ZERO || slot === R_SINK) this.b.op(Op.drop);
    else { this.b.set(this.xLocal(slot)); this.written.add(slot); }
    return this;
  }
  /** push the low 32 bits of X[slot], zero-extended */
  w(slot: number): this { return this.x(slot).mask32(); }
  mask32(): this { this.b.op(Op.i32_wrap_i64, Op.i64_extend_i32_u); return this; }
  flag(l: number): this { this.flagsUsed = true; this.b.get(l); return this; }
  setFlag(l: number): this { this.flagsUsed = true; this.b.set(l); return this; }

  /** PC of instruction `idx` of this page (+ delta) */
  pc(idx: number, delta = 0n): this { this.b.get(this.pVa).i64(BigInt(idx * 4) + delta).op(Op.i64_add); return this; }

  // ---- exits
  /** leave with O_PC = the value `pushPc` leaves on the stack */
  exit(pushPc: () => void, status: number, undo = 0): void {
    const b = this.b;
    pushPc(); b.set(this.exitPc);
    b.i32(status).set(this.st);
    if (undo) b.get(this.left).i32(undo).op(Op.i32_add).set(this.left);
    b.br(this.done);
  }
  /** the current instruction is left to the interpreter (not executed here) */
  step(): void { this.exit(() => this.pc(this.curIdx), ST.STEP, this.curUndo); }
  setBlockLabel(start: number, l: Label): void { this.blockLabels.set(start, l); }
  /** continue at instruction `idx` of this page (after the current instruction completed) */
  jump(idx: number): void {
    const b = this.b;
    if (idx >= 1024) { this.exit(() => this.pc(1024), ST.NORMAL); return; }
    const l = this.blockLabels.get(idx);
    if (l && b.isOpen(l)) { b.br(l); return; }
    b.i32(idx).set(this.idx).br(this.loop);
  }
  /** continue at PC = pc(curIdx) + off: inside the page by a jump, else by an exit */
  jumpRel(off: bigint): void {
    const t = this.curIdx * 4 + Number(off);
    if (t >= 0 && t < 4096) this.jump(t >> 2);
    else this.exit(() => this.pc(this.curIdx, off), ST.NORMAL);
  }

  // ---- flags
  /** N and Z from the 64-bit value in local l */
  nz64(l: number): void {
    const b = this.b;
    b.get(l).i64(63n).op(Op.i64_shr_u, Op.i32_wrap_i64); this.setFlag(this.nf);
    b.get(l).op(Op.i64_eqz); this.setFlag(this.zf);
  }
  nz32(l: number): void {
    const b = this.b;
    b.get(l).i64(31n).op(Op.i64_shr_u, Op.i32_wrap_i64).i32(1).op(Op.i32_and); this.setFlag(this.nf);
    b.get(l).op(Op.i32_wrap_i64, Op.i32_eqz); this.setFlag(this.zf);
  }
  cv0(): void { this.b.i32(0); this.setFlag(this.cf); this.b.i32(0); this.setFlag(this.vf); }
  /** tr = ta + tb + cin with NZCV (cin: 0, 1 or 'c' for the carry flag); leaves nothing */
  adds64(cin: 0 | 1 | 'c'): void {
    const b = this.b, { ta, tb, tr } = this;
    b.get(ta).get(tb).op(Op.i64_add);
    if (cin === 1) b.i64(1n).op(Op.i64_add);
    else if (cin === 'c') { this.flag(this.cf); b.op(Op.i64_extend_i32_u, Op.i64_add); }
    b.set(tr);
    this.nz64(tr);
    if (cin === 0) b.get(tr).get(ta).op(Op.i64_lt_u);
    else if (cin === 1) b.get(tr).get(ta).op(Op.i64_le_u);
    else { b.get(tr).get(ta).op(Op.i64_le_u).get(tr).get(ta).op(Op.i64_lt_u); this.flag(this.cf); b.op(Op.select); }
    this.setFlag(this.cf);
    b.get(ta).get(tr).op(Op.i64_xor).get(tb).get(tr).op(Op.i64_xor, Op.i64_and).i64(63n).op(Op.i64_shr_u, Op.i32_wrap_i64);
    this.setFlag(this.vf);
  }
  /** 32-bit: ta, tb are masked here; tr = result (zero-extended) */
  adds32(cin: 0 | 1 | 'c'): void {
    const b = this.b, { ta, tb, tr } = this;
    b.get(ta).mask32x().set(ta);
    b.get(tb).mask32x().set(tb);
    b.get(ta).get(tb).op(Op.i64_add);
    if (cin === 1) b.i64(1n).op(Op.i64_add);
    else if (cin === 'c') { this.flag(this.cf); b.op(Op.i64_extend_i32_u, Op.i64_add); }
    b.set(tr);
    this.nz32(tr);
    b.get(tr).i64(32n).op(Op.i64_shr_u, Op.i32_wrap_i64); this.setFlag(this.cf);
    b.get(ta).get(tr).op(Op.i64_xor).get(tb).get(tr).op(Op.i64_xor, Op.i64_and).i64(31n).op(Op.i64_shr_u, Op.i32_wrap_i64).i32(1).op(Op.i32_and);
    this.setFlag(this.vf);
    b.get(tr).mask32x().set(tr);
  }
  /** push the condition (ARM cond 0..15) as i32 0/1 */
  cond(c: number): void {
    const b = this.b;
    switch (c >> 1) {
      case 0: this.flag(this.zf); break;
      case 1: this.flag(this.cf); break;
      case 2: this.flag(this.nf); break;
      case 3: this.flag(this.vf); break;
      case 4: this.flag(this.cf); this.flag(this.zf); b.op(Op.i32_eqz, Op.i32_and); break;
      case 5: this.flag(this.nf); this.flag(this.vf); b.op(Op.i32_eq); break;
      case 6: this.flag(this.nf); this.flag(this.vf); b.op(Op.i32_eq); this.flag(this.zf); b.op(Op.i32_eqz, Op.i32_and); break;
      default: b.i32(1); return; // AL and NV
    }
    if (c & 1) b.op(Op.i32_eqz);
  }
  /** NZCV from a 4-bit immediate */
  setNzcvImm(v: number): void {
    this.b.i32((v >> 3) & 1); this.setFlag(this.nf);
    this.b.i32((v >> 2) & 1); this.setFlag(this.zf);
    this.b.i32((v >> 1) & 1); this.setFlag(this.cf);
    this.b.i32(v & 1); this.setFlag(this.vf);
  }

  /** register loads (prologue) and stores (epilogue), once the body is known */
  finish(): void {
    const pro = new Body(0);
    const b = this.b;
    pro.i32(V.tlb).mem(Op.i32_load).set(this.tlb);
    pro.i32(V.excl).mem(Op.i32_load).set(this.excl);
    pro.i32(V.fptrap).mem(Op.i32_load).set(this.fptrap);
    pro.i32(V.ctx).mem(Op.i64_load).set(this.ctx);
    pro.i32(V.spmask).mem(Op.i64_load).set(this.spmask);
    for (const [slot, l] of this.xl) pro.i32(ACT + slot * 8).mem(Op.i64_load).set(l);
    if (this.flagsUsed) [this.nf, this.zf, this.cf, this.vf].forEach((l, i) => pro.i32(ACT + O_N + i * 4).mem(Op.i32_load).set(l));
    pro.get(this.pBudget).set(this.left);
    pro.get(this.pOff).i32(2).op(Op.i32_shr_u).set(this.idx);
    b.prologue = pro.code;
    // epilogue (after the $done block)
    for (const slot of this.written) b.i32(ACT + slot * 8).get(this.xl.get(slot)!).mem(Op.i64_store);
    if (this.flagsUsed) [this.nf, this.zf, this.cf, this.vf].forEach((l, i) => b.i32(ACT + O_N + i * 4).get(l).mem(Op.i32_store));
    b.i32(ACT + 0x120).get(this.exitPc).mem(Op.i64_store);
    b.i32(V.status).get(this.st).mem(Op.i32_store);
    b.get(this.pBudget).get(this.left).op(Op.i32_sub);
  }
}
