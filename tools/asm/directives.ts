// Directive handlers, one table entry per GNU-as directive we accept. Each gets the pass, the
// text after the directive name and the statement (for locations).
import { UserError } from '../common/diagnostics.ts';
import type { Pass, SymType } from './assembler.ts';
import { includePath, operandSpan } from './assembler.ts';
import { substitute } from './macros.ts';
import { parseSectionFlags } from './sections.ts';
import { SHF_MERGE, SHF_STRINGS } from '../elf/constants.ts';
import { parseString, splitArgs, type Stmt } from './source.ts';
import { cfiOps } from './cfi.ts';

type Handler = (p: Pass, args: string, st: Stmt, name: string) => void;

const SYM_RE = /^[A-Za-z_.$][\w.$]*$/;

function symbolName(text: string, what: string): string {
  const t = text.trim();
  if (!SYM_RE.test(t)) throw new UserError(`${what}: '${t}' is not a symbol name`);
  return t;
}

function toInt(v: bigint, what: string, max = 1n << 40n): number {
  if (v < 0n || v > max) throw new UserError(`${what} ${v} is out of range [0, ${max}]`);
  return Number(v);
}

const data = (size: 1 | 2 | 4 | 8): Handler => (p, args, st) => {
  const items = splitArgs(args);
  if (items.length === 0) return;
  items.forEach((it, k) => {
    // Locate an item's error (and its relocation) at the item itself.
    const span = st.argCol !== undefined ? operandSpan(args, k) : undefined;
    const loc = span ? { ...st.loc, col: st.argCol! + span.start, length: Math.max(1, span.length) } : st.loc;
    try {
      if (it === '') throw new UserError('empty expression in data list');
      p.emitValue(size, p.evalAt(it), loc);
    } catch (e) {
      if (e instanceof UserError && !e.loc) throw new UserError(e.message, { loc, notes: [...(st.loc.notes ?? []), ...e.notes] });
      throw e;
    }
  });
};

/** LEB128 encodings of constants (DWARF-style tables). */
const leb128 = (signed: boolean): Handler => (p, args) => {
  for (const it of splitArgs(args)) {
    let v = p.evalConst(it, 'LEB128 value');
    if (!signed) v = BigInt.asUintN(64, v);
    const out: number[] = [];
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n; // arithmetic for signed (BigInt), logical for the unsigned value
      const done = signed ? (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0) : v === 0n;
      out.push(done ? byte : byte | 0x80);
      if (done) break;
    }
    p.cur.markData();
    p.cur.bytes(out);
  }
};

/** IEEE 754 single/double data: decimal or hex floats, optionally GNU's `0f`/`0d` prefix. */
const floats = (size: 4 | 8): Handler => (p, args) => {
  for (const it of splitArgs(args)) {
    const t = it.trim().replace(/^([-+]?)0[fFdDeE](?=[-+]?[0-9.])/, '$1');
    const m = /^[-+]?(?:[0-9]+\.?[0-9]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|inf|nan)$/i.exec(t);
    if (!m) throw new UserError(`'${it}' is not a floating-point number`);
    const v = /inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : /nan/i.test(t) ? NaN : Number(t);
    const b = Buffer.alloc(size);
    if (size === 4) b.writeFloatLE(v); else b.writeDoubleLE(v);
    p.cur.markData();
    p.cur.bytes(b);
  }
};

/** `.text`/`.data`/`.bss` with a subsection number: not supported (GNU would reorder). */
const plainSection = (name: string): Handler => (p, args) => {
  if (args.trim() !== '' && args.trim() !== '0') throw new UserError(`subsections (${name} ${args.trim()}) are not supported`);
  p.switchTo(p.section(name));
};

const strings = (zero: boolean): Handler => (p, args) => {
  let rest = args.trim();
  if (rest === '') throw new UserError('expected a string');
  for (;;) {
    const r = parseString(rest);
    if ('error' in r) throw new UserError(r.error);
    if (zero) r.bytes.push(0);
    p.cur.markData();
    p.cur.bytes(r.bytes);
    rest = r.rest.trim();
    if (rest === '') return;
    if (rest[0] !== ',') throw new UserError(`unexpected '${rest}' after string`);
    rest = rest.slice(1).trim();
  }
};

