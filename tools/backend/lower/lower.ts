// Wasm function body -> machine IR, validating as it goes (the operand-stack type discipline of
// the spec's validation algorithm). Instruction selection happens here: operand-stack entries
// stay lazy (constants, comparisons, constant shifts, multiplies) until their consumer decides
// how to use them, so that `cmp`+`b.cond`, `cbz`, immediates, shifted operands, `madd`/`msub`,
// `ubfx` and `csel` come out directly.
import { UserError } from '../../common/diagnostics.ts';
import { OPS, type ValType } from '../wasm/opcodes.ts';
import type { Body, FuncType, Inst, Module } from '../wasm/module.ts';
import type { CallInfo, MBlock, MFunc, MInst, RC } from '../ir/mir.ts';
import { arithImm, fmovImm, logImm, mask, movSeq } from './imm.ts';
import { expandIntrinsic, symbolAddress, type IntrinsicCtx } from './intrinsics.ts';
import { writesNothing, type Effects, type WriteSet } from '../opt/effects.ts';

export interface LowerEnv {
  m: Module;
  file: string;
  funcSyms: string[];
  globalSyms: string[];
  /** Canonical type id per type index (structurally equal types share one id). */
  typeIds: number[];
  addressBase: bigint;
  memorySize: number;
  boundsChecks: boolean;
  tableSize: number;
  /** call_indirect through one table per signature (`__wasm_table_t<id>`: 8-byte code
   *  addresses, trap stubs where the entry is null or of another type): no signature compare. */
  sigTables?: boolean;
  /** Which callees write memory or globals (opt/effects.ts); absent: all may. */
  effects?: Effects;
  /** Function name for messages. */
  displayName: (f: number) => string;
}

type T = ValType;
type Val =
  | { k: 'r'; t: T; v: number }
  | { k: 'c'; t: T; c: bigint }
  | { k: 'cmp'; t: T; cond: string; a: Val; b: Val; ct: T }
  /** Integer comparisons combined left to right by and/or: one cmp, then a ccmp each. */
  | { k: 'cc'; t: T; items: Cmp[]; ops: ('and' | 'or')[] }
  /** A register shifted by a constant, kept lazy so the consumer can take it as a shifted
   *  operand (ror only as an operand of and/orr/eor/bic/orn/eon). */
  | { k: 'sh'; t: T; op: 'lsl' | 'lsr' | 'asr' | 'ror'; a: number; n: number }
  /** Bitwise not of a register, kept lazy for bic/orn/eon. */
  | { k: 'not'; t: T; a: number }
  | { k: 'mul'; t: T; a: number; b: number };

type Cmp = Val & { k: 'cmp' };

/** NZCV values under which a condition holds / fails (for ccmp's "else" flags). */
const NZCV_TRUE: Record<string, number> = { eq: 4, ne: 0, lt: 8, ge: 0, gt: 0, le: 4, lo: 0, hs: 2, hi: 2, ls: 0, mi: 8, pl: 0, vs: 1, vc: 0 };
const NZCV_FALSE: Record<string, number> = { eq: 0, ne: 4, lt: 0, ge: 8, gt: 4, le: 0, lo: 2, hs: 0, hi: 0, ls: 2, mi: 0, pl: 8, vs: 0, vc: 1 };
const isIntCmp = (v: Val): v is Cmp => v.k === 'cmp' && v.ct !== 'f32' && v.ct !== 'f64';

interface Frame {
  kind: 'block' | 'loop' | 'if' | 'else' | 'func';
  params: T[];
  results: T[];
  height: number;
  unreachable: boolean;
  label: number;
  labelVregs: number[];
  end: number;
  resultVregs: number[];
  elseBlock?: number;
  ifParams?: Val[];
}

const CLS: Record<T, RC> = { i32: 'w', i64: 'x', f32: 's', f64: 'd' };
const ICOND: Record<string, string> = { eq: 'eq', ne: 'ne', lt_s: 'lt', lt_u: 'lo', gt_s: 'gt', gt_u: 'hi', le_s: 'le', le_u: 'ls', ge_s: 'ge', ge_u: 'hs' };
const FCOND: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'mi', gt: 'gt', le: 'ls', ge: 'ge' };
const INV: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo', hi: 'ls', ls: 'hi', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs' };
const SWAP: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'gt', gt: 'lt', le: 'ge', ge: 'le', lo: 'hi', hi: 'lo', ls: 'hs', hs: 'ls' };

export const TRAP = { unreachable: 0, divZero: 1, overflow: 2, invalidConv: 3, oob: 4, undefElem: 5, uninitElem: 6, sigMismatch: 7, stack: 8 };

const LOADS: Record<string, [string, 'w' | 'x' | 's' | 'd']> = {
  'i32.load': ['ldr', 'w'], 'i64.load': ['ldr', 'x'], 'f32.load': ['ldr', 's'], 'f64.load': ['ldr', 'd'],
  'i32.load8_s': ['ldrsb', 'w'], 'i32.load8_u': ['ldrb', 'w'], 'i32.load16_s': ['ldrsh', 'w'], 'i32.load16_u': ['ldrh', 'w'],
  'i64.load8_s': ['ldrsb', 'x'], 'i64.load8_u': ['ldrb', 'w'], 'i64.load16_s': ['ldrsh', 'x'], 'i64.load16_u': ['ldrh', 'w'],
  'i64.load32_s': ['ldrsw', 'x'], 'i64.load32_u': ['ldr', 'w'],
};
const STORES: Record<string, [string, 'w' | 'x' | 's' | 'd']> = {
  'i32.store': ['str', 'w'], 'i64.store': ['str', 'x'], 'f32.store': ['str', 's'], 'f64.store': ['str', 'd'],
  'i32.store8': ['strb', 'w'], 'i32.store16': ['strh', 'w'], 'i64.store8': ['strb', 'w'], 'i64.store16': ['strh', 'w'],
  'i64.store32': ['str', 'w'],
};
const FUN: Record<string, string> = { abs: 'fabs', neg: 'fneg', ceil: 'frintp', floor: 'frintm', trunc: 'frintz', nearest: 'frintn', sqrt: 'fsqrt' };
const FBIN: Record<string, string> = { add: 'fadd', sub: 'fsub', mul: 'fmul', div: 'fdiv', min: 'fmin', max: 'fmax' };

/** The sign-extension operators (wasm sign-extension proposal): one instruction each. */
const SIGN_EXTEND: Record<string, string> = {
  'i32.extend8_s': 'sxtb {d0:w}, {u0:w}',
  'i32.extend16_s': 'sxth {d0:w}, {u0:w}',
  'i64.extend8_s': 'sxtb {d0:x}, {u0:w}',
  'i64.extend16_s': 'sxth {d0:x}, {u0:w}',
  'i64.extend32_s': 'sxtw {d0:x}, {u0:w}',
};

export class FuncLowering {
  readonly vclass: RC[] = [];
  readonly byId: MBlock[] = [];
  readonly layout: MBlock[] = [];
  cur!: MBlock;
  stack: Val[] = [];
  frames: Frame[] = [];
  locals: number[] = [];
  localTypes: T[] = [];
  hasCalls = false;
  memBase: number | null = null;
  ins!: Inst;
  lastInst: MInst | null = null;
  loopDepth = 0;

  constructor(readonly env: LowerEnv, readonly fidx: number, readonly type: FuncType, readonly body: Body) {}

  // ---- errors ---------------------------------------------------------------------------
  fail(msg: string, pos = this.ins?.pos ?? this.body.pos): never {
    throw new UserError(`in function ${this.env.displayName(this.fidx)}: ${msg}`, { offset: { file: this.env.file, offset: pos } });
  }

  // ---- IR building ------------------------------------------------------------------------
  newV(t: T | RC): number {
    const c = (CLS as Record<string, RC>)[t] ?? (t as RC);
    this.vclass.push(c);
    return this.vclass.length - 1;
  }

  newBlock(): number {
    const b: MBlock = { id: this.byId.length, insts: [], loopDepth: this.loopDepth };
    this.byId.push(b);
    return b.id;
  }

  /** Make block `id` current and place it next in the layout. */
  start(id: number) {
    this.cur = this.byId[id];
    this.cur.loopDepth = this.loopDepth;
    this.layout.push(this.cur);
    this.lastInst = null;
  }

  emit(i: MInst): MInst {
    if (i.src === undefined && this.ins) i.src = this.ins.pos;
    this.cur.insts.push(i);
    this.lastInst = i;
    return i;
  }

  op(t: string, defs: number[], uses: number[], w: 'w' | 'x' = 'w', extra: Partial<MInst> = {}): MInst {
    return this.emit({ t, defs, uses, w, pure: true, ...extra });
  }

  jump(target: number) {
    this.emit({ t: 'b {B0}', defs: [], uses: [], targets: [target] });
  }

  // ---- values -----------------------------------------------------------------------------
  wOf(t: T): 'w' | 'x' {
    return t === 'i64' ? 'x' : 'w';
  }

