// A small WebAssembly binary writer: function bodies as byte lists with structured control
// (labels resolved to depths), and a module of one type, its imports and its functions.

export const T = { i32: 0x7f, i64: 0x7e, void: 0x40 } as const;
export type ValType = 0x7f | 0x7e;

// opcodes used by the translator
export const Op = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d,
  br_table: 0x0e, return: 0x0f, call: 0x10, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22,
  i32_load: 0x28, i64_load: 0x29, i64_load8_u: 0x31, i64_load16_u: 0x33, i64_load32_u: 0x35,
  i64_load8_s: 0x30, i64_load16_s: 0x32, i64_load32_s: 0x34,
  i32_store: 0x36, i64_store: 0x37, i64_store8: 0x3c, i64_store16: 0x3d, i64_store32: 0x3e,
  i32_const: 0x41, i64_const: 0x42,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49,
  i64_eqz: 0x50, i64_eq: 0x51, i64_ne: 0x52, i64_lt_s: 0x53, i64_lt_u: 0x54, i64_gt_u: 0x56, i64_le_u: 0x58, i64_ge_u: 0x5a,
  i32_clz: 0x67, i32_add: 0x6a, i32_sub: 0x6b, i32_and: 0x71, i32_or: 0x72, i32_xor: 0x73, i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76,
  i32_rotr: 0x78,
  i64_clz: 0x79, i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e, i64_div_s: 0x7f, i64_div_u: 0x80,
  i64_and: 0x83, i64_or: 0x84, i64_xor: 0x85, i64_shl: 0x86, i64_shr_s: 0x87, i64_shr_u: 0x88, i64_rotr: 0x8a,
  i32_wrap_i64: 0xa7, i64_extend_i32_s: 0xac, i64_extend_i32_u: 0xad,
} as const;

/** Bytes of a module under construction: a growable Uint8Array (a number[] of a page's ~50 KB
 * cost more time in pushes and copies than V8's compile of the module). */
export class Bytes {
  buf = new Uint8Array(256);
  length = 0;
  push(b: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
  }
  append(o: Bytes): void {
    if (this.length + o.length > this.buf.length) this.grow(o.length);
    this.buf.set(o.buf.subarray(0, o.length), this.length);
    this.length += o.length;
  }
  bytes(): Uint8Array { return this.buf.subarray(0, this.length); }
  private grow(n: number): void {
    const nb = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    nb.set(this.buf.subarray(0, this.length));
    this.buf = nb;
  }
}

export function uleb(out: Bytes, v: number): void {
  do { let b = v & 0x7f; v = Math.floor(v / 128); if (v) b |= 0x80; out.push(b); } while (v);
}
/** signed LEB128 of a 32-bit integer (no BigInt: the common case) */
export function sleb32(out: Bytes, v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}
export function sleb(out: Bytes, v: bigint): void {
  if (v >= -0x80000000n && v <= 0x7fffffffn) { sleb32(out, Number(v)); return; }
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}

export interface Label { readonly kind: 'block' | 'loop' | 'if' }

/** One function body under construction. */
export class Body {
  readonly code = new Bytes();
  /** emitted before `code` (register loads, known only once the body is generated) */
  prologue = new Bytes();
  private readonly ctl: Label[] = [];
  private readonly locals: ValType[] = [];

  constructor(readonly nparams: number) {}

  local(t: ValType): number { this.locals.push(t); return this.nparams + this.locals.length - 1; }
  op(...bytes: number[]): this { for (let i = 0; i < bytes.length; i++) this.code.push(bytes[i]); return this; }
  get(i: number): this { this.code.push(Op.local_get); uleb(this.code, i); return this; }
  set(i: number): this { this.code.push(Op.local_set); uleb(this.code, i); return this; }
  tee(i: number): this { this.code.push(Op.local_tee); uleb(this.code, i); return this; }
  i32(v: number): this { this.code.push(Op.i32_const); sleb32(this.code, v | 0); return this; }
  i64(v: bigint): this { this.code.push(Op.i64_const); sleb(this.code, BigInt.asIntN(64, v)); return this; }
  /** load/store with alignment hint 0 and a byte offset */
  mem(opcode: number, offset = 0): this { this.code.push(opcode); this.code.push(0); uleb(this.code, offset); return this; }
  call(f: number): this { this.code.push(Op.call); uleb(this.code, f); return this; }

