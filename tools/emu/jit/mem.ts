// Translation of loads and stores: the soft-TLB fast path inline (the same tag and alignment
// test as the interpreter's rd*/wr*), the core's slow path (jitRead/jitWrite) on a miss. When
// the slow path faults, or an SP alignment or FP access check fails, the instruction is left to
// the interpreter (ST.STEP) with the state as before it, so the interpreter raises the exception.
import { Op, T } from './wasm.ts';
import { FN, R_SP, V, type Gen } from './gen.ts';
import { ACT, O_V0, TLB_W_OFF, K, type Rec } from './records.ts';
import { extend, type Emit } from './alu.ts';

const LOAD: Record<number, number> = { 1: Op.i64_load8_u, 2: Op.i64_load16_u, 4: Op.i64_load32_u, 8: Op.i64_load };
const STORE: Record<number, number> = { 1: Op.i64_store8, 2: Op.i64_store16, 4: Op.i64_store32, 8: Op.i64_store };

/** te = this core's TLB entry for the VA in local `va` (entry address; tables at +0 / +TLB_W_OFF) */
function entry(g: Gen, va: number): void {
  g.b.get(g.tlb).get(va).i64(12n).op(Op.i64_shr_u, Op.i32_wrap_i64).i32(4095).op(Op.i32_and).i32(4).op(Op.i32_shl, Op.i32_add).tee(g.te);
}
/** i32: the entry (loaded with `off`) tags this VA page in the current context, VA aligned */
function hit(g: Gen, va: number, size: number, off: number): void {
  const b = g.b;
  entry(g, va);
  b.mem(Op.i64_load, off);
  b.get(va).i64(~0xfffn).op(Op.i64_and).get(g.ctx).op(Op.i64_or, Op.i64_eq);
  if (size > 1) b.get(va).op(Op.i32_wrap_i64).i32(size - 1).op(Op.i32_and, Op.i32_eqz, Op.i32_and);
}
function faultCheck(g: Gen): void {
  const b = g.b;
  b.i32(V.fault).mem(Op.i32_load);
  b.if_(); g.step(); b.end();
}
/** push the zero-extended value at the VA in local `va` */
export function readMem(g: Gen, size: number, va: number): void {
  const b = g.b;
  hit(g, va, size, 0);
  b.if_(T.i64);
  b.get(va).get(g.te).mem(Op.i64_load, 8).op(Op.i64_add, Op.i32_wrap_i64).mem(LOAD[size]);
  b.else_();
  b.get(va).i32(size).call(FN.read);
  faultCheck(g);
  b.end();
}
export function writeMem(g: Gen, size: number, va: number, value: () => void): void {
  const b = g.b;
  hit(g, va, size, TLB_W_OFF);
  b.if_();
  b.get(va).get(g.te).mem(Op.i64_load, TLB_W_OFF + 8).op(Op.i64_add, Op.i32_wrap_i64).tee(g.th);
  value();
  b.mem(STORE[size]);
  b.get(g.excl); b.if_(); b.get(g.th).call(FN.storeHook).end();
  b.else_();
  b.get(va).i32(size); value(); b.call(FN.write);
  faultCheck(g);
  b.end();
}

const vaddr = (t: number) => ACT + O_V0 + t * 16;
const vlo = (g: Gen, t: number, hi = false) => () => { g.b.i32(vaddr(t)).mem(Op.i64_load, hi ? 8 : 0); };
/** store the i64 locals lo/hi (hi absent: 0) as V register t */
function setV(g: Gen, t: number, lo: number, hi?: number): void {
  g.b.i32(vaddr(t)).get(lo).mem(Op.i64_store);
  g.b.i32(vaddr(t)); if (hi === undefined) g.b.i64(0n); else g.b.get(hi); g.b.mem(Op.i64_store, 8);
}
/** va2 = va + k */
function plus(g: Gen, va: number, k: number): number {
  const l = g.tmp(`va+${k}`);
  g.b.get(va).i64(BigInt(k)).op(Op.i64_add).set(l);
  return l;
}

const SEXT: Record<string, number[]> = {
  LDRSB_X: [0xc2], LDRSH_X: [0xc3], LDRSW: [0xc4],
  LDRSB_W: [0xc2, Op.i32_wrap_i64, Op.i64_extend_i32_u], LDRSH_W: [0xc3, Op.i32_wrap_i64, Op.i64_extend_i32_u],
};
const KIND = new Map<number, string>();
for (const k of ['STRB', 'STRH', 'STRW', 'STRX', 'LDRB', 'LDRH', 'LDRW', 'LDRX', 'LDRSB_X', 'LDRSH_X', 'LDRSW', 'LDRSB_W', 'LDRSH_W', 'PRFM',
  'STR_B', 'STR_H', 'STR_S', 'STR_D', 'STR_Q', 'LDR_B', 'LDR_H', 'LDR_S', 'LDR_D', 'LDR_Q']) KIND.set(K(`K_${k}`), k);
const SIZE: Record<string, number> = { B: 1, H: 2, W: 4, X: 8, S: 4, D: 8, Q: 16, SB_X: 1, SH_X: 2, SW: 4, SB_W: 1, SH_W: 2 };