  constVal(t: T, c: bigint): Val {
    if (t === 'i32') c &= 0xffffffffn;
    if (t === 'i64') c &= 0xffffffffffffffffn;
    return { k: 'c', t, c };
  }

  /** A register holding the value. */
  mat(v: Val): number {
    switch (v.k) {
      case 'r':
        return v.v;
      case 'c':
        return this.matConst(v.t, v.c);
      case 'cmp':
      case 'cc': {
        const d = this.newV('i32');
        const cond = this.flags(v);
        this.op(`cset {d0:w}, ${cond}`, [d], [], 'w');
        return d;
      }
      case 'sh': {
        const d = this.newV(v.t);
        this.op(`${v.op} {d0}, {u0}, #${v.n}`, [d], [v.a], this.wOf(v.t));
        return d;
      }
      case 'mul': {
        const d = this.newV(v.t);
        this.op('mul {d0}, {u0}, {u1}', [d], [v.a, v.b], this.wOf(v.t));
        return d;
      }
      case 'not': {
        const d = this.newV(v.t);
        this.op('mvn {d0}, {u0}', [d], [v.a], this.wOf(v.t));
        return d;
      }
    }
  }

  matConst(t: T, c: bigint): number {
    const d = this.newV(t);
    if (t === 'i32' || t === 'i64') {
      const bits = t === 'i32' ? 32 : 64;
      this.op(movSeq('{d0}', c, bits, t === 'i32' ? 'wzr' : 'xzr').join('\n'), [d], [], this.wOf(t));
    } else {
      const f = t === 'f32' ? 32 : 64;
      const imm = c === 0n ? null : fmovImm(c, t);
      if (c === 0n) this.op(`fmov {d0}, ${f === 32 ? 'wzr' : 'xzr'}`, [d], []);
      else if (imm) this.op(`fmov {d0}, ${imm.includes('.') || imm.includes('e') ? imm : imm + '.0'}`, [d], []);
      else {
        const tmp = this.newV(f === 32 ? 'w' : 'x');
        this.op(movSeq('{d1}', c, f, f === 32 ? 'wzr' : 'xzr').join('\n') + '\nfmov {d0}, {d1}', [d, tmp], [], f === 32 ? 'w' : 'x', { ec: true });
      }
    }
    return d;
  }

  /** Operand text for an integer second operand: immediate or register use. */
  refs(v: Val, r: number): boolean {
    switch (v.k) {
      case 'r':
        return v.v === r;
      case 'c':
        return false;
      case 'cmp':
        return this.refs(v.a, r) || this.refs(v.b, r);
      case 'cc':
        return v.items.some((x) => this.refs(x, r));
      case 'sh':
      case 'not':
        return v.a === r;
      case 'mul':
        return v.a === r || v.b === r;
    }
  }

  push(v: Val) {
    this.stack.push(v);
  }

  pop(want?: T): Val {
    const f = this.frames[this.frames.length - 1];
    if (this.stack.length <= f.height) {
      if (f.unreachable) return { k: 'r', t: want ?? 'i32', v: this.newV(want ?? 'i32') };
      this.fail(`type mismatch: expected ${want ?? 'a value'} but the operand stack is empty`);
    }
    const v = this.stack.pop()!;
    if (want && v.t !== want) this.fail(`type mismatch: expected ${want}, got ${v.t}`);
    return v;
  }

  popN(types: T[]): Val[] {
    const out: Val[] = [];
    for (let i = types.length - 1; i >= 0; i--) out[i] = this.pop(types[i]);
    return out;
  }

  /** Copy values into the given vregs (label or result registers). */
  moveInto(dst: number[], vals: Val[]) {
    // Parallel-copy safety: a later destination may be read by an earlier source.
    const tmp = vals.map((v) => (v.k === 'r' && dst.includes(v.v) ? this.copy(v.v, v.t) : null));
    vals.forEach((v, i) => {
      const src = tmp[i] ?? v;
      if (src.k === 'r' && src.v === dst[i]) return;
      if (src.k === 'c') {
        const c = this.matConst(src.t, src.c);
        this.lastInst!.defs[0] = dst[i];
        void c;
        return;
      }
      this.emit({ t: 'mov {d0}, {u0}', defs: [dst[i]], uses: [this.mat(src)], w: 'x', move: true, pure: true });
    });
  }

  copy(r: number, t: T): Val {
    const d = this.newV(t);
    this.emit({ t: 'mov {d0}, {u0}', defs: [d], uses: [r], w: 'x', move: true, pure: true });
    return { k: 'r', t, v: d };
  }

  // ---- flags and branches --------------------------------------------------------------------
  /** Emit the flag-setting instruction for a comparison; return the condition. */
  flags(v: Cmp | (Val & { k: 'cc' })): string {
    if (v.k === 'cc') return this.flagsChain(v);
    const isF = v.ct === 'f32' || v.ct === 'f64';
    if (isF) {
      const a = this.mat(v.a);
      if (v.b.k === 'c' && v.b.c === 0n) {
        this.emit({ t: 'fcmp {u0}, #0.0', defs: [], uses: [a] });
      } else this.emit({ t: 'fcmp {u0}, {u1}', defs: [], uses: [a, this.mat(v.b)] });
      return v.cond;
    }
    let { a, b, cond } = v;
    if (a.k === 'c' && b.k !== 'c') {
      [a, b] = [b, a];
      cond = SWAP[cond];
    }
    const w = this.wOf(v.ct);
    const ra = this.mat(a);
    if (b.k === 'c') {
      const neg = BigInt.asUintN(w === 'w' ? 32 : 64, -b.c);
      const imm = arithImm(b.c);
      const nimm = arithImm(neg);
      if (imm) {
        this.emit({ t: `cmp {u0}, ${imm}`, defs: [], uses: [ra], w });
        return cond;
      }
      if (nimm) {
        this.emit({ t: `cmn {u0}, ${nimm}`, defs: [], uses: [ra], w });
        return cond;
      }
    }
    if (b.k === 'sh' && b.op !== 'ror') {
      this.emit({ t: `cmp {u0}, {u1}, ${b.op} #${b.n}`, defs: [], uses: [ra, b.a], w });
      return cond;
    }
    this.emit({ t: 'cmp {u0}, {u1}', defs: [], uses: [ra, this.mat(b)], w });
    return cond;
  }

  /** A chain of integer comparisons: `cmp` for the first, then `ccmp`/`ccmn` for each next one,
   *  which compares only when the chain so far decides nothing (and: true so far; or: false so
   *  far) and otherwise sets flags that give the next comparison's outcome directly. */
  flagsChain(v: Val & { k: 'cc' }): string {
    // Operand registers first: materializing one may itself compare (a nested comparison).
    const rest = v.items.slice(1).map((c) => {
      let { a, b, cond } = c;
      if (a.k === 'c' && b.k !== 'c') {
        [a, b] = [b, a];
        cond = SWAP[cond];
      }
      const bits = c.ct === 'i64' ? 64 : 32;
      const ra = this.mat(a);
      let opnd = '{u1}';
      let mn = 'ccmp';
      const uses = [ra];
      if (b.k === 'c' && b.c < 32n) opnd = `#${b.c}`;
      else if (b.k === 'c' && BigInt.asUintN(bits, -b.c) < 32n) (opnd = `#${BigInt.asUintN(bits, -b.c)}`), (mn = 'ccmn');
      else uses.push(this.mat(b));
      return { mn, opnd, uses, cond, w: this.wOf(c.ct) };
    });
    let cond = this.flags(v.items[0]);
    rest.forEach((r, i) => {
      const and = v.ops[i] === 'and';
      const nzcv = and ? NZCV_FALSE[r.cond] : NZCV_TRUE[r.cond];
      this.emit({ t: `${r.mn} {u0}, ${r.opnd}, #${nzcv}, ${and ? cond : INV[cond]}`, defs: [], uses: r.uses, w: r.w });
      cond = r.cond;
    });
    return cond;
  }

  /** `a and b` / `a or b` of integer comparisons (or chains of them) as one chain; null if not. */
  chain(op: 'and' | 'or', a: Val, b: Val): Val | null {
    const asChain = (x: Val) => (isIntCmp(x) ? { items: [x], ops: [] as ('and' | 'or')[] } : x.k === 'cc' ? x : null);
    let ca = asChain(a);
    let cb = asChain(b);
    if (!ca || !cb) return null;
    if (cb.items.length > 1) [ca, cb] = [cb, ca];
    if (cb.items.length > 1 || ca.items.length >= 4) return null;
    return { k: 'cc', t: 'i32', items: [...ca.items, cb.items[0]], ops: [...ca.ops, op] };
  }

  /** Logical negation of a condition value, when it is a comparison or a chain of them. */
  negate(v: Val): Val | null {
    if (v.k === 'cmp') return { ...v, cond: INV[v.cond] };
    if (v.k === 'cc') return { ...v, items: v.items.map((x) => ({ ...x, cond: INV[x.cond] })), ops: v.ops.map((o) => (o === 'and' ? 'or' : 'and')) };
    return null;
  }

