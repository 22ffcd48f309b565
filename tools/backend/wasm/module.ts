// Decoder for wasm binary modules: sections into a Module, function bodies into Inst arrays.
// Structural checks (indices in range, section order, sizes) happen here; operand-stack typing
// is checked while lowering (tools/backend/lower/).
import { UserError } from '../../common/diagnostics.ts';
import { Reader } from './reader.ts';
import { OPS, REFUSED, type ValType } from './opcodes.ts';

export interface FuncType { params: ValType[]; results: ValType[]; /** Uses a value type we do not compile. */ unsupported?: string }
export interface Import { module: string; field: string; kind: 'func' | 'table' | 'memory' | 'global'; type?: number; global?: GlobalType }
export interface GlobalType { type: ValType; mutable: boolean }
/** Constant expression: a value, or the value of an (imported) global. */
export type ConstExpr = { kind: 'const'; type: ValType; value: bigint } | { kind: 'global'; index: number };
export interface Global extends GlobalType { init: ConstExpr }
export interface Export { name: string; kind: 'func' | 'table' | 'memory' | 'global'; index: number }
export interface Elem { offset: ConstExpr | null; funcs: (number | null)[]; offsetPos: number }
export interface Data { offset: ConstExpr | null; bytes: Uint8Array; pos: number }

export interface Inst {
  op: number;
  pos: number;
  /** label depth, local/global/func/type index, memarg offset, constant (bigint), ... */
  a?: number;
  b?: number;
  big?: bigint;
  /** block type: -1 empty, -2..-5 single value (see blockResult), >=0 type index */
  bt?: number;
  targets?: number[];
}

export interface Body { locals: ValType[]; code: Inst[]; pos: number; end: number; /** Uses a feature we do not compile (the function alone is refused). */ unsupported?: string }

export interface Module {
  types: FuncType[];
  imports: Import[];
  /** Type index of every function, imported ones first. */
  funcTypes: number[];
  numImportedFuncs: number;
  table: { min: number; max?: number } | null;
  memory: { min: number; max?: number } | null;
  globals: Global[]; // imported globals first (init unused for those)
  numImportedGlobals: number;
  exports: Export[];
  start: number | null;
  elems: Elem[];
  datas: Data[];
  bodies: Body[];
  names: Map<number, string>;
  /** Global names from the name section (subsection 7), for debugger symbols. */
  globalNames?: Map<number, string>;
}

const VALTYPES: Record<number, ValType> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' };

function valtype(r: Reader): ValType {
  const at = r.pos;
  const b = r.u8();
  const t = VALTYPES[b];
  if (!t) {
    if (b === 0x7b) r.fail('unsupported value type v128 (SIMD)', at);
    if (b === 0x70 || b === 0x6f) r.fail('unsupported value type funcref/externref as a value (reference types)', at);
    r.fail(`malformed value type 0x${b.toString(16)}`, at);
  }
  return t;
}

function limits(r: Reader, max: number): { min: number; max?: number } {
  const at = r.pos;
  const flag = r.u8();
  if (flag > 1) r.fail(flag === 3 || flag === 2 ? 'shared memory (threads) is not supported' : 'malformed limits flags', at);
  const min = r.u32();
  const mx = flag === 1 ? r.u32() : undefined;
  if (min > max || (mx !== undefined && mx > max)) r.fail('limits exceed the maximum', at);
  if (mx !== undefined && mx < min) r.fail('size minimum must not be greater than maximum', at);
  return { min, max: mx };
}

/** Constant expression: one constant or imported global, or (extended constant expressions)
 *  integer add/sub/mul of constants, folded here. */