const space: Handler = (p, args) => {
  const [n, fill] = splitArgs(args);
  if (!n) throw new UserError('expected a size');
  p.forwardUsed = false;
  const count = toInt(p.evalConst(n, 'size'), 'size');
  // GNU as makes a size known only later a different kind of fragment, without a mapping symbol.
  const known = !p.forwardUsed;
  const f = fill ? Number(BigInt.asUintN(8, p.evalConst(fill, 'fill value'))) : 0;
  p.cur.markData(); // GNU as: data state as for .byte, then a fill fragment when non-empty
  if (known && count > 0) p.cur.markFill();
  p.cur.fill(count, f);
};

/** `.align`/`.p2align` take a power of two on AArch64; `.balign` takes bytes. */
const align = (pow2: boolean): Handler => (p, args) => {
  const [a, fill, max] = splitArgs(args);
  if (!a) throw new UserError('expected an alignment');
  let n = toInt(p.evalConst(a, 'alignment'), 'alignment', pow2 ? 16n : 1n << 16n);
  if (pow2) n = 2 ** n;
  else if (n === 0) n = 1;
  else if (n & (n - 1)) throw new UserError(`alignment ${n} is not a power of two`);
  const f = fill ? Number(BigInt.asUintN(8, p.evalConst(fill, 'fill value'))) : undefined;
  if (n === 1) return; // GNU as makes no alignment fragment (no mapping symbol) for 1
  // A maximum of 0 means no maximum, as in GNU as.
  const m = max ? toInt(p.evalConst(max, 'maximum padding'), 'maximum padding') || undefined : undefined;
  p.cur.alignTo(n, f, m);
};

const binding = (bind: 'global' | 'weak' | 'local'): Handler => (p, args) => {
  for (const a of splitArgs(args)) {
    if (a === '') continue;
    const name = symbolName(a, `.${bind}`);
    p.attr(name).bind = bind;
  }
};

const visibility = (v: number): Handler => (p, args) => {
  for (const a of splitArgs(args)) if (a !== '') p.attr(symbolName(a, 'visibility')).visibility = v;
};

const TYPE_NAMES: Record<string, SymType> = {
  function: 'func', object: 'object', notype: 'notype', tls_object: 'tls', stt_func: 'func', stt_object: 'object', stt_notype: 'notype', stt_tls: 'tls',
};

const setLike = (once: boolean): Handler => (p, args, st) => {
  const parts = splitArgs(args);
  if (parts.length !== 2) throw new UserError('expected: symbol, expression');
  p.defineEqu(symbolName(parts[0], '.set'), p.evalAt(parts[1]), st.loc, once);
};

function section(p: Pass, args: string, push: boolean): void {
  const parts = splitArgs(args);
  const name = parts[0]?.replace(/^"(.*)"$/, '$1');
  if (!name) throw new UserError('expected a section name');
  let flags: number | undefined;
  let nobits: boolean | undefined;
  let entsize: number | undefined;
  if (parts[1] !== undefined) {
    const f = /^"([^"]*)"$/.exec(parts[1]);
    if (!f) throw new UserError(`section flags must be a quoted string like "ax", got '${parts[1]}'`);
    flags = parseSectionFlags(f[1]);
  }
  if (parts[2] !== undefined) {
    const t = parts[2].replace(/^[@%]/, '');
    if (t === 'nobits') nobits = true;
    else if (t === 'progbits' || t === 'note' || t === 'init_array' || t === 'fini_array') nobits = false;
    else throw new UserError(`unknown section type '${parts[2]}' (use @progbits or @nobits)`);
  }
  if (parts[3] !== undefined) entsize = toInt(p.evalConst(parts[3], 'entry size'), 'entry size', 1n << 16n);
  const existing = p.byName.get(name);
  const s = p.section(name, flags, nobits, entsize);
  if (existing && flags !== undefined && existing.flags !== flags && flags !== 0) {
    throw new UserError(`section ${name} changed flags (was 0x${existing.flags.toString(16)})`);
  }
  if (push) p.sectionStack.push([p.cur, p.prevSection]);
  p.switchTo(s);
}