  /** Branch to `target` when `c` (an i32 condition) is nonzero (or zero, if `negate`). */
  branchIf(c: Val, target: number, negate: boolean) {
    if (c.k === 'c') {
      if ((c.c !== 0n) !== negate) this.jump(target);
      return;
    }
    if (c.k === 'cmp' && c.ct !== 'f32' && c.ct !== 'f64' && c.b.k === 'c' && c.b.c === 0n && (c.cond === 'eq' || c.cond === 'ne')) {
      const zero = (c.cond === 'eq') !== negate;
      this.emit({ t: `${zero ? 'cbz' : 'cbnz'} {u0}, {B0}`, defs: [], uses: [this.mat(c.a)], w: this.wOf(c.ct), targets: [target] });
      return;
    }
    if (c.k === 'cmp' || c.k === 'cc') {
      const cond = this.flags(c);
      this.emit({ t: `b.${negate ? INV[cond] : cond} {B0}`, defs: [], uses: [], targets: [target] });
      return;
    }
    this.emit({ t: `${negate ? 'cbz' : 'cbnz'} {u0}, {B0}`, defs: [], uses: [this.mat(c)], w: 'w', targets: [target] });
  }

  // ---- memory -------------------------------------------------------------------------------
  base(): number {
    if (this.memBase === null) throw new Error('memory base requested without a base');
    return this.memBase;
  }

  /** Address operand text `[...]` for an access of `size` bytes at wasm address `addr` + `off`. */
  address(addr: number, off: number, size: number, mn: string, plain = false): { mn: string; text: string; uses: number[] } {
    if (this.env.boundsChecks) {
      const end = this.newV('x');
      const lim = this.matConst('i64', BigInt(this.env.memorySize));
      const tot = BigInt(off + size);
      const imm = arithImm(tot);
      if (imm) this.op(`add {d0}, {u0}, ${imm}`, [end], [addr], 'x');
      else this.op('add {d0}, {u0}, {u1}', [end], [addr, this.matConst('i64', tot)], 'x');
      this.emit({ t: 'cmp {u0}, {u1}\nb.hi {T0}', defs: [], uses: [end, lim], w: 'x', stubs: [{ kind: TRAP.oob }] });
    }
    let b = addr;
    // Plain loads and stores get the base late (opt/address-base.ts), after the passes that
    // reason about addresses; intrinsics' accesses (volatile, atomic) get it here.
    if (this.env.addressBase !== 0n && !plain) {
      if (off === 0) return { mn, text: '[{uB:x}, {uA:w}, uxtw]', uses: [addr, this.base()] };
      b = this.newV('x');
      this.op('add {d0}, {u0}, {u1:w}, uxtw', [b], [this.base(), addr], 'x');
    }
    if (off === 0) return { mn, text: '[{uA:x}]', uses: [b] };
    if (off % size === 0 && off / size < 4096) return { mn, text: `[{uA:x}, #${off}]`, uses: [b] };
    if (off < 256) return { mn: mn.replace(/^(ld|st)r/, '$1ur'), text: `[{uA:x}, #${off}]`, uses: [b] };
    const o = this.matConst('i64', BigInt(off));
    return { mn, text: '[{uA:x}, {uB:x}]', uses: [b, o] };
  }

  /** Fill the {uA}/{uB} placeholders of an address with use indices starting at `first`. */
  static addrText(text: string, first: number): string {
    return text.replace('{uA', `{u${first}`).replace('{uB', `{u${first + 1}`);
  }

  /** Machine address (x register) of wasm address `a` (a zero-extended i32 register). */
  machineAddr(a: number): number {
    if (this.env.addressBase === 0n) return a;
    const p = this.newV('x');
    this.op('add {d0}, {u0}, {u1:w}, uxtw', [p], [this.base(), a], 'x');
    return p;
  }

  /** Trap (kind 4) unless `a + n <= limit`; all zero-extended 64-bit. */
  rangeCheck(a: number, n: number, limit: number | bigint) {
    const end = this.newV('x');
    this.op('add {d0}, {u0:x}, {u1:x}', [end], [a, n], 'x');
    const lim = typeof limit === 'bigint' ? this.matConst('i64', limit) : limit;
    this.emit({ t: 'cmp {u0}, {u1}\nb.hi {T0}', defs: [], uses: [end, lim], w: 'x', stubs: [{ kind: TRAP.oob }] });
  }

  callRuntime(sym: string, args: number[]) {
    this.hasCalls = true;
    this.emit({ t: '', defs: [], uses: args, call: { sym, args, rets: [] } });
  }

  // ---- the translation --------------------------------------------------------------------
  lower(): MFunc {
    const { type, body } = this;
    if (body.unsupported) this.fail(body.unsupported, body.pos);
    if (type.unsupported) this.fail(type.unsupported, body.pos);
    this.checkArity(type);
    const entry = this.newBlock();
    this.start(entry);
    const params = type.params.map((t) => this.newV(t));
    this.emit({ t: '', defs: [...params], uses: [], entry: true });
    if (this.env.addressBase !== 0n) {
      this.memBase = this.newV('x');
      this.op(movSeq('{d0}', this.env.addressBase, 64, 'xzr').join('\n'), [this.memBase], [], 'x');
    }
    const top = this.enterBody(params, type.params, body.locals, type.results);
    const { end: exit, resultVregs: results } = top;
    this.frames.push(top);

    for (const ins of body.code) {
      this.ins = ins;
      this.step(ins);
      if (this.frames.length === 0) break;
    }
    this.start(exit);
    this.emit({ t: '', defs: [], uses: results, ret: true });
    return this.finish();
  }

  blockType(bt: number): FuncType {
    if (bt === -1) return { params: [], results: [] };
    if (bt <= -2) return { params: [], results: [(['i32', 'i64', 'f32', 'f64'] as T[])[-2 - bt]] };
    return this.env.m.types[bt];
  }

  frameAt(depth: number): Frame {
    if (depth >= this.frames.length) this.fail(`unknown label ${depth}`);
    return this.frames[this.frames.length - 1 - depth];
  }

  labelTypes(f: Frame): T[] {
    return f.kind === 'loop' ? f.params : f.results;
  }

  setUnreachable() {
    const f = this.frames[this.frames.length - 1];
    this.stack.length = f.height;
    f.unreachable = true;
    this.start(this.newBlock()); // dead code goes to a block nobody branches to
  }

  /** A function body's start (its own or inlined): parameters, declared locals zeroed as wasm
   *  requires, the exit block and result registers; returns the body's `func` frame. */
  enterBody(params: number[], paramTypes: T[], locals: T[], results: T[]): Frame {
    this.locals = [...params];
    this.localTypes = [...paramTypes, ...locals];
    for (const t of locals) {
      const v = this.newV(t);
      this.locals.push(v);
      if (t === 'f32' || t === 'f64') this.op(`fmov {d0}, ${t === 'f32' ? 'wzr' : 'xzr'}`, [v], []);
      else this.op(`mov {d0}, ${t === 'i32' ? 'wzr' : 'xzr'}`, [v], [], this.wOf(t));
    }
    const exit = this.newBlock();
    const rv = results.map((t) => this.newV(t));
    return { kind: 'func', params: [], results, height: 0, unreachable: false, label: exit, labelVregs: rv, end: exit, resultVregs: rv };
  }

  /** Materialize stack entries that read local vreg `r` before it is overwritten. */
  protectLocal(r: number) {
    for (let i = 0; i < this.stack.length; i++) {
      const v = this.stack[i];
      if (this.refs(v, r)) this.stack[i] = v.k === 'r' ? this.copy(v.v, v.t) : { k: 'r', t: v.t, v: this.mat(v) };
    }
  }

  /** Before a structured control op: stack entries that read locals become copies, because a
   *  local.set inside one arm cannot re-materialize an entry the other path also reads. */
  pinLocalRefs(skipTop: number) {
    for (let i = 0; i < this.stack.length - skipTop; i++) {
      const v = this.stack[i];
      if (this.locals.some((l) => this.refs(v, l))) this.stack[i] = v.k === 'r' ? this.copy(v.v, v.t) : { k: 'r', t: v.t, v: this.mat(v) };
    }
  }