  block(t: number = T.void): Label { const l: Label = { kind: 'block' }; this.code.push(Op.block); this.code.push(t); this.ctl.push(l); return l; }
  loop(): Label { const l: Label = { kind: 'loop' }; this.code.push(Op.loop); this.code.push(T.void); this.ctl.push(l); return l; }
  if_(t: number = T.void): Label { const l: Label = { kind: 'if' }; this.code.push(Op.if); this.code.push(t); this.ctl.push(l); return l; }
  else_(): this { this.code.push(Op.else); return this; }
  end(): this { this.ctl.pop(); this.code.push(Op.end); return this; }
  isOpen(l: Label): boolean { return this.ctl.includes(l); }
  /** i64 on the stack -> its low 32 bits, zero-extended */
  mask32x(): this { this.code.push(Op.i32_wrap_i64); this.code.push(Op.i64_extend_i32_u); return this; }
  depth(l: Label): number {
    const i = this.ctl.lastIndexOf(l);
    if (i < 0) throw new Error('branch to a label that is not open');
    return this.ctl.length - 1 - i;
  }
  br(l: Label): this { this.code.push(Op.br); uleb(this.code, this.depth(l)); return this; }
  brIf(l: Label): this { this.code.push(Op.br_if); uleb(this.code, this.depth(l)); return this; }
  brTable(targets: Label[], dflt: Label): this {
    this.code.push(Op.br_table); uleb(this.code, targets.length);
    for (const t of targets) uleb(this.code, this.depth(t));
    uleb(this.code, this.depth(dflt));
    return this;
  }

  /** locals declaration + code + end, as a function body entry */
  encode(): Bytes {
    const out = new Bytes();
    const groups: Array<[number, ValType]> = [];
    for (const t of this.locals) {
      const g = groups[groups.length - 1];
      if (g && g[1] === t) g[0]++; else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) { uleb(out, n); out.push(t); }
    out.append(this.prologue);
    out.append(this.code);
    out.push(Op.end);
    const sized = new Bytes();
    uleb(sized, out.length);
    sized.append(out);
    return sized;
  }
}

export interface FuncType { params: ValType[]; results: ValType[] }
export interface Import { module: string; name: string; type: number } // function imports only

function section(out: Bytes, id: number, payload: Bytes): void {
  out.push(id); uleb(out, payload.length); out.append(payload);
}
function str(out: Bytes, s: string): void { const b = Buffer.from(s, 'utf8'); uleb(out, b.length); for (const x of b) out.push(x); }
function list(out: Bytes, xs: readonly number[]): void { for (const x of xs) out.push(x); }

/** A module importing env.memory and functions, exporting its own functions as f0, f1, ... */
export function buildModule(types: FuncType[], imports: Import[], funcs: Array<{ type: number; body: Body }>, memPages: number): Uint8Array {
  const out = new Bytes();
  list(out, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const ty = new Bytes();
  uleb(ty, types.length);
  for (const t of types) {
    ty.push(0x60); uleb(ty, t.params.length); list(ty, t.params); uleb(ty, t.results.length); list(ty, t.results);
  }
  section(out, 1, ty);
  const im = new Bytes();
  uleb(im, imports.length + 1);
  for (const i of imports) { str(im, i.module); str(im, i.name); im.push(0x00); uleb(im, i.type); }
  str(im, 'env'); str(im, 'memory'); im.push(0x02); im.push(0x00); uleb(im, memPages);
  section(out, 2, im);
  const fs = new Bytes();
  uleb(fs, funcs.length);
  for (const f of funcs) uleb(fs, f.type);
  section(out, 3, fs);
  const ex = new Bytes();
  uleb(ex, funcs.length);
  funcs.forEach((_, i) => { str(ex, `f${i}`); ex.push(0x00); uleb(ex, imports.length + i); });
  section(out, 7, ex);
  const code = new Bytes();
  uleb(code, funcs.length);
  for (const f of funcs) code.append(f.body.encode());
  section(out, 10, code);
  return out.bytes().slice();
}