function condPush(p: Pass, st: Stmt, value: boolean): void {
  const parentActive = p.conds.length === 0 || p.conds[p.conds.length - 1].active;
  p.conds.push({ active: parentActive && value, taken: value, parentActive, sawElse: false, loc: st.loc, depth: p.frames.length });
}

/** Conditionals run even inside a skipped block (to keep nesting); they evaluate only when live. */
const cond = (test: (p: Pass, args: string) => boolean): Handler => (p, args, st) => {
  const parentActive = p.conds.length === 0 || p.conds[p.conds.length - 1].active;
  condPush(p, st, parentActive ? test(p, args) : false);
};

const num = (p: Pass, a: string) => p.evalConst(a, 'condition');
const strArg = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');

const SYMBOL_DEFINED = (p: Pass, a: string) => p.isDefined(symbolName(a, '.ifdef'));

function ifc(p: Pass, a: string): boolean {
  const parts = splitArgs(a);
  if (parts.length !== 2) throw new UserError('.ifc expects two comma-separated strings');
  return strArg(parts[0]) === strArg(parts[1]);
}

export const CONDITIONALS = new Set([
  '.if', '.ifdef', '.ifndef', '.ifnotdef', '.ifeq', '.ifne', '.ifgt', '.ifge', '.iflt', '.ifle',
  '.ifb', '.ifnb', '.ifc', '.ifnc', '.ifeqs', '.ifnes', '.else', '.elseif', '.endif',
]);

const REPEAT_OPEN = new Set(['.rept', '.irp', '.irpc']);
const MACRO_OPEN = new Set(['.macro']);

function repeat(p: Pass, st: Stmt, bodyOf: (body: Stmt[]) => { stmts: Stmt[]; repeat: number }, what: string): void {
  const body = p.collectBody(REPEAT_OPEN, '.endr', what, st.loc);
  const { stmts, repeat } = bodyOf(body);
  if (repeat > 0 && stmts.length > 0) p.pushFrame({ stmts, i: 0, repeat, kind: 'rept' });
}

function irpValues(p: Pass, args: string, st: Stmt, chars: boolean): void {
  const parts = chars ? [args.replace(/[\s,].*$/, ''), args.replace(/^[^\s,]+[\s,]*/, '')] : splitArgs(args.replace(/^(\s*[A-Za-z_]\w*)\s+(?!,)/, '$1, '));
  const name = parts[0]?.trim();
  if (!name || !/^[A-Za-z_]\w*$/.test(name)) throw new UserError(`.irp${chars ? 'c' : ''}: expected a parameter name`);
  const values = chars ? [...(parts[1] ?? '').trim()] : parts.slice(1);
  // GNU as drops one empty value after a trailing comma (`.irp r, 1, 2,` runs twice).
  if (!chars && values.length > 1 && values[values.length - 1].trim() === '') values.pop();
  if (values.length === 0) values.push('');
  repeat(p, st, (body) => ({
    stmts: values.flatMap((v) => body.map((b) => ({ text: substitute(b.text, new Map([[name, v]]), ''), loc: b.loc }))),
    repeat: 1,
  }), `.irp${chars ? 'c' : ''}`);
}