  step(ins: Inst) {
    const info = OPS.get(ins.op)!;
    const name = info.name;
    if ((name === 'block' || name === 'loop' || name === 'if') && !this.frames[this.frames.length - 1].unreachable) this.pinLocalRefs(name === 'if' ? 1 : 0);
    switch (name) {
      case 'nop':
        return;
      case 'unreachable':
        this.emit({ t: 'b {T0}', defs: [], uses: [], stubs: [{ kind: TRAP.unreachable }] });
        this.setUnreachable();
        return;
      case 'block':
      case 'loop': {
        const bt = this.blockType(ins.bt!);
        const args = this.popN(bt.params);
        const height = this.stack.length;
        const end = this.newBlock();
        const resultVregs = bt.results.map((t) => this.newV(t));
        if (name === 'block') {
          args.forEach((a) => this.push(a));
          this.frames.push({ kind: 'block', params: bt.params, results: bt.results, height, unreachable: false, label: end, labelVregs: resultVregs, end, resultVregs });
        } else {
          const pv = bt.params.map((t) => this.newV(t));
          this.moveInto(pv, args);
          const head = this.newBlock();
          const pre = this.cur.id;
          this.jump(head);
          this.loopDepth++;
          this.loops.push({ head, pre, first: head, last: -1, depth: this.loopDepth });
          this.start(head);
          pv.forEach((v, i) => this.push({ k: 'r', t: bt.params[i], v }));
          this.frames.push({ kind: 'loop', params: bt.params, results: bt.results, height, unreachable: false, label: head, labelVregs: pv, end, resultVregs });
        }
        return;
      }
      case 'if': {
        const bt = this.blockType(ins.bt!);
        const c = this.pop('i32');
        const args = this.popN(bt.params).map((a) => (a.k === 'c' ? a : ({ k: 'r', t: a.t, v: this.mat(a) } as Val)));
        const height = this.stack.length;
        const end = this.newBlock();
        const elseB = this.newBlock();
        const then = this.newBlock();
        const resultVregs = bt.results.map((t) => this.newV(t));
        this.branchIf(c, elseB, true);
        this.jump(then);
        this.start(then);
        args.forEach((a) => this.push(a));
        this.frames.push({ kind: 'if', params: bt.params, results: bt.results, height, unreachable: false, label: end, labelVregs: resultVregs, end, resultVregs, elseBlock: elseB, ifParams: args });
        return;
      }
      case 'else': {
        const f = this.frames[this.frames.length - 1];
        if (f.kind !== 'if') this.fail('else without a matching if');
        this.closeArm(f);
        this.start(f.elseBlock!);
        f.elseBlock = undefined;
        f.kind = 'else';
        f.unreachable = false;
        f.ifParams!.forEach((a) => this.push(a));
        return;
      }
      case 'end': {
        const f = this.frames[this.frames.length - 1];
        this.closeArm(f);
        if (f.kind === 'if') {
          // An if without else: the false arm passes its parameters through.
          if (f.params.join() !== f.results.join()) this.fail('type mismatch: if without else must leave its parameters unchanged');
          this.start(f.elseBlock!);
          this.moveInto(f.resultVregs, f.ifParams!);
          this.jump(f.end);
        }
        this.frames.pop();
        if (f.kind === 'loop') {
          this.loopDepth--;
          const l = this.loops.find((x) => x.head === f.label)!;
          l.last = this.byId.length - 1;
        }
        if (f.kind === 'func') return;
        this.start(f.end);
        f.resultVregs.forEach((v, i) => this.push({ k: 'r', t: f.results[i], v }));
        return;
      }
      case 'br': {
        const f = this.frameAt(ins.a!);
        const vals = this.popN(this.labelTypes(f));
        this.moveInto(f.labelVregs, vals);
        this.jump(f.label);
        this.setUnreachable();
        return;
      }
      case 'br_if': {
        const c = this.pop('i32');
        const f = this.frameAt(ins.a!);
        const types = this.labelTypes(f);
        const vals = this.popN(types);
        this.moveInto(f.labelVregs, vals);
        // Values stay on the stack for the fall-through path; a register the move wrote may be
        // one of them only if it is a label register, which nothing below reads.
        vals.forEach((v) => this.push(v));
        const next = this.newBlock();
        this.branchIf(c, f.label, false);
        this.jump(next);
        this.start(next);
        return;
      }
      case 'br_table': {
        const idx = this.pop('i32');
        const def = this.frameAt(ins.a!);
        const types = this.labelTypes(def);
        for (const t of ins.targets!) {
          const tf = this.frameAt(t);
          const tt = this.labelTypes(tf);
          if (tt.length !== types.length || (!this.frames[this.frames.length - 1].unreachable && tt.join() !== types.join())) this.fail('type mismatch: br_table targets have different types');
        }
        const vals = this.popN(types);
        const frames = [...new Set([...ins.targets!, ins.a!].map((d) => this.frameAt(d)))];
        for (const f of frames) this.moveInto(f.labelVregs, vals);
        const ti = this.mat(idx);
        const n = ins.targets!.length;
        if (n === 0) {
          this.jump(def.label);
        } else {
          const nimm = arithImm(BigInt(n));
          const cmpUses = nimm ? [ti] : [ti, this.matConst('i32', BigInt(n))];
          const label = `.Ljt${this.fidx}_${this.jumpTables++}`;
          const tab = this.newV('x');
          this.op(`adrp {d0}, ${label}\nadd {d0}, {d0}, :lo12:${label}`, [tab], [], 'x');
          const t1 = this.newV('x');
          const t2 = this.newV('x');
          this.emit({
            t: `cmp {u0:w}, ${nimm ?? `{u${cmpUses.length}:w}`}\nb.hs {B0}\nldrsw {d1}, [{u1}, {u0:x}, lsl #2]\nadd {d0}, {u1}, {d1}\nbr {d0}`,
            // readOnly: it reads its jump table (.rodata) and writes no memory
            defs: [t1, t2], uses: nimm ? [ti, tab] : [ti, tab, cmpUses[1]], w: 'x', ec: true, jt: label, readOnly: true,
            targets: [def.label, ...ins.targets!.map((d) => this.frameAt(d).label)],
          });
        }
        this.setUnreachable();
        return;
      }
      case 'return': {
        const f = this.frames[0];
        const vals = this.popN(f.results);
        this.moveInto(f.labelVregs, vals);
        this.jump(f.label);
        this.setUnreachable();
        return;
      }
      case 'call':
        return this.lowerCall(ins.a!);
      case 'call_indirect':
        return this.lowerCallIndirect(ins.a!);
      case 'drop':
        this.pop();
        return;
      case 'select':
      case 'select_t':
        return this.lowerSelect();
      case 'local.get': {
        const i = this.localIdx(ins.a!);
        this.push({ k: 'r', t: this.localTypes[i], v: this.locals[i] });
        return;
      }
      case 'local.set':
      case 'local.tee': {
        const i = this.localIdx(ins.a!);
        const t = this.localTypes[i];
        const v = this.pop(t);
        const r = this.locals[i];
        this.protectLocal(r);
        this.assignLocal(r, v, t);
        if (name === 'local.tee') this.push({ k: 'r', t, v: r });
        return;
      }
      case 'global.get': {
        const g = this.globalAt(ins.a!);
        if (!g.mutable && g.init.kind === 'const' && ins.a! >= this.env.m.numImportedGlobals) {
          this.push(this.constVal(g.type, g.init.value));
          return;
        }
        if (ins.a! < this.env.m.numImportedGlobals) {
          const imp = this.env.m.imports.filter((i) => i.kind === 'global')[ins.a!];
          if (imp.module === 'aarch64') {
            // `@external("aarch64", "addr.SYM") declare const x: u64`: the address of SYM.
            if (g.mutable) this.fail(`intrinsic global "aarch64.${imp.field}" must be a const`);
            this.push({ k: 'r', t: g.type, v: symbolAddress(this, imp.field, g.type, (m) => this.fail(m)) });
            return;
          }
        }
        const sym = this.env.globalSyms[ins.a!];
        const d = this.newV(g.type);
        this.op(`ldr {d0}, [{u0:x}, :lo12:${sym}]`, [d], [this.page(sym)], this.wOf(g.type), { pure: false, load: true });
        this.push({ k: 'r', t: g.type, v: d });
        return;
      }
      case 'global.set': {
        const g = this.globalAt(ins.a!);
        if (!g.mutable) this.fail(`global.set of immutable global ${ins.a}`);
        const v = this.pop(g.type);
        const sym = this.env.globalSyms[ins.a!];
        const [text, uses] = this.storeSrc(v, 0);
        this.emit({ t: `str ${text}, [{u${uses.length}:x}, :lo12:${sym}]`, defs: [], uses: [...uses, this.page(sym)], w: this.wOf(g.type) });
        return;
      }
      case 'memory.size':
        this.needMemory();
        this.push(this.constVal('i32', BigInt(Math.floor(this.env.memorySize / 65536))));
        return;
      case 'memory.grow':
        this.needMemory();
        this.pop('i32');
        this.push(this.constVal('i32', 0xffffffffn));
        return;
      case 'i32.const':
      case 'i64.const':
      case 'f32.const':
      case 'f64.const':
        this.push(this.constVal(info.result!, ins.big!));
        return;
      case 'memory.fill': {
        this.needMemory();
        const [d, val, n] = this.popN(['i32', 'i32', 'i32']).map((v) => this.mat(v));
        this.rangeCheck(d, n, BigInt(this.env.memorySize));
        this.callRuntime('__wasm_memset', [this.machineAddr(d), val, n]);
        return;
      }
      case 'memory.copy': {
        this.needMemory();
        const [d, s, n] = this.popN(['i32', 'i32', 'i32']).map((v) => this.mat(v));
        this.rangeCheck(d, n, BigInt(this.env.memorySize));
        this.rangeCheck(s, n, BigInt(this.env.memorySize));
        this.callRuntime('__wasm_memmove', [this.machineAddr(d), this.machineAddr(s), n]);
        return;
      }
      case 'memory.init': {
        this.needMemory();
        const seg = ins.a!;
        if (seg >= this.env.m.datas.length) this.fail(`unknown data segment ${seg}`);
        const [d, s, n] = this.popN(['i32', 'i32', 'i32']).map((v) => this.mat(v));
        const len = this.newV('x');
        const tmp = this.newV('x');
        this.op(`adrp {d1:x}, __wasm_datalen_${seg}\nldr {d0:x}, [{d1:x}, :lo12:__wasm_datalen_${seg}]`, [len, tmp], [], 'x', { ec: true, pure: false });
        this.rangeCheck(s, n, len);
        this.rangeCheck(d, n, BigInt(this.env.memorySize));
        const src = this.newV('x');
        this.op(`adrp {d0}, __wasm_seg_${seg}\nadd {d0}, {d0}, :lo12:__wasm_seg_${seg}\nadd {d0}, {d0}, {u0:x}`, [src], [s], 'x', { ec: true });
        this.callRuntime('__wasm_memmove', [this.machineAddr(d), src, n]);
        return;
      }
      case 'data.drop': {
        const seg = ins.a!;
        if (seg >= this.env.m.datas.length) this.fail(`unknown data segment ${seg}`);
        const tmp = this.newV('x');
        this.emit({ t: `adrp {d0:x}, __wasm_datalen_${seg}\nstr xzr, [{d0:x}, :lo12:__wasm_datalen_${seg}]`, defs: [tmp], uses: [], w: 'x' });
        return;
      }
    }
    if (LOADS[name]) return this.lowerLoad(name, ins);
    if (STORES[name]) return this.lowerStore(name, ins);
    const [t, rest] = name.split('.') as [T, string];
    if (info.params!.length === 2 && info.result && (t === 'i32' || t === 'i64')) {
      const [a, b] = this.popN(info.params!);
      return this.intBinary(t, rest, a, b);
    }
    if (info.params!.length === 2 && info.result && (t === 'f32' || t === 'f64')) {
      const [a, b] = this.popN(info.params!);
      return this.floatBinary(t, rest, a, b);
    }
    const [a] = this.popN(info.params!);
    return this.unary(name, t, rest, a, info.result!);
  }

