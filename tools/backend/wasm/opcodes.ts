// The wasm instruction set we accept, as data: opcode -> name, immediate kind, and (for the
// plain numeric/memory ops) the operand and result types used by the validator.
// Covered: MVP, sign-extension, non-trapping float-to-int (0xFC 0-7), bulk memory
// (0xFC 8-11). 0xFC sub-opcodes are keyed as 0xFC00 + sub.

export type ValType = 'i32' | 'i64' | 'f32' | 'f64';

export type Imm =
  | 'none' | 'block' | 'label' | 'br_table' | 'func' | 'call_indirect' | 'local' | 'global'
  | 'memarg' | 'i32' | 'i64' | 'f32' | 'f64' | 'zero' | 'zero2' | 'data_zero' | 'data';

export interface OpInfo {
  name: string;
  imm: Imm;
  /** Operand types (popped, left to right) and result type; undefined for control ops. */
  params?: ValType[];
  result?: ValType;
  /** Memory access size in bytes for loads/stores. */
  size?: number;
}

export const OPS = new Map<number, OpInfo>();

function def(code: number, name: string, imm: Imm, sig?: string, size?: number) {
  let params: ValType[] | undefined;
  let result: ValType | undefined;
  if (sig !== undefined) {
    const [p, r] = sig.split('>');
    params = p ? (p.split(',') as ValType[]) : [];
    result = r ? (r as ValType) : undefined;
  }
  OPS.set(code, { name, imm, params, result, size });
}

// Control and parametric.
def(0x00, 'unreachable', 'none');
def(0x01, 'nop', 'none');
def(0x02, 'block', 'block');
def(0x03, 'loop', 'block');
def(0x04, 'if', 'block');
def(0x05, 'else', 'none');
def(0x0b, 'end', 'none');
def(0x0c, 'br', 'label');
def(0x0d, 'br_if', 'label');
def(0x0e, 'br_table', 'br_table');
def(0x0f, 'return', 'none');
def(0x10, 'call', 'func');
def(0x11, 'call_indirect', 'call_indirect');
def(0x1a, 'drop', 'none');
def(0x1b, 'select', 'none');
def(0x1c, 'select_t', 'none'); // typed select: vec(valtype) immediate, read specially
def(0x20, 'local.get', 'local');
def(0x21, 'local.set', 'local');
def(0x22, 'local.tee', 'local');
def(0x23, 'global.get', 'global');
def(0x24, 'global.set', 'global');

// Memory.
const loads: [number, string, string, number][] = [
  [0x28, 'i32.load', '>i32', 4], [0x29, 'i64.load', '>i64', 8], [0x2a, 'f32.load', '>f32', 4],
  [0x2b, 'f64.load', '>f64', 8], [0x2c, 'i32.load8_s', '>i32', 1], [0x2d, 'i32.load8_u', '>i32', 1],
  [0x2e, 'i32.load16_s', '>i32', 2], [0x2f, 'i32.load16_u', '>i32', 2], [0x30, 'i64.load8_s', '>i64', 1],
  [0x31, 'i64.load8_u', '>i64', 1], [0x32, 'i64.load16_s', '>i64', 2], [0x33, 'i64.load16_u', '>i64', 2],
  [0x34, 'i64.load32_s', '>i64', 4], [0x35, 'i64.load32_u', '>i64', 4],
];
for (const [c, n, s, z] of loads) def(c, n, 'memarg', 'i32' + s, z);
const stores: [number, string, string, number][] = [
  [0x36, 'i32.store', 'i32', 4], [0x37, 'i64.store', 'i64', 8], [0x38, 'f32.store', 'f32', 4],
  [0x39, 'f64.store', 'f64', 8], [0x3a, 'i32.store8', 'i32', 1], [0x3b, 'i32.store16', 'i32', 2],
  [0x3c, 'i64.store8', 'i64', 1], [0x3d, 'i64.store16', 'i64', 2], [0x3e, 'i64.store32', 'i64', 4],
];
for (const [c, n, t, z] of stores) def(c, n, 'memarg', `i32,${t}>`, z);
def(0x3f, 'memory.size', 'zero', '>i32');
def(0x40, 'memory.grow', 'zero', 'i32>i32');

// Constants.
def(0x41, 'i32.const', 'i32', '>i32');
def(0x42, 'i64.const', 'i64', '>i64');
def(0x43, 'f32.const', 'f32', '>f32');
def(0x44, 'f64.const', 'f64', '>f64');