function defineMacro(p: Pass, args: string, st: Stmt): void {
  const m = /^([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$/.exec(args.trim());
  if (!m) throw new UserError('.macro: expected a macro name');
  const params = m[2].trim() === '' ? [] : m[2].split(/\s*,\s*|\s+(?![^=]*$)|\s+/).filter((x) => x !== '').map((spec) => {
    const pm = /^([A-Za-z_]\w*)(?::(req|vararg))?(?:\s*=\s*(.*))?$/.exec(spec);
    if (!pm) throw new UserError(`.macro ${m[1]}: bad parameter '${spec}'`);
    return { name: pm[1], def: pm[3], req: pm[2] === 'req', vararg: pm[2] === 'vararg' };
  });
  const body = p.collectBody(MACRO_OPEN, '.endm', `.macro ${m[1]}`, st.loc);
  if (p.macros.has(m[1])) throw new UserError(`macro '${m[1]}' is already defined`);
  p.macros.set(m[1], { name: m[1], params, body, loc: st.loc });
}

const ignore: Handler = () => {};

export const DIRECTIVES: Record<string, Handler> = {
  // sections
  '.text': plainSection('.text'),
  '.data': plainSection('.data'),
  '.bss': plainSection('.bss'),
  '.rodata': (p) => p.switchTo(p.section('.rodata')),
  '.section': (p, a) => section(p, a, false),
  '.pushsection': (p, a) => section(p, a, true),
  '.popsection': (p) => {
    const top = p.sectionStack.pop();
    if (!top) throw new UserError('.popsection without .pushsection');
    p.cur = top[0];
    p.prevSection = top[1];
  },
  '.previous': (p) => {
    if (!p.prevSection) throw new UserError('.previous: no previous section');
    p.switchTo(p.prevSection);
  },
  // symbols
  '.global': binding('global'),
  '.globl': binding('global'),
  '.weak': binding('weak'),
  '.local': binding('local'),
  '.internal': visibility(1), '.hidden': visibility(2), '.protected': visibility(3),
  '.type': (p, args) => {
    const parts = splitArgs(args);
    if (parts.length !== 2) throw new UserError('.type expects: symbol, @function|@object|@notype');
    const t = TYPE_NAMES[parts[1].replace(/^[@%"]|"$/g, '').toLowerCase()];
    if (!t) throw new UserError(`.type: unknown symbol type '${parts[1]}'`);
    p.attr(symbolName(parts[0], '.type')).type = t;
  },
  '.size': (p, args) => {
    const parts = splitArgs(args);
    if (parts.length !== 2) throw new UserError('.size expects: symbol, expression');
    p.attr(symbolName(parts[0], '.size')).size = p.evalConst(parts[1], 'symbol size');
  },
  '.comm': (p, args) => {
    const [n, size, al] = splitArgs(args);
    if (!n || !size) throw new UserError('.comm expects: symbol, size[, alignment]');
    const name = symbolName(n, '.comm');
    if (p.isDefined(name)) throw new UserError(`symbol '${name}' is already defined`);
    const sz = p.evalConst(size, 'size');
    // GNU's default: the smallest power of two not below the size, at most 16.
    let def = 1n;
    while (def < sz && def < 16n) def *= 2n;
    p.commons.set(name, { size: sz, align: al ? p.evalConst(al, 'alignment') : def });
  },
  '.lcomm': (p, args, st) => {
    const [n, size, al] = splitArgs(args);
    if (!n || !size) throw new UserError('.lcomm expects: symbol, size[, alignment]');
    const saved = p.cur;
    p.cur = p.section('.bss');
    const sz = p.evalConst(size, 'size');
    // GNU's default: the largest power of two not above the size, at most 8.
    let def = 1;
    while (BigInt(def * 2) <= sz && def < 8) def *= 2;
    p.cur.alignTo(al ? toInt(p.evalConst(al, 'alignment'), 'alignment', 1n << 16n) : def, undefined, undefined);
    const name = symbolName(n, '.lcomm');
    p.defineLabel(name, st.loc);
    p.attr(name).size = sz;
    p.attr(name).type ??= 'object';
    p.cur.markFill();
    p.cur.fill(toInt(sz, 'size'), 0);
    p.cur = saved;
  },
  '.equ': setLike(false),
  '.set': setLike(false),
  '.equiv': setLike(true),
  // data
  '.byte': data(1),
  '.hword': data(2), '.short': data(2), '.half': data(2), '.2byte': data(2),
  '.word': data(4), '.long': data(4), '.int': data(4), '.4byte': data(4),
  '.quad': data(8), '.dword': data(8), '.xword': data(8), '.8byte': data(8),
  '.inst': (p, args, st) => {
    for (const it of splitArgs(args)) {
      const v = p.evalConst(it, '.inst word');
      if (v < 0n || v > 0xffffffffn) throw new UserError(`.inst: 0x${v.toString(16)} is not a 32-bit word`);
      p.cur.markInsn();
      p.cur.u32(Number(v));
      void st;
    }
  },
  '.uleb128': leb128(false),
  '.sleb128': leb128(true),
  '.float': floats(4), '.single': floats(4),
  '.double': floats(8),
  '.ascii': strings(false),
  '.asciz': strings(true),
  '.string': strings(true),
  '.space': space, '.skip': space,
  '.zero': (p, args) => {
    const n = toInt(p.evalConst(args, 'size'), 'size');
    p.cur.markData();
    if (n > 0) p.cur.markFill();
    p.cur.fill(n, 0);
  },
  '.fill': (p, args) => {
    const [r, s, v] = splitArgs(args);
    if (!r) throw new UserError('.fill expects: repeat[, size[, value]]');
    const repeatN = toInt(p.evalConst(r, 'repeat count'), 'repeat count');
    const size = s ? toInt(p.evalConst(s, 'size'), 'size', 8n) : 1;
    const value = v ? BigInt.asUintN(32, p.evalConst(v, 'fill value')) : 0n;
    // Like GNU as: data alignment state first (as for .byte), a fill fragment only when non-empty.
    p.cur.markData();
    if (repeatN * size === 0) return;
    p.cur.markFill();
    const pattern: number[] = [];
    let rest = value;
    for (let i = 0; i < size; i++) { pattern.push(Number(rest & 0xffn)); rest >>= 8n; }
    p.cur.repeat(pattern, repeatN);
  },
  '.org': (p, args) => {
    const [where, fillText] = splitArgs(args);
    if (!where) throw new UserError('.org expects: offset[, fill]');
    const v = p.evalAt(where);
    const fill = fillText ? Number(BigInt.asUintN(8, p.evalConst(fillText, 'fill value'))) : 0;
    let target: bigint;
    if (v.sym === undefined) target = v.add;
    else {
      const l = p.locate(v.sym);
      if (!l || l.sec !== p.cur.index) throw new UserError('.org needs an offset in the current section');
      target = l.off + v.add;
    }
    const n = Number(target) - p.cur.size;
    if (n < 0) throw new UserError(`.org 0x${target.toString(16)} moves backwards (now at 0x${p.cur.size.toString(16)})`);
    p.cur.fill(n, fill);
  },
  '.align': align(true),
  '.p2align': align(true),
  '.balign': align(false),
  // literal pools
  '.ltorg': (p) => p.flushPool(p.cur),
  '.pool': (p) => p.flushPool(p.cur),
  // register aliases
  '.req': (p, args) => {
    const [name, reg] = splitArgs(args);
    if (!name || !reg || !/^[A-Za-z_]\w*$/.test(name)) throw new UserError('expected: alias .req register');
    const target = p.aliases.get(reg.toLowerCase()) ?? reg.toLowerCase();
    if (!/^([xwbhsdqv]([0-9]|[12][0-9]|30|31)|sp|wsp|xzr|wzr|lr|fp|ip0|ip1)$/.test(target)) throw new UserError(`.req: '${reg}' is not a register`);
    const old = p.aliases.get(name.toLowerCase());
    if (old !== undefined && old !== target) throw new UserError(`register alias '${name}' is already defined as ${old}`);
    p.aliases.set(name.toLowerCase(), target);
    p.aliasRe = new RegExp(`\\b(${[...p.aliases.keys()].join('|')})\\b`, 'gi');
  },
  '.unreq': (p, args) => {
    const name = args.trim().toLowerCase();
    if (!p.aliases.delete(name)) throw new UserError(`.unreq: '${args.trim()}' is not a register alias`);
    p.aliasRe = p.aliases.size ? new RegExp(`\\b(${[...p.aliases.keys()].join('|')})\\b`, 'gi') : null;
  },
  // macros and repetition
  '.macro': defineMacro,
  '.endm': () => { throw new UserError('.endm without .macro'); },
  '.exitm': (p) => p.exitMacro(),
  '.purgem': (p, args) => {
    if (!p.macros.delete(args.trim())) throw new UserError(`.purgem: no macro named '${args.trim()}'`);
  },
  '.rept': (p, args, st) => {
    const n = toInt(p.evalConst(args, 'repeat count'), 'repeat count', 1n << 24n);
    repeat(p, st, (body) => ({ stmts: body, repeat: n }), '.rept');
  },
  '.irp': (p, args, st) => irpValues(p, args, st, false),
  '.irpc': (p, args, st) => irpValues(p, args, st, true),
  '.endr': () => { throw new UserError('.endr without .rept/.irp'); },
  // conditionals
  '.if': cond((p, a) => num(p, a) !== 0n),
  '.ifne': cond((p, a) => num(p, a) !== 0n),
  '.ifeq': cond((p, a) => num(p, a) === 0n),
  '.ifgt': cond((p, a) => num(p, a) > 0n),
  '.ifge': cond((p, a) => num(p, a) >= 0n),
  '.iflt': cond((p, a) => num(p, a) < 0n),
  '.ifle': cond((p, a) => num(p, a) <= 0n),
  '.ifdef': cond(SYMBOL_DEFINED),
  '.ifndef': cond((p, a) => !SYMBOL_DEFINED(p, a)),
  '.ifnotdef': cond((p, a) => !SYMBOL_DEFINED(p, a)),
  '.ifb': cond((_p, a) => a.trim() === ''),
  '.ifnb': cond((_p, a) => a.trim() !== ''),
  '.ifc': cond(ifc),
  '.ifeqs': cond(ifc),
  '.ifnc': cond((p, a) => !ifc(p, a)),
  '.ifnes': cond((p, a) => !ifc(p, a)),
  '.elseif': (p, args) => {
    const c = p.conds[p.conds.length - 1];
    if (!c) throw new UserError('.elseif without .if');
    if (c.sawElse) throw new UserError('.elseif after .else');
    if (c.taken || !c.parentActive) { c.active = false; return; }
    c.active = num(p, args) !== 0n;
    c.taken = c.active;
  },
  '.else': (p) => {
    const c = p.conds[p.conds.length - 1];
    if (!c) throw new UserError('.else without .if');
    if (c.sawElse) throw new UserError('duplicate .else');
    c.sawElse = true;
    c.active = c.parentActive && !c.taken;
    c.taken = true;
  },
  '.endif': (p) => {
    if (!p.conds.pop()) throw new UserError('.endif without .if');
  },
  // files and messages
  '.include': (p, args, st) => {
    const r = parseString(args);
    if ('error' in r) throw new UserError(`.include: ${r.error}`);
    const file = includePath(p, Buffer.from(r.bytes).toString('utf8'), st.loc);
    p.pushFrame({ stmts: p.loadFile(file, st.loc), i: 0, repeat: 1, kind: 'file' });
  },
  '.incbin': (p, args, st) => {
    const r = parseString(args);
    if ('error' in r) throw new UserError(`.incbin: ${r.error}`);
    const file = includePath(p, Buffer.from(r.bytes).toString('utf8'), st.loc);
    const rest = r.rest.trim().replace(/^,/, '');
    const [skipText, countText] = rest ? splitArgs(rest) : [];
    const data = p.loadBinary(file, st.loc);
    const skip = skipText ? toInt(p.evalConst(skipText, 'skip'), 'skip') : 0;
    if (skip > data.length) throw new UserError(`.incbin: skip ${skip} is beyond the end of ${file} (${data.length} bytes)`);
    const count = countText ? toInt(p.evalConst(countText, 'count'), 'count') : data.length - skip;
    if (skip + count > data.length) throw new UserError(`.incbin: ${count} bytes from ${skip} go beyond the end of ${file} (${data.length} bytes)`);
    p.cur.markData();
    p.cur.bytes(data.subarray(skip, skip + count));
  },
  '.end': (p) => { p.frames.length = 0; },
  // Produced by the reader for `#include`, `#define`...: no C preprocessor here.
  '.cpp_directive': (_p, args) => {
    const hint: Record<string, string> = { include: '.include "file"', define: '.equ NAME, value (or .macro)', if: '.if', ifdef: '.ifdef', ifndef: '.ifndef', else: '.else', endif: '.endif', elif: '.elseif', error: '.error "message"' };
    const h = hint[args.trim()];
    throw new UserError(`C preprocessor directive '#${args.trim()}' is not supported (there is no cpp step)${h ? `: use ${h}` : ''}`);
  },
  '.err': () => { throw new UserError('.err encountered'); },
  '.error': (_p, args) => {
    const r = parseString(args);
    throw new UserError('error' in r ? '.error directive' : Buffer.from(r.bytes).toString('utf8'));
  },
  '.warning': ignore, '.print': ignore,
  // `.file "name"` names the source (an STT_FILE symbol); `.file N "name"` is DWARF's: the
  // file table `.loc` refers to (used with debug info, see dwarf.ts).
  '.file': (p, args) => {
    const t = args.trim();
    const numbered = /^(\d+)\s+(".*)$/.exec(t);
    if (numbered) {
      const r = parseString(numbered[2]);
      if ('error' in r) throw new UserError(`.file: ${r.error}`);
      p.sawLoc = true;
      p.dwarfFiles.set(Number(numbered[1]), Buffer.from(r.bytes).toString('utf8'));
      return;
    }
    if (!t.startsWith('"')) return;
    const r = parseString(t);
    if ('error' in r) throw new UserError(`.file: ${r.error}`);
    p.fileName ??= Buffer.from(r.bytes).toString('utf8');
  },
  // `.ident "text"`: appended to the .comment section (a leading NUL, then each string).
  '.ident': (p, args) => {
    const r = parseString(args);
    if ('error' in r) throw new UserError(`.ident: ${r.error}`);
    const c = p.section('.comment', SHF_MERGE | SHF_STRINGS, false, 1);
    if (c.size === 0) c.bytes([0]);
    c.bytes([...r.bytes, 0]);
  }, '.arch': ignore, '.cpu': ignore, '.arch_extension': ignore,
  // `.loc FILE LINE [COL ...]`: the next code comes from that source line.
  '.loc': (p, args) => {
    p.sawLoc = true;
    if (!p.opts.debug) return;
    const m = /^(\d+)\s+(\d+)/.exec(args.trim());
    if (!m) throw new UserError('.loc: expected FILE LINE [COLUMN]');
    const file = p.dwarfFiles.get(Number(m[1]));
    if (file === undefined) throw new UserError(`.loc: file number ${m[1]} has no .file`);
    const last = p.locRows[p.locRows.length - 1];
    const row = { sec: p.cur, off: p.cur.size, file, line: Number(m[2]) };
    if (last && last.sec === row.sec && last.off === row.off) p.locRows[p.locRows.length - 1] = row;
    else if (!last || last.sec !== row.sec || last.line !== row.line || last.file !== row.file) p.locRows.push(row);
  },
  '.size_hint': ignore, '.addrsig': ignore, '.addrsig_sym': ignore,
  // Call frame information (tools/asm/cfi.ts), kept when assembling with debug info.
  '.cfi_startproc': (p, _a, st) => {
    if (p.openFde) throw new UserError('.cfi_startproc inside another (missing .cfi_endproc)');
    p.openFde = { sec: p.cur, start: p.cur.size, end: p.cur.size, rows: [], loc: st.loc, cfaOff: 0, saved: [] };
  },
  '.cfi_endproc': (p) => {
    const f = p.openFde;
    if (!f) throw new UserError('.cfi_endproc without .cfi_startproc');
    f.end = f.sec.size;
    p.openFde = null;
    if (f.end > f.start) p.fdes.push(f); // written with or without debug, as GNU as does
  },
  '.cfi_sections': ignore, '.cfi_signal_frame': ignore, '.cfi_return_column': ignore, '.cfi_personality': ignore, '.cfi_lsda': ignore,
  ...Object.fromEntries(['def_cfa', 'def_cfa_register', 'def_cfa_offset', 'adjust_cfa_offset', 'rel_offset', 'offset', 'restore', 'undefined', 'same_value', 'register', 'remember_state', 'restore_state']
    .map((n) => [`.cfi_${n}`, (p: Pass, args: string) => {
      const f = p.openFde;
      if (!f) throw new UserError(`.cfi_${n} outside .cfi_startproc/.cfi_endproc`);
      if (f.sec !== p.cur) throw new UserError(`.cfi_${n} in another section than its .cfi_startproc`);
      const ops = cfiOps(n, args.trim() ? splitArgs(args) : [], (t) => Number(p.evalConst(t, 'offset')), f);
      if (ops) f.rows.push({ off: p.cur.size, ops });
    }])),
};