  localIdx(i: number): number {
    if (i >= this.locals.length) this.fail(`unknown local ${i}`);
    return i;
  }

  globalAt(i: number) {
    if (i >= this.env.m.globals.length) this.fail(`unknown global ${i}`);
    return this.env.m.globals[i];
  }

  needMemory() {
    if (!this.env.m.memory) this.fail('unknown memory 0');
  }

  /** local.set: compute straight into the local's register when the value was just computed. */
  assignLocal(r: number, v: Val, t: T) {
    const li = this.lastInst;
    if (v.k === 'r' && li && li.defs.length >= 1 && li.defs[0] === v.v && !li.ec && !li.call && !li.entry && !this.locals.includes(v.v) && !this.stack.some((s) => this.refs(s, v.v)) && this.cur.insts[this.cur.insts.length - 1] === li) {
      li.defs[0] = r;
      return;
    }
    if (v.k === 'r') {
      if (v.v !== r) this.emit({ t: 'mov {d0}, {u0}', defs: [r], uses: [v.v], w: 'x', move: true, pure: true });
      return;
    }
    const m = this.mat(v);
    const l = this.lastInst;
    if (l && l.defs[0] === m && !l.ec) l.defs[0] = r;
    else this.emit({ t: 'mov {d0}, {u0}', defs: [r], uses: [m], w: 'x', move: true, pure: true });
    void t;
  }

  /** Store source operand: the zero register for integer zero. */
  storeSrc(v: Val, idx: number): [string, number[]] {
    if (v.k === 'c' && v.c === 0n && (v.t === 'i32' || v.t === 'i64')) return [v.t === 'i32' ? 'wzr' : 'xzr', []];
    return [`{u${idx}}`, [this.mat(v)]];
  }

  lowerLoad(name: string, ins: Inst) {
    this.needMemory();
    const info = OPS.get(ins.op)!;
    this.checkAlign(ins, info.size!);
    const a = this.mat(this.pop('i32'));
    const [mn, view] = LOADS[name];
    const d = this.newV(info.result!);
    const ad = this.address(a, ins.a!, info.size!, mn, true);
    this.op(`${ad.mn} {d0:${view}}, ${FuncLowering.addrText(ad.text, 0)}`, [d], ad.uses, 'w', { pure: false, load: true });
    this.push({ k: 'r', t: info.result!, v: d });
  }

  lowerStore(name: string, ins: Inst) {
    this.needMemory();
    const info = OPS.get(ins.op)!;
    this.checkAlign(ins, info.size!);
    const v = this.pop(info.params![1]);
    const a = this.mat(this.pop('i32'));
    const [mn, view] = STORES[name];
    let src: string;
    let su: number[] = [];
    if (v.k === 'c' && v.c === 0n && (v.t === 'i32' || v.t === 'i64')) src = view === 'x' ? 'xzr' : 'wzr';
    else {
      su = [this.mat(v)];
      src = `{u0:${view}}`;
    }
    const ad = this.address(a, ins.a!, info.size!, mn, true);
    this.emit({ t: `${ad.mn} ${src}, ${FuncLowering.addrText(ad.text, su.length)}`, defs: [], uses: [...su, ...ad.uses], store: true });
  }

  checkAlign(ins: Inst, size: number) {
    if (2 ** ins.b! > size) this.fail('alignment must not be larger than natural');
  }

  lowerSelect() {
    const c = this.pop('i32');
    const b = this.pop();
    const a = this.pop(b.t);
    const t = a.t;
    const isF = t === 'f32' || t === 'f64';
    const zr = (v: Val) => !isF && v.k === 'c' && v.c === 0n;
    const uses: number[] = [];
    const opnd = (v: Val) => {
      if (zr(v)) return t === 'i64' ? 'xzr' : 'wzr';
      uses.push(this.mat(v));
      return `{u${uses.length - 1}}`;
    };
    const ta = opnd(a);
    const tb = opnd(b);
    let cond: string;
    if (c.k === 'cmp' || c.k === 'cc') cond = this.flags(c);
    else {
      const rc = this.mat(c);
      this.emit({ t: 'cmp {u0}, #0', defs: [], uses: [rc], w: 'w' });
      cond = 'ne';
    }
    const d = this.newV(t);
    this.op(`${isF ? 'fcsel' : 'csel'} {d0}, ${ta}, ${tb}, ${cond}`, [d], uses, this.wOf(t));
    this.push({ k: 'r', t, v: d });
  }