function constExpr(r: Reader, m: Module, want?: ValType): ConstExpr {
  const at = r.pos;
  const stack: ConstExpr[] = [];
  for (;;) {
    const opAt = r.pos;
    const op = r.u8();
    if (op === 0x0b) break;
    if (op === 0x41) stack.push({ kind: 'const', type: 'i32', value: r.sleb(32) });
    else if (op === 0x42) stack.push({ kind: 'const', type: 'i64', value: r.sleb(64) });
    else if (op === 0x43) stack.push({ kind: 'const', type: 'f32', value: BigInt(r.f32bits()) });
    else if (op === 0x44) stack.push({ kind: 'const', type: 'f64', value: r.f64bits() });
    else if (op === 0x23) {
      const index = r.u32();
      if (index >= m.globals.length) r.fail(`unknown global ${index}`, opAt);
      if (index >= m.numImportedGlobals) r.fail('constant expression may only use imported globals', opAt);
      if (m.globals[index].mutable) r.fail('constant expression uses a mutable global', opAt);
      stack.push({ kind: 'global', index });
    } else if ([0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e].includes(op)) {
      const t = op < 0x70 ? 'i32' : 'i64';
      const b = stack.pop();
      const a = stack.pop();
      if (!a || !b) r.fail('type mismatch in constant expression', opAt);
      if (a.kind !== 'const' || b.kind !== 'const') r.fail('unsupported constant expression: arithmetic on imported globals', opAt);
      if (a.type !== t || b.type !== t) r.fail('type mismatch in constant expression', opAt);
      const k = (op - (t === 'i32' ? 0x6a : 0x7c)) as 0 | 1 | 2;
      const v = k === 0 ? a.value + b.value : k === 1 ? a.value - b.value : a.value * b.value;
      stack.push({ kind: 'const', type: t, value: BigInt.asIntN(t === 'i32' ? 32 : 64, v) });
    } else r.fail(`constant expression required (opcode 0x${op.toString(16)} is not constant)`, opAt);
  }
  if (stack.length !== 1) r.fail('type mismatch: constant expression must produce exactly one value', at);
  const e = stack[0];
  if (want) {
    const t = e.kind === 'const' ? e.type : m.globals[e.index].type;
    if (t !== want) r.fail(`type mismatch in constant expression: expected ${want}, got ${t}`, at);
  }
  return e;
}