// Numeric: families generated from name lists in opcode order.
function family(start: number, t: ValType, names: string[], sig: (n: string) => string) {
  names.forEach((n, i) => def(start + i, `${t}.${n}`, 'none', sig(n)));
}
const icmp = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const fcmp = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
def(0x45, 'i32.eqz', 'none', 'i32>i32');
family(0x46, 'i32', icmp, () => 'i32,i32>i32');
def(0x50, 'i64.eqz', 'none', 'i64>i32');
family(0x51, 'i64', icmp, () => 'i64,i64>i32');
family(0x5b, 'f32', fcmp, () => 'f32,f32>i32');
family(0x61, 'f64', fcmp, () => 'f64,f64>i32');
const iun = ['clz', 'ctz', 'popcnt'];
const ibin = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
family(0x67, 'i32', [...iun, ...ibin], (n) => (iun.includes(n) ? 'i32>i32' : 'i32,i32>i32'));
family(0x79, 'i64', [...iun, ...ibin], (n) => (iun.includes(n) ? 'i64>i64' : 'i64,i64>i64'));
const fun = ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'];
const fbin = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'];
family(0x8b, 'f32', [...fun, ...fbin], (n) => (fun.includes(n) ? 'f32>f32' : 'f32,f32>f32'));
family(0x99, 'f64', [...fun, ...fbin], (n) => (fun.includes(n) ? 'f64>f64' : 'f64,f64>f64'));

// Conversions.
const conv: [number, string, string][] = [
  [0xa7, 'i32.wrap_i64', 'i64>i32'], [0xa8, 'i32.trunc_f32_s', 'f32>i32'], [0xa9, 'i32.trunc_f32_u', 'f32>i32'],
  [0xaa, 'i32.trunc_f64_s', 'f64>i32'], [0xab, 'i32.trunc_f64_u', 'f64>i32'], [0xac, 'i64.extend_i32_s', 'i32>i64'],
  [0xad, 'i64.extend_i32_u', 'i32>i64'], [0xae, 'i64.trunc_f32_s', 'f32>i64'], [0xaf, 'i64.trunc_f32_u', 'f32>i64'],
  [0xb0, 'i64.trunc_f64_s', 'f64>i64'], [0xb1, 'i64.trunc_f64_u', 'f64>i64'], [0xb2, 'f32.convert_i32_s', 'i32>f32'],
  [0xb3, 'f32.convert_i32_u', 'i32>f32'], [0xb4, 'f32.convert_i64_s', 'i64>f32'], [0xb5, 'f32.convert_i64_u', 'i64>f32'],
  [0xb6, 'f32.demote_f64', 'f64>f32'], [0xb7, 'f64.convert_i32_s', 'i32>f64'], [0xb8, 'f64.convert_i32_u', 'i32>f64'],
  [0xb9, 'f64.convert_i64_s', 'i64>f64'], [0xba, 'f64.convert_i64_u', 'i64>f64'], [0xbb, 'f64.promote_f32', 'f32>f64'],
  [0xbc, 'i32.reinterpret_f32', 'f32>i32'], [0xbd, 'i64.reinterpret_f64', 'f64>i64'],
  [0xbe, 'f32.reinterpret_i32', 'i32>f32'], [0xbf, 'f64.reinterpret_i64', 'i64>f64'],
  // Sign extension.
  [0xc0, 'i32.extend8_s', 'i32>i32'], [0xc1, 'i32.extend16_s', 'i32>i32'], [0xc2, 'i64.extend8_s', 'i64>i64'],
  [0xc3, 'i64.extend16_s', 'i64>i64'], [0xc4, 'i64.extend32_s', 'i64>i64'],
  // Non-trapping float-to-int.
  [0xfc00, 'i32.trunc_sat_f32_s', 'f32>i32'], [0xfc01, 'i32.trunc_sat_f32_u', 'f32>i32'],
  [0xfc02, 'i32.trunc_sat_f64_s', 'f64>i32'], [0xfc03, 'i32.trunc_sat_f64_u', 'f64>i32'],
  [0xfc04, 'i64.trunc_sat_f32_s', 'f32>i64'], [0xfc05, 'i64.trunc_sat_f32_u', 'f32>i64'],
  [0xfc06, 'i64.trunc_sat_f64_s', 'f64>i64'], [0xfc07, 'i64.trunc_sat_f64_u', 'f64>i64'],
];
for (const [c, n, s] of conv) def(c, n, 'none', s);

// Bulk memory.
def(0xfc08, 'memory.init', 'data_zero', 'i32,i32,i32>');
def(0xfc09, 'data.drop', 'data', '>');
def(0xfc0a, 'memory.copy', 'zero2', 'i32,i32,i32>');
def(0xfc0b, 'memory.fill', 'zero', 'i32,i32,i32>');

/** Names of well-known opcodes we refuse, for clearer messages. */
export const REFUSED: Record<number, string> = {
  0x06: 'try (exception handling)', 0x08: 'throw (exception handling)', 0x12: 'return_call (tail calls)',
  0x13: 'return_call_indirect (tail calls)', 0x25: 'table.get (reference types)', 0x26: 'table.set (reference types)',
  0xd0: 'ref.null (reference types)', 0xd1: 'ref.is_null (reference types)', 0xd2: 'ref.func (reference types)',
  0xfd: 'SIMD', 0xfe: 'threads/atomics', 0xfc0c: 'table.init (reference types)', 0xfc0d: 'elem.drop (reference types)',
  0xfc0e: 'table.copy (reference types)', 0xfc0f: 'table.grow', 0xfc10: 'table.size', 0xfc11: 'table.fill',
};