  // ---- integer ops -----------------------------------------------------------------------------
  intBinary(t: T, op: string, a: Val, b: Val): void {
    const bits = t === 'i32' ? 32 : 64;
    const w = this.wOf(t);
    if (ICOND[op]) {
      // A condition compared with 0 is the condition itself or its negation.
      const z = b.k === 'c' && b.c === 0n && (op === 'eq' || op === 'ne') ? (op === 'ne' ? a : this.negate(a)) : null;
      if (z && (z.k === 'cmp' || z.k === 'cc')) return this.push(z);
      this.push({ k: 'cmp', t: 'i32', cond: ICOND[op], a, b, ct: t });
      return;
    }
    if (t === 'i32' && (op === 'and' || op === 'or')) {
      const ch = this.chain(op, a, b);
      if (ch) return this.push(ch);
    }
    if (a.k === 'c' && b.k === 'c') {
      const r = foldInt(op, a.c, b.c, bits);
      if (r !== null) return this.push(this.constVal(t, r));
    }
    const comm = ['add', 'mul', 'and', 'or', 'xor'].includes(op);
    if (comm && a.k === 'c' && b.k !== 'c') [a, b] = [b, a];
    // The foldable operand goes second: a shifted register, a product, a not (and/or/xor);
    // for add, a ror is not foldable, so an lsl/lsr/asr beside it is preferred.
    const foldable = (v: Val) => v.k === 'mul' || v.k === 'not' || (v.k === 'sh' && (v.op !== 'ror' || op !== 'add'));
    if (comm && foldable(a) && !foldable(b)) [a, b] = [b, a];
    const d = () => this.newV(t);
    const push = (v: number) => this.push({ k: 'r', t, v });
    const bin = (mn: string) => {
      const r = d();
      this.op(`${mn} {d0}, {u0}, {u1}`, [r], [this.mat(a), this.mat(b)], w);
      push(r);
    };
    switch (op) {
      case 'add':
      case 'sub': {
        if (b.k === 'c') {
          if (b.c === 0n) return this.push(a);
          const neg = BigInt.asUintN(bits, -b.c);
          const imm = arithImm(b.c);
          const nimm = arithImm(neg);
          if (imm || nimm) {
            const r = d();
            const mn = imm ? op : op === 'add' ? 'sub' : 'add';
            this.op(`${mn} {d0}, {u0}, ${imm ?? nimm}`, [r], [this.mat(a)], w);
            return push(r);
          }
        }
        if (b.k === 'mul') {
          const r = d();
          this.op(`${op === 'add' ? 'madd' : 'msub'} {d0}, {u1}, {u2}, {u0}`, [r], [this.mat(a), b.a, b.b], w);
          return push(r);
        }
        if (b.k === 'sh' && b.op !== 'ror') {
          const r = d();
          this.op(`${op} {d0}, {u0}, {u1}, ${b.op} #${b.n}`, [r], [this.mat(a), b.a], w);
          return push(r);
        }
        if (op === 'sub' && a.k === 'c' && a.c === 0n) {
          const r = d();
          this.op('neg {d0}, {u0}', [r], [this.mat(b)], w);
          return push(r);
        }
        return bin(op);
      }
      case 'mul': {
        if (b.k === 'c') {
          if (b.c === 1n) return this.push(a);
          if (b.c === 0n) return this.push(this.constVal(t, 0n));
          const k = log2(b.c);
          if (k >= 0) return this.pushShift(t, 'lsl', a, k);
          const k1 = log2(b.c - 1n);
          if (k1 > 0) {
            // x * (2^k + 1) = x + (x << k)
            const r = d();
            const ra = this.mat(a);
            this.op(`add {d0}, {u0}, {u0}, lsl #${k1}`, [r], [ra], w);
            return push(r);
          }
        }
        this.push({ k: 'mul', t, a: this.mat(a), b: this.mat(b) });
        return;
      }
      case 'and':
      case 'or':
      case 'xor': {
        const mn = { and: 'and', or: 'orr', xor: 'eor' }[op]!;
        if (b.k === 'c') {
          if (op === 'and' && a.k === 'sh' && a.op === 'lsr') {
            const width = log2(b.c + 1n);
            if (width > 0 && width + a.n <= bits) {
              const r = d();
              this.op(`ubfx {d0}, {u0}, #${a.n}, #${width}`, [r], [a.a], w);
              return push(r);
            }
          }
          if (b.c === 0n) {
            if (op === 'and') return this.push(this.constVal(t, 0n));
            return this.push(a);
          }
          if (b.c === mask(bits)) {
            if (op === 'and') return this.push(a);
            if (op === 'xor') return this.push({ k: 'not', t, a: this.mat(a) });
          }
          const imm = logImm(b.c, bits);
          if (imm) {
            const r = d();
            this.op(`${mn} {d0}, {u0}, ${imm}`, [r], [this.mat(a)], w);
            return push(r);
          }
        }
        // (x << k) op (x >>> (bits - k)), with or/xor (disjoint bits): a rotate.
        if (op !== 'and' && a.k === 'sh' && b.k === 'sh' && a.a === b.a && a.n > 0 && b.n > 0 && a.n + b.n === bits) {
          const right = a.op === 'lsr' && b.op === 'lsl' ? a.n : a.op === 'lsl' && b.op === 'lsr' ? b.n : 0;
          if (right) return this.push({ k: 'sh', t, op: 'ror', a: a.a, n: right });
        }
        if (b.k === 'not') {
          // x & ~y = bic, x | ~y = orn, x ^ ~y = eon
          const r = d();
          const nm = { and: 'bic', or: 'orn', xor: 'eon' }[op]!;
          this.op(`${nm} {d0}, {u0}, {u1}`, [r], [this.mat(a), b.a], w);
          return push(r);
        }
        if (b.k === 'sh') {
          const r = d();
          this.op(`${mn} {d0}, {u0}, {u1}, ${b.op} #${b.n}`, [r], [this.mat(a), b.a], w);
          return push(r);
        }
        return bin(mn);
      }
      case 'shl':
      case 'shr_s':
      case 'shr_u': {
        const sop = ({ shl: 'lsl', shr_s: 'asr', shr_u: 'lsr' } as const)[op];
        if (b.k === 'c') return this.pushShift(t, sop, a, Number(b.c % BigInt(bits)));
        return bin(sop);
      }
      case 'rotl':
      case 'rotr': {
        if (b.k === 'c') {
          let n = Number(b.c % BigInt(bits));
          if (op === 'rotl') n = (bits - n) % bits;
          if (n === 0) return this.push(a);
          return this.push({ k: 'sh', t, op: 'ror', a: this.mat(a), n });
        }
        if (op === 'rotr') return bin('ror');
        const r = d();
        const tmp = d();
        this.op('neg {d1}, {u1}\nror {d0}, {u0}, {d1}', [r, tmp], [this.mat(a), this.mat(b)], w, { ec: true });
        return push(r);
      }
      case 'div_s':
      case 'div_u':
      case 'rem_s':
      case 'rem_u':
        return this.divRem(t, op, a, b);
    }
    this.fail(`internal: unhandled integer op ${op}`);
  }

  /** A call's effects as CallInfo records them, from its callees' write set (opt/effects.ts;
   *  undefined: may write anything). */
  callEffects(ws: WriteSet | undefined): Pick<CallInfo, 'noWrite' | 'writes' | 'reads'> {
    if (!ws) return { noWrite: false };
    const syms = (gs: Set<number>) => [...gs].filter((g) => g >= this.env.m.numImportedGlobals).map((g) => this.env.globalSyms[g]);
    const reads = ws.reads === null ? undefined : syms(ws.reads);
    if (writesNothing(ws)) return { noWrite: true, reads };
    if (ws.globals === null) return { noWrite: false, reads };
    let mem = ws.mem;
    for (const g of ws.globals) if (g < this.env.m.numImportedGlobals) mem = true; // its loads are region 'mem'
    return { noWrite: false, writes: { mem, globals: syms(ws.globals) }, reads };
  }

  pushShift(t: T, op: 'lsl' | 'lsr' | 'asr', a: Val, n: number) {
    if (n === 0) return this.push(a);
    this.push({ k: 'sh', t, op, a: this.mat(a), n });
  }

  divRem(t: T, op: string, a: Val, b: Val): void {
    const bits = t === 'i32' ? 32 : 64;
    const w = this.wOf(t);
    const signed = op.endsWith('_s');
    const isDiv = op.startsWith('div');
    const r = this.newV(t);
    const push = () => this.push({ k: 'r', t, v: r });
    if (b.k === 'c' && b.c !== 0n) {
      const k = log2(b.c);
      if (!signed && k >= 0) {
        if (isDiv) return this.pushShift(t, 'lsr', a, k);
        return this.intBinary(t, 'and', a, this.constVal(t, b.c - 1n));
      }
      const minusOne = b.c === mask(bits);
      if (signed && minusOne) {
        if (isDiv) this.op('negs {d0}, {u0}\nb.vs {T0}', [r], [this.mat(a)], w, { stubs: [{ kind: TRAP.overflow }], pure: false } as Partial<MInst>);
        else this.op(`mov {d0}, ${w}zr`, [r], [], w);
        return push();
      }
      const ra = this.mat(a);
      const rb = this.mat(b);
      const dv = signed ? 'sdiv' : 'udiv';
      if (isDiv) this.op(`${dv} {d0}, {u0}, {u1}`, [r], [ra, rb], w);
      else {
        // Two instructions: the quotient is then shared with an x / c next to the x % c.
        const q = this.newV(t);
        this.op(`${dv} {d0}, {u0}, {u1}`, [q], [ra, rb], w);
        this.op('msub {d0}, {u1}, {u2}, {u0}', [r], [ra, q, rb], w);
      }
      return push();
    }
    const ra = this.mat(a);
    const rb = this.mat(b);
    const stubs = [{ kind: TRAP.divZero }, { kind: TRAP.overflow }];
    const dv = signed ? 'sdiv' : 'udiv';
    if (isDiv && signed) {
      this.op('cbz {u1}, {T0}\ncmn {u1}, #1\nccmp {u0}, #1, #0, eq\nb.vs {T1}\nsdiv {d0}, {u0}, {u1}', [r], [ra, rb], w, { stubs, pure: false } as Partial<MInst>);
    } else if (isDiv) {
      this.op('cbz {u1}, {T0}\nudiv {d0}, {u0}, {u1}', [r], [ra, rb], w, { stubs, pure: false } as Partial<MInst>);
    } else {
      const q = this.newV(t);
      this.op(`cbz {u1}, {T0}\n${dv} {d1}, {u0}, {u1}\nmsub {d0}, {d1}, {u1}, {u0}`, [r, q], [ra, rb], w, { stubs, ec: true, pure: false } as Partial<MInst>);
    }
    push();
  }