export function decodeModule(bytes: Uint8Array, file: string): Module {
  const r = new Reader(bytes, file);
  if (bytes.length < 8) r.fail('not a wasm module: too short', 0);
  const magic = r.bytesN(4);
  if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) r.fail('not a wasm module: bad magic', 0);
  const ver = r.bytesN(4);
  if (ver[0] !== 1 || ver[1] || ver[2] || ver[3]) r.fail('unsupported wasm binary version', 4);

  const m: Module = {
    types: [], imports: [], funcTypes: [], numImportedFuncs: 0, table: null, memory: null, globals: [],
    numImportedGlobals: 0, exports: [], start: null, elems: [], datas: [], bodies: [], names: new Map(),
  };
  let declaredFuncs = 0;
  let dataCount: number | null = null;
  let lastId = 0;
  const order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11]; // datacount (12) sits before code (10)
  let sawCode = false;

  while (!r.eof()) {
    const secPos = r.pos;
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) r.fail('section size out of bounds', secPos);
    const s = new Reader(bytes, file, r.pos, end);
    if (id !== 0) {
      if (!order.includes(id)) r.fail(`malformed section id ${id}`, secPos);
      if (order.indexOf(id) <= order.indexOf(lastId) && lastId !== 0) r.fail('unexpected section: out of order or repeated', secPos);
      lastId = id;
    }
    switch (id) {
      case 0: {
        const name = s.name();
        if (name === 'name') {
          try { readNames(s, m); } catch { /* a broken name section is not fatal */ }
        }
        s.pos = end;
        break;
      }
      case 1: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          if (s.u8() !== 0x60) s.fail('malformed function type', at);
          let unsupported: string | undefined;
          const vt = () => {
            const b = s.bytes[s.pos];
            if (b === 0x70 || b === 0x6f) {
              s.pos++;
              unsupported = 'unsupported value type funcref/externref (reference types)';
              return 'i64' as ValType;
            }
            return valtype(s);
          };
          const np = s.u32();
          const params: ValType[] = [];
          for (let j = 0; j < np; j++) params.push(vt());
          const nr = s.u32();
          const results: ValType[] = [];
          for (let j = 0; j < nr; j++) results.push(vt());
          m.types.push({ params, results, unsupported });
        }
        break;
      }
      case 2: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const module = s.name();
          const field = s.name();
          const at = s.pos;
          const kind = s.u8();
          if (kind === 0) {
            const type = s.u32();
            if (type >= m.types.length) s.fail(`unknown type ${type}`, at + 1);
            m.imports.push({ module, field, kind: 'func', type });
            m.funcTypes.push(type);
            m.numImportedFuncs++;
          } else if (kind === 1) {
            if (s.u8() !== 0x70) s.fail('only funcref tables are supported', at + 1);
            m.table = limits(s, 0xffffffff);
            m.imports.push({ module, field, kind: 'table' });
          } else if (kind === 2) {
            m.memory = limits(s, 65536);
            m.imports.push({ module, field, kind: 'memory' });
          } else if (kind === 3) {
            const type = valtype(s);
            const mb = s.u8();
            if (mb > 1) s.fail('malformed mutability', s.pos - 1);
            const g = { type, mutable: mb === 1 };
            m.imports.push({ module, field, kind: 'global', global: g });
            m.globals.push({ ...g, init: { kind: 'const', type, value: 0n } });
            m.numImportedGlobals++;
          } else s.fail(`malformed import kind ${kind}`, at);
        }
        break;
      }
      case 3: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const t = s.u32();
          if (t >= m.types.length) s.fail(`unknown type ${t}`, at);
          m.funcTypes.push(t);
        }
        declaredFuncs = n;
        break;
      }
      case 4: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          if (m.table) s.fail('multiple tables are not supported', s.pos);
          if (s.u8() !== 0x70) s.fail('only funcref tables are supported', s.pos - 1);
          m.table = limits(s, 0xffffffff);
        }
        break;
      }
      case 5: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          if (m.memory) s.fail('multiple memories', s.pos);
          m.memory = limits(s, 65536);
        }
        break;
      }
      case 6: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const type = valtype(s);
          const mb = s.u8();
          if (mb > 1) s.fail('malformed mutability', s.pos - 1);
          m.globals.push({ type, mutable: mb === 1, init: constExpr(s, m, type) });
        }
        break;
      }
      case 7: {
        const n = s.u32();
        const seen = new Set<string>();
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const name = s.name();
          if (seen.has(name)) s.fail(`duplicate export name "${name}"`, at);
          seen.add(name);
          const k = s.u8();
          const kind = (['func', 'table', 'memory', 'global'] as const)[k];
          if (!kind) s.fail(`malformed export kind ${k}`, s.pos - 1);
          const index = s.u32();
          const limit = kind === 'func' ? m.funcTypes.length : kind === 'global' ? m.globals.length : kind === 'table' ? (m.table ? 1 : 0) : m.memory ? 1 : 0;
          if (index >= limit) s.fail(`export "${name}" refers to unknown ${kind} ${index}`, at);
          m.exports.push({ name, kind, index });
        }
        break;
      }
      case 8: {
        const at = s.pos;
        m.start = s.u32();
        if (m.start >= m.funcTypes.length) s.fail(`unknown start function ${m.start}`, at);
        const t = m.types[m.funcTypes[m.start]];
        if (t.params.length || t.results.length) s.fail('start function must have type [] -> []', at);
        break;
      }
      case 9: {
        const n = s.u32();
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const flags = s.u32();
          if (flags !== 0 && flags !== 1 && flags !== 3) s.fail(`unsupported element segment kind ${flags} (reference types)`, at);
          let offset: ConstExpr | null = null;
          const offsetPos = s.pos;
          if (flags === 0) {
            if (!m.table) s.fail('element segment without a table', at);
            offset = constExpr(s, m, 'i32');
          } else if (s.u8() !== 0) s.fail('unsupported element kind', s.pos - 1);
          const cnt = s.u32();
          const funcs: number[] = [];
          for (let j = 0; j < cnt; j++) {
            const fp = s.pos;
            const f = s.u32();
            if (f >= m.funcTypes.length) s.fail(`unknown function ${f}`, fp);
            funcs.push(f);
          }
          // Passive/declarative segments only matter to table.init/ref.func, which we refuse.
          if (flags === 0) m.elems.push({ offset, funcs, offsetPos });
        }
        break;
      }
      case 12:
        dataCount = s.u32();
        break;
      case 10: {
        sawCode = true;
        const n = s.u32();
        if (n !== declaredFuncs) s.fail('function and code section have inconsistent lengths', secPos);
        for (let i = 0; i < n; i++) {
          const bsize = s.u32();
          const bstart = s.pos;
          const bend = bstart + bsize;
          if (bend > end) s.fail('function body size out of bounds', bstart);
          const b = new Reader(bytes, file, bstart, bend);
          const locals: ValType[] = [];
          try {
            const ng = b.u32();
            let total = 0;
            for (let j = 0; j < ng; j++) {
              const cnt = b.u32();
              total += cnt;
              if (total > 50000) b.fail('too many locals');
              const t = valtype(b);
              for (let k = 0; k < cnt; k++) locals.push(t);
            }
            const code = decodeCode(b, m, dataCount);
            m.bodies.push({ locals, code, pos: bstart, end: bend });
          } catch (e) {
            // A function using a feature we do not compile is refused on its own (when compiled).
            if (!(e instanceof UserError) || !e.message.startsWith('unsupported')) throw e;
            m.bodies.push({ locals: [], code: [], pos: e.offset?.offset ?? bstart, end: bend, unsupported: e.message });
          }
          s.pos = bend;
        }
        break;
      }
      case 11: {
        const n = s.u32();
        if (dataCount !== null && n !== dataCount) s.fail('data count and data section have inconsistent lengths', secPos);
        for (let i = 0; i < n; i++) {
          const at = s.pos;
          const flags = s.u32();
          let offset: ConstExpr | null = null;
          if (flags === 0 || flags === 2) {
            if (flags === 2 && s.u32() !== 0) s.fail('unknown memory', at);
            if (!m.memory) s.fail('data segment without a memory', at);
            offset = constExpr(s, m, 'i32');
          } else if (flags !== 1) s.fail(`malformed data segment kind ${flags}`, at);
          const len = s.u32();
          const pos = s.pos;
          m.datas.push({ offset, bytes: s.bytesN(len), pos });
        }
        break;
      }
    }
    if (id !== 0 && s.pos !== end) r.fail('section size mismatch', secPos);
    r.pos = end;
  }
  if (!sawCode && declaredFuncs > 0) r.fail('function and code section have inconsistent lengths', bytes.length);
  return m;
}