/** the single-register access of kind `kind` to/from register t at the VA in local va */
function access(g: Gen, kind: number, t: number, va: number): void {
  const name = KIND.get(kind)!;
  if (name === 'PRFM') return;
  const fp = name.includes('_') && !name.startsWith('LDRS');
  const size = SIZE[name.slice(fp ? 4 : 3)];
  const isLoad = name.startsWith('LD');
  if (!fp) {
    if (!isLoad) { writeMem(g, size, va, () => { g.x(t); }); return; }
    readMem(g, size, va);
    if (SEXT[name]) g.b.op(...SEXT[name]);
    g.setx(t);
    return;
  }
  if (!isLoad) {
    if (size < 16) { writeMem(g, size, va, vlo(g, t)); return; }
    writeMem(g, 8, va, vlo(g, t));
    writeMem(g, 8, plus(g, va, 8), vlo(g, t, true));
    return;
  }
  if (size < 16) { readMem(g, size, va); g.b.set(g.tw); setV(g, t, g.tw); return; }
  readMem(g, 8, va); g.b.set(g.tw);
  readMem(g, 8, plus(g, va, 8)); g.b.set(g.tw2);
  setV(g, t, g.tw, g.tw2);
}
export function covers(kind: number): boolean { return KIND.has(kind); }

const M_PRE = K('M_PRE'), M_POST = K('M_POST');

function checks(g: Gen, r: Rec, fp: boolean): void {
  const b = g.b;
  if (fp) { b.get(g.fptrap).if_(); g.step(); b.end(); }
  if (r.n === R_SP) { g.x(R_SP).b.get(g.spmask).op(Op.i64_and, Op.i64_eqz, Op.i32_eqz).if_(); g.step(); b.end(); }
}

/** LDR/STR (immediate, any mode) and the specialised LDR_X ... STRB records */
function single(reg: boolean): Emit {
  return (g, r) => {
    const kind = r.x & 31, mode = reg ? 0 : (r.x >> 8) & 3;
    checks(g, r, kind >= 16);
    const b = g.b;
    g.x(r.n);
    if (reg) extend(g, r.m, ((r.a >> 4) << 8) | (r.a & 15)), b.op(Op.i64_add);
    else if (mode !== M_POST) b.i64(BigInt.asIntN(64, r.imm)).op(Op.i64_add);
    b.set(g.tv);
    access(g, kind, r.d, g.tv);
    if (mode === M_PRE) { b.get(g.tv); g.setx(r.n); }
    else if (mode === M_POST) { b.get(g.tv).i64(BigInt.asIntN(64, r.imm)).op(Op.i64_add); g.setx(r.n); }
  };
}

const P_NAMES = new Map<number, string>(['P_W', 'P_X', 'P_SW', 'P_S', 'P_D', 'P_Q'].map((n) => [K(n), n.slice(2)]));
function pair(load: boolean): Emit {
  return (g, r) => {
    const kind = P_NAMES.get(r.x & 31)!, mode = (r.x >> 8) & 3;
    const fp = kind === 'S' || kind === 'D' || kind === 'Q';
    checks(g, r, fp);
    const b = g.b;
    g.x(r.n);
    if (mode !== M_POST) b.i64(BigInt.asIntN(64, r.imm)).op(Op.i64_add);
    b.set(g.tv);
    const size = SIZE[kind === 'SW' ? 'W' : kind];
    const t = r.d, t2 = r.a;
    if (load) {
      if (size < 16) {
        readMem(g, size, g.tv); b.set(g.tw);
        readMem(g, size, plus(g, g.tv, size)); b.set(g.tw2);
        if (fp) { setV(g, t, g.tw); setV(g, t2, g.tw2); }
        else {
          const sx = kind === 'SW' ? [0xc4] : [];
          b.get(g.tw).op(...sx); g.setx(t);
          b.get(g.tw2).op(...sx); g.setx(t2);
        }
      } else {
        const l = [g.tw, g.tw2, g.tmp('q2'), g.tmp('q3')];
        for (let i = 0; i < 4; i++) { readMem(g, 8, i ? plus(g, g.tv, i * 8) : g.tv); b.set(l[i]); }
        setV(g, t, l[0], l[1]); setV(g, t2, l[2], l[3]);
      }
    } else if (!fp) {
      writeMem(g, size, g.tv, () => { g.x(t); });
      writeMem(g, size, plus(g, g.tv, size), () => { g.x(t2); });
    } else if (size < 16) {
      writeMem(g, size, g.tv, vlo(g, t));
      writeMem(g, size, plus(g, g.tv, size), vlo(g, t2));
    } else {
      writeMem(g, 8, g.tv, vlo(g, t)); writeMem(g, 8, plus(g, g.tv, 8), vlo(g, t, true));
      writeMem(g, 8, plus(g, g.tv, 16), vlo(g, t2)); writeMem(g, 8, plus(g, g.tv, 24), vlo(g, t2, true));
    }
    if (mode === M_PRE) { b.get(g.tv); g.setx(r.n); }
    else if (mode === M_POST) { b.get(g.tv).i64(BigInt.asIntN(64, r.imm)).op(Op.i64_add); g.setx(r.n); }
  };
}

export const MEM: Record<string, Emit> = {
  LDR_X: single(false), STR_X: single(false), LDR_W: single(false), STR_W: single(false), LDRB: single(false), STRB: single(false),
  LDST: single(false), LDST_REG: single(true),
  LDP: pair(true), STP: pair(false),
  LDR_LIT: (g, r) => {
    const kind = r.x;
    if (kind >= 16) { g.b.get(g.fptrap).if_(); g.step(); g.b.end(); }
    g.pc(r.idx, BigInt.asIntN(64, r.imm)); g.b.set(g.tv);
    access(g, kind, r.d, g.tv);
  },
};