  // ---- floats ----------------------------------------------------------------------------------
  floatBinary(t: T, op: string, a: Val, b: Val) {
    if (FCOND[op]) {
      this.push({ k: 'cmp', t: 'i32', cond: FCOND[op], a, b, ct: t });
      return;
    }
    const d = this.newV(t);
    if (FBIN[op]) {
      this.op(`${FBIN[op]} {d0}, {u0}, {u1}`, [d], [this.mat(a), this.mat(b)]);
    } else if (op === 'copysign') {
      const iw = t === 'f32' ? 'w' : 'x';
      const top = t === 'f32' ? 31 : 63;
      const t1 = this.newV(iw);
      const t2 = this.newV(iw);
      this.op(`fmov {d1}, {u1}\nfmov {d2}, {u0}\nlsr {d1}, {d1}, #${top}\nbfi {d2}, {d1}, #${top}, #1\nfmov {d0}, {d2}`, [d, t1, t2], [this.mat(a), this.mat(b)], iw, { ec: true });
    } else this.fail(`internal: unhandled float op ${op}`);
    this.push({ k: 'r', t, v: d });
  }

  unary(name: string, t: T, op: string, a: Val, rt: T) {
    const w = this.wOf(t);
    const push = (v: number) => this.push({ k: 'r', t: rt, v });
    if (op === 'eqz') {
      const n = this.negate(a);
      if (n) return this.push(n);
      this.push({ k: 'cmp', t: 'i32', cond: 'eq', a, b: this.constVal(t, 0n), ct: t });
      return;
    }
    if (a.k === 'c' && (t === 'i32' || t === 'i64') && (rt === 'i32' || rt === 'i64')) {
      const r = foldUnary(name, a.c);
      if (r !== null) return this.push(this.constVal(rt, r));
    }
    const d = this.newV(rt);
    switch (name) {
      case 'i32.clz':
      case 'i64.clz':
        this.op('clz {d0}, {u0}', [d], [this.mat(a)], w);
        return push(d);
      case 'i32.ctz':
      case 'i64.ctz':
        this.op('rbit {d0}, {u0}\nclz {d0}, {d0}', [d], [this.mat(a)], w);
        return push(d);
      case 'i32.popcnt':
      case 'i64.popcnt': {
        const v = this.newV('d');
        this.op('fmov {d1}, {u0:x}\ncnt {d1:v}.8b, {d1:v}.8b\naddv {d1:b}, {d1:v}.8b\nfmov {d0:w}, {d1:s}', [d, v], [this.mat(a)], w, { ec: true });
        return push(d);
      }
      case 'i32.wrap_i64':
        if (a.k === 'c') return this.push(this.constVal('i32', a.c));
        this.op('mov {d0:w}, {u0:w}', [d], [this.mat(a)], 'w');
        return push(d);
      case 'i64.extend_i32_u':
        if (a.k === 'c') return this.push(this.constVal('i64', a.c));
        // i32 registers are kept zero-extended: the same register is the i64.
        return this.push({ k: 'r', t: 'i64', v: this.mat(a) });
      case 'i64.extend_i32_s':
        if (a.k === 'c') return this.push(this.constVal('i64', BigInt.asUintN(64, BigInt.asIntN(32, a.c))));
        this.op('sxtw {d0:x}, {u0:w}', [d], [this.mat(a)]);
        return push(d);
      case 'i32.extend8_s':
      case 'i32.extend16_s':
      case 'i64.extend8_s':
      case 'i64.extend16_s':
      case 'i64.extend32_s':
        this.op(SIGN_EXTEND[name], [d], [this.mat(a)]);
        return push(d);
      case 'i32.reinterpret_f32':
      case 'i64.reinterpret_f64':
      case 'f32.reinterpret_i32':
      case 'f64.reinterpret_i64':
        if (a.k === 'c') return this.push(this.constVal(rt, a.c));
        this.op('fmov {d0}, {u0}', [d], [this.mat(a)], name.includes('64') ? 'x' : 'w');
        return push(d);
      case 'f32.demote_f64':
      case 'f64.promote_f32':
        this.op('fcvt {d0}, {u0}', [d], [this.mat(a)]);
        return push(d);
    }
    if (FUN[op] && (t === 'f32' || t === 'f64')) {
      this.op(`${FUN[op]} {d0}, {u0}`, [d], [this.mat(a)]);
      return push(d);
    }
    let m = /^f(32|64)\.convert_i(32|64)_([su])$/.exec(name);
    if (m) {
      this.op(`${m[3] === 's' ? 'scvtf' : 'ucvtf'} {d0}, {u0}`, [d], [this.mat(a)], m[2] === '64' ? 'x' : 'w');
      return push(d);
    }
    m = /^i(32|64)\.trunc_sat_f(32|64)_([su])$/.exec(name);
    if (m) {
      this.op(`${m[3] === 's' ? 'fcvtzs' : 'fcvtzu'} {d0}, {u0}`, [d], [this.mat(a)], m[1] === '64' ? 'x' : 'w');
      return push(d);
    }
    m = /^i(32|64)\.trunc_f(32|64)_([su])$/.exec(name);
    if (m) return push(this.truncTrapping(d, this.mat(a), m[1] === '64', m[2] === '64', m[3] === 's'));
    this.fail(`internal: unhandled op ${name}`);
  }

  /** Float -> int with wasm's traps: NaN -> invalid conversion, out of range -> overflow. */
  truncTrapping(d: number, a: number, to64: boolean, from64: boolean, signed: boolean): number {
    const stubs = [{ kind: TRAP.invalidConv }, { kind: TRAP.overflow }];
    const extra = { stubs, pure: false } as Partial<MInst>;
    if (!to64) {
      // A 64-bit conversion is exact for every in-range value; out of range shows as a
      // result that does not survive the 32-bit round trip.
      const ext = signed ? 'sxtw' : 'uxtw';
      this.op(`fcmp {u0}, {u0}\nb.vs {T0}\nfcvtzs {d0:x}, {u0}\ncmp {d0:x}, {d0:w}, ${ext}\nb.ne {T1}${signed ? '\nmov {d0:w}, {d0:w}' : ''}`, [d], [a], 'x', extra);
      return d;
    }
    const it = this.newV(from64 ? 'x' : 'w');
    const ft = this.newV(from64 ? 'd' : 's');
    const hi = (v64: string, v32: string) => (from64 ? `movz {d1}, #${v64}, lsl #48` : `movz {d1}, #${v32}, lsl #16`);
    const iw = from64 ? 'x' : 'w';
    if (signed) {
      this.op(`fcmp {u0}, {u0}\nb.vs {T0}\n${hi('0xc3e0', '0xdf00')}\nfmov {d2}, {d1}\nfcmp {u0}, {d2}\nb.lt {T1}\nfneg {d2}, {d2}\nfcmp {u0}, {d2}\nb.ge {T1}\nfcvtzs {d0:x}, {u0}`, [d, it, ft], [a], iw, { ...extra, ec: true });
    } else {
      this.op(`fcmp {u0}, {u0}\nb.vs {T0}\nfmov {d2}, #-1.0\nfcmp {u0}, {d2}\nb.le {T1}\n${hi('0x43f0', '0x5f80')}\nfmov {d2}, {d1}\nfcmp {u0}, {d2}\nb.ge {T1}\nfcvtzu {d0:x}, {u0}`, [d, it, ft], [a], iw, { ...extra, ec: true });
    }
    return d;
  }

  // ---- calls -----------------------------------------------------------------------------------
  lowerCall(fi: number) {
    const m = this.env.m;
    if (fi >= m.funcTypes.length) this.fail(`unknown function ${fi}`);
    const ft = m.types[m.funcTypes[fi]];
    if (ft.unsupported) this.fail(ft.unsupported);
    const args = this.popN(ft.params);
    if (fi < m.numImportedFuncs && m.imports.filter((i) => i.kind === 'func')[fi].module === 'aarch64') {
      const imp = m.imports.filter((i) => i.kind === 'func')[fi];
      const ctx: IntrinsicCtx = { lower: this, fail: (msg) => this.fail(msg) };
      const rets = expandIntrinsic(ctx, imp.field, ft, args.map((a) => this.mat(a)));
      rets.forEach((r, i) => this.push({ k: 'r', t: ft.results[i], v: r }));
      return;
    }
    if (this.shouldInline(fi)) return this.inline(fi, ft, args);
    this.checkArity(ft);
    const av = args.map((a) => this.mat(a));
    const rets = ft.results.map((t) => this.newV(t));
    this.hasCalls = true;
    this.emit({ t: '', defs: rets, uses: av, call: { sym: this.env.funcSyms[fi], args: av, rets, ...this.callEffects(this.env.effects?.funcSets[fi]) } });
    rets.forEach((r, i) => this.push({ k: 'r', t: ft.results[i], v: r }));
  }

  inlineDepth = 0;
  inlined = 0;
  jumpTables = 0;

  /** Page address of a symbol (adrp), a pure value that loops hoist and blocks share. */
  page(sym: string): number {
    const r = this.newV('x');
    this.op(`adrp {d0}, ${sym}`, [r], [], 'x');
    return r;
  }
  /** Loops: header, preheader (the block that jumps to the header), and the range of block
   *  ids created inside (the loop body, nested blocks included). */
  loops: { head: number; pre: number; first: number; last: number; depth: number }[] = [];