function decodeCode(b: Reader, m: Module, dataCount: number | null): Inst[] {
  const code: Inst[] = [];
  let depth = 1;
  while (!b.eof()) {
    const pos = b.pos;
    let op = b.u8();
    if (op === 0xfc) op = 0xfc00 + b.u32();
    const info = OPS.get(op);
    if (!info) {
      const why = REFUSED[op];
      b.fail(why ? `unsupported instruction: ${why}` : `illegal opcode 0x${op.toString(16)}`, pos);
    }
    const ins: Inst = { op, pos };
    switch (info.imm) {
      case 'none':
        if (op === 0x1c) {
          const n = b.u32();
          if (n !== 1) b.fail('invalid result arity for typed select', pos);
          valtype(b);
        }
        break;
      case 'block': {
        const at = b.pos;
        const t = b.u8();
        if (t === 0x40) ins.bt = -1;
        else if (VALTYPES[t]) ins.bt = -2 - ['i32', 'i64', 'f32', 'f64'].indexOf(VALTYPES[t]);
        else if (t === 0x70 || t === 0x6f) b.fail('unsupported block type funcref/externref (reference types)', at);
        else {
          b.pos = at;
          const idx = Number(b.sleb(33));
          if (idx < 0 || idx >= m.types.length) b.fail('unknown block type', at);
          ins.bt = idx;
        }
        depth++;
        break;
      }
      case 'label':
      case 'local':
      case 'global':
      case 'func':
        ins.a = b.u32();
        break;
      case 'br_table': {
        const n = b.u32();
        if (n > 100000) b.fail('br_table too large', pos);
        ins.targets = [];
        for (let i = 0; i < n; i++) ins.targets.push(b.u32());
        ins.a = b.u32();
        break;
      }
      case 'call_indirect':
        ins.a = b.u32();
        ins.b = b.u32();
        if (ins.b !== 0) b.fail('call_indirect: only table 0 is supported', pos);
        break;
      case 'memarg': {
        const align = b.u32();
        ins.a = b.u32(); // offset
        if (align >= 2 ** 6) b.fail('malformed memop flags (multiple memories are not supported)', pos + 1);
        ins.b = align;
        break;
      }
      case 'i32':
        ins.big = b.sleb(32);
        break;
      case 'i64':
        ins.big = b.sleb(64);
        break;
      case 'f32':
        ins.big = BigInt(b.f32bits());
        break;
      case 'f64':
        ins.big = b.f64bits();
        break;
      case 'zero':
        if (b.u8() !== 0) b.fail('zero byte expected', pos + 1);
        break;
      case 'zero2':
        if (b.u8() !== 0 || b.u8() !== 0) b.fail('zero byte expected', pos + 2);
        break;
      case 'data_zero':
      case 'data':
        ins.a = b.u32();
        if (dataCount === null) b.fail('data count section required', pos);
        if (info.imm === 'data_zero' && b.u8() !== 0) b.fail('zero byte expected', pos);
        break;
    }
    code.push(ins);
    if (op === 0x0b) {
      depth--;
      if (depth === 0) break;
    }
  }
  if (depth !== 0) b.fail('unexpected end of function body: END opcode expected');
  if (!b.eof()) b.fail('operators remaining after end of function');
  return code;
}

function readNames(s: Reader, m: Module) {
  while (!s.eof()) {
    const id = s.u8();
    const size = s.u32();
    const end = s.pos + size;
    if (id === 1) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const idx = s.u32();
        m.names.set(idx, s.name());
      }
    } else if (id === 7) {
      const n = s.u32();
      m.globalNames ??= new Map();
      for (let i = 0; i < n; i++) {
        const idx = s.u32();
        m.globalNames.set(idx, s.name());
      }
    }
    s.pos = end;
  }
}