  /** Small functions (accessors, helpers) are expanded at the call site. */
  shouldInline(fi: number): boolean {
    const m = this.env.m;
    if (fi < m.numImportedFuncs || fi === this.fidx || this.inlineDepth >= 2 || this.inlined >= 200) return false;
    const body = m.bodies[fi - m.numImportedFuncs];
    if (body.unsupported || m.types[m.funcTypes[fi]].unsupported) return false;
    if (body.code.length > 48) return false;
    // Only calls on trap paths (or to other functions) are allowed inside; no self-recursion.
    return !body.code.some((i) => i.op === 0x10 && i.a === fi);
  }

  inline(fi: number, ft: FuncType, args: Val[]) {
    const m = this.env.m;
    const body = m.bodies[fi - m.numImportedFuncs];
    const saved = { locals: this.locals, localTypes: this.localTypes, stack: this.stack, frames: this.frames, ins: this.ins };
    // Parameters are mutable locals of the callee: give them their own registers.
    const written = new Set(body.code.filter((i) => i.op === 0x21 || i.op === 0x22).map((i) => i.a!));
    const params = args.map((a, i) => {
      if (a.k === 'r' && !written.has(i)) return a.v; // read-only parameter: use the argument
      const v = this.newV(a.t);
      this.moveInto([v], [a]);
      return v;
    });
    this.stack = [];
    const top = this.enterBody(params, ft.params, body.locals, ft.results);
    const { end: exit, resultVregs: results } = top;
    this.frames = [top];
    this.inlineDepth++;
    this.inlined++;
    for (const ins of body.code) {
      this.ins = ins;
      this.step(ins);
      if (this.frames.length === 0) break;
    }
    this.inlineDepth--;
    Object.assign(this, saved);
    this.start(exit);
    results.forEach((r, i) => this.push({ k: 'r', t: ft.results[i], v: r }));
  }

  checkArity(ft: FuncType) {
    const ints = (ts: T[]) => ts.filter((t) => t === 'i32' || t === 'i64').length;
    if (ints(ft.params) > 8 || ft.params.length - ints(ft.params) > 8) this.fail('functions with more than 8 integer or 8 float parameters are not supported');
    if (ints(ft.results) > 8 || ft.results.length - ints(ft.results) > 8) this.fail('more than 8 results are not supported');
  }

  lowerCallIndirect(ti: number) {
    const m = this.env.m;
    if (!m.table) this.fail('call_indirect without a table');
    if (ti >= m.types.length) this.fail(`unknown type ${ti}`);
    const ft = m.types[ti];
    if (ft.unsupported) this.fail(ft.unsupported);
    const idx = this.mat(this.pop('i32'));
    const args = this.popN(ft.params);
    this.checkArity(ft);
    const av = args.map((a) => this.mat(a));
    const fp = this.newV('x');
    const tid = this.newV('x');
    const size = BigInt(this.env.tableSize);
    const simm = arithImm(size);
    const uses = simm ? [idx] : [idx, this.matConst('i32', size)];
    const id = this.env.typeIds[ti];
    const idImm = arithImm(BigInt(id)) ?? '#0';
    const table = this.newV('x');
    if (this.env.sigTables) {
      // Index check, then the entry of this signature's table: a function of this type, or a
      // stub that traps (null / other type) with the call site as the trap address.
      const sym = `__wasm_table_t${id}`;
      this.op(`adrp {d0}, ${sym}\nadd {d0}, {d0}, :lo12:${sym}`, [table], [], 'x');
      uses.push(table);
      this.emit({
        t: `cmp {u0:w}, ${simm ?? '{u1:w}'}\nb.hs {T0}\nldr {d0:x}, [{u${uses.length - 1}:x}, {u0:w}, uxtw #3]`,
        defs: [fp], uses, stubs: [{ kind: TRAP.undefElem }], readOnly: true,
      });
      const rets = ft.results.map((t) => this.newV(t));
      this.hasCalls = true;
      this.emit({ t: '', defs: rets, uses: [...av, fp], call: { indirect: true, args: av, rets, ...this.callEffects(this.env.effects?.typeSets.get(id)) } });
      rets.forEach((r, i) => this.push({ k: 'r', t: ft.results[i], v: r }));
      return;
    }
    this.op('adrp {d0}, __wasm_table\nadd {d0}, {d0}, :lo12:__wasm_table', [table], [], 'x');
    uses.push(table);
    this.emit({
      t: `cmp {u0:w}, ${simm ?? '{u1:w}'}\nb.hs {T0}\nadd {d0:x}, {u${uses.length - 1}:x}, {u0:x}, lsl #4\nldp {d1:x}, {d0:x}, [{d0:x}]\ncmp {d1:w}, ${idImm}\nb.ne {T1}`,
      defs: [fp, tid], uses, ec: true, readOnly: true,
      stubs: [{ kind: TRAP.undefElem }, { kind: -1, pre: `cbz {d0:x}, {L0}\nmov w0, #${TRAP.sigMismatch}\nb {L1}\n{L0}:\nmov w0, #${TRAP.uninitElem}\n{L1}:` }],
    });
    const rets = ft.results.map((t) => this.newV(t));
    this.hasCalls = true;
    this.emit({ t: '', defs: rets, uses: [...av, fp], call: { indirect: true, args: av, rets, ...this.callEffects(this.env.effects?.typeSets.get(id)) } });
    rets.forEach((r, i) => this.push({ k: 'r', t: ft.results[i], v: r }));
  }

  // ---- finishing -------------------------------------------------------------------------------
  closeArm(f: Frame) {
    if (!f.unreachable) {
      const vals = this.popN(f.results);
      if (this.stack.length !== f.height) this.fail(`type mismatch: ${this.stack.length - f.height} extra value(s) on the stack at the end of a block`);
      this.moveInto(f.resultVregs, vals);
      this.jump(f.end);
    } else {
      this.popN(f.results);
      if (this.stack.length > f.height) this.fail('type mismatch: extra values on the stack at the end of a block');
    }
    this.stack.length = f.height;
  }

  finish(): MFunc {
    // Keep only blocks reachable from the entry (dead code after br/return/unreachable).
    const seen = new Set<number>([0]);
    const work = [0];
    while (work.length) {
      const b = this.byId[work.pop()!];
      for (const i of b.insts) for (const t of i.targets ?? []) if (!seen.has(t)) (seen.add(t), work.push(t));
    }
    const blocks = this.layout.filter((b, i) => seen.has(b.id) && this.layout.indexOf(b) === i);
    // Calls in blocks that end in a trap (no successors, no return) are cold: they need no frame.
    let hasCalls = false;
    for (const b of blocks) {
      const dead = !b.insts.some((i) => i.targets?.length || i.ret);
      for (const i of b.insts) {
        if (!i.call) continue;
        if (dead && !i.call.insn) i.call.cold = true;
        else hasCalls = true;
      }
    }
    const loops = this.loops.filter((l) => seen.has(l.head) && seen.has(l.pre) && l.last >= 0);
    return { name: '', blocks, byId: this.byId, vregClass: this.vclass, hasCalls, loops };
  }
}

function log2(v: bigint): number {
  if (v <= 0n || (v & (v - 1n)) !== 0n) return -1;
  return v.toString(2).length - 1;
}

/** Constant folding of integer binary ops (null when it would trap or is not worth it). */
function foldInt(op: string, a: bigint, b: bigint, bits: number): bigint | null {
  const m = (1n << BigInt(bits)) - 1n;
  const s = (x: bigint) => BigInt.asIntN(bits, x);
  const sh = b % BigInt(bits);
  switch (op) {
    case 'add': return (a + b) & m;
    case 'sub': return (a - b) & m;
    case 'mul': return (a * b) & m;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return (a << sh) & m;
    case 'shr_u': return a >> sh;
    case 'shr_s': return BigInt.asUintN(bits, s(a) >> sh);
    case 'rotl': return ((a << sh) | (a >> ((BigInt(bits) - sh) % BigInt(bits)))) & m;
    case 'rotr': return ((a >> sh) | (a << ((BigInt(bits) - sh) % BigInt(bits)))) & m;
    case 'div_u': return b === 0n ? null : a / b;
    case 'rem_u': return b === 0n ? null : a % b;
    case 'div_s': return b === 0n || (s(a) === -(1n << BigInt(bits - 1)) && s(b) === -1n) ? null : BigInt.asUintN(bits, s(a) / s(b));
    case 'rem_s': return b === 0n ? null : BigInt.asUintN(bits, s(b) === -1n ? 0n : s(a) % s(b));
  }
  return null;
}

function foldUnary(name: string, a: bigint): bigint | null {
  switch (name) {
    case 'i32.extend8_s': return BigInt.asUintN(32, BigInt.asIntN(8, a));
    case 'i32.extend16_s': return BigInt.asUintN(32, BigInt.asIntN(16, a));
    case 'i64.extend8_s': return BigInt.asUintN(64, BigInt.asIntN(8, a));
    case 'i64.extend16_s': return BigInt.asUintN(64, BigInt.asIntN(16, a));
    case 'i64.extend32_s': return BigInt.asUintN(64, BigInt.asIntN(32, a));
  }
  return null;
}
