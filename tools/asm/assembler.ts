// The assembler's driver: reads statements (through includes, macros and repetitions),
// keeps symbols, sections and conditional state, hands instructions to the ISA encoder and
// data to the directive handlers, then resolves fixups. Layout is computed in passes: a
// second pass runs only when a value needed for sizing referred forward (`.space end - start`
// before `end:`), using the positions of the previous pass until they stop moving.
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { ExprValue, IsaApi, RelocType } from '../isa/api.ts';
import { UserError, UserErrors } from '../common/diagnostics.ts';
import { evaluate, evaluateConst, type EvalResult, type SymbolResolver, type Term } from './expr.ts';
import { SectionBuf, defaultSectionKind, type PoolEntry } from './sections.ts';
import { splitSource, type Loc, type Stmt } from './source.ts';
import { DIRECTIVES, CONDITIONALS } from './directives.ts';
import { bindMacroArgs, substitute, type Macro } from './macros.ts';
import { applyDataRelocation, isPcRelative, relocValue } from '../elf/relocs.ts';

export { substitute, type Macro };

export interface AsmOptions {
  isa: IsaApi;
  /** Directories searched by `.include` after the including file's own directory. */
  includeDirs?: string[];
  /** Read a source file (default: fs). */
  readFile?: (file: string) => string;
  /** Stop runaway repetition (`.rept` of huge counts, recursive macros). */
  maxStatements?: number;
  /** Symbols defined before the source is read (`--defsym NAME=VALUE`). */
  defsyms?: Record<string, bigint>;
  /** Write DWARF line and unit information (dwarf.ts), as `as -g` does. */
  debug?: boolean;
}

export type RelocTarget = { kind: 'section'; sec: number } | { kind: 'symbol'; name: string } | { kind: 'none' };
export interface AsmReloc { offset: number; type: RelocType; target: RelocTarget; addend: bigint }
export interface AsmSection {
  name: string; nobits: boolean; flags: number; align: number; entsize: number;
  data: Uint8Array; size: number; relocs: AsmReloc[]; mapping: { off: number; kind: 'x' | 'd' }[];
}
export type SymType = 'notype' | 'func' | 'object' | 'tls' | 'file';
export interface AsmSymbol {
  name: string; sec: number | 'abs' | 'undef' | 'common'; value: bigint; size: bigint; type: SymType; bind: 'local' | 'global' | 'weak';
  /** ELF st_other visibility: 0 default, 1 internal, 2 hidden, 3 protected. */
  visibility?: number;
}
export interface AsmResult { sections: AsmSection[]; symbols: AsmSymbol[]; fileName?: string }

interface Frame {
  stmts: Stmt[]; i: number; repeat: number;
  kind: 'file' | 'macro' | 'rept';
}
interface Cond { active: boolean; taken: boolean; parentActive: boolean; sawElse: boolean; loc: Loc; depth: number }
import { emitDebugFrame, type Fde } from './cfi.ts';
import { DEBUG_RELOC, emitDwarf, type DwarfHost, type FunctionSym, type LineRow } from './dwarf.ts';

interface Fixup { sec: SectionBuf; off: number; type: RelocType; sym: string; addend: bigint; loc: Loc }
interface SymAttr { bind?: 'global' | 'weak' | 'local'; type?: SymType; size?: bigint; loc?: Loc; visibility?: number }

const MAX_PASSES = 6;
const SECTION_MARK = '\x01S'; // internal symbol for "start of section N" (from `.`)

/** Positions and values one pass leaves for the next. */
interface Layout { labels: Map<string, { sec: number; off: bigint }>; equs: Map<string, Term> }

export class Pass implements SymbolResolver {
  sections: SectionBuf[] = [];
  byName = new Map<string, SectionBuf>();
  cur!: SectionBuf;
  prevSection: SectionBuf | undefined;
  sectionStack: [SectionBuf, SectionBuf | undefined][] = [];
  labels = new Map<string, { sec: number; off: bigint; loc: Loc }>();
  equs = new Map<string, { term: Term; loc: Loc; setOnce: boolean }>();
  numeric = new Map<string, number>();
  attrs = new Map<string, SymAttr>();
  fixups: Fixup[] = [];
  aliases = new Map<string, string>();
  aliasRe: RegExp | null = null;
  macros = new Map<string, Macro>();
  conds: Cond[] = [];
  frames: Frame[] = [];
  errors: UserError[] = [];
  /** Something was used before it was known: the layout may need another pass. */
  needRepass = false;
  /** The last evaluation looked forward (values from the previous pass, or unknown). */
  forwardUsed = false;
  undefinedRefs = new Set<string>();
  macroCounter = 0;
  literalCounter = 0;
  statements = 0;
  macroDepth = 0;
  referenced = new Set<string>();
  /** From `.file "name"`: written as the STT_FILE symbol. */
  fileName: string | undefined;
  /** Line rows for DWARF (opts.debug): from `.loc`, and from the source's own lines. */
  locRows: LineRow[] = [];
  srcRows: LineRow[] = [];
  /** `.file N "name"` / `.loc` seen: the rows are the compiler's, not this file's lines. */
  sawLoc = false;
  dwarfFiles = new Map<number, string>();
  /** Where the outermost macro being expanded was used: its code's source line (as GNU as). */
  macroCall: Loc | undefined;
  /** Call frame information (opts.debug): finished FDEs and the one open. */
  fdes: Fde[] = [];
  openFde: (Fde & { loc: Loc }) | null = null;
  /** `.comm` symbols: size and alignment, allocated by the linker. */
  commons = new Map<string, { size: bigint; align: bigint }>();

  /** The encoder's operand context, made once (its pc changes per instruction). */
  readonly ctx: { evalExpr: (t: string) => ExprValue; pc: number } = { evalExpr: (t) => this.toExprValue(this.evalAt(t)), pc: 0 };
  readonly fileCache: Map<string, Stmt[]>;
  readonly binCache: Map<string, Uint8Array>;
  /** `caches` outlive the pass: each file is read and split once per assembly. */
  constructor(readonly opts: AsmOptions, readonly prev: Layout | undefined, caches: { src: Map<string, Stmt[]>; bin: Map<string, Uint8Array> }) {
    this.fileCache = caches.src;
    this.binCache = caches.bin;
    for (const n of ['.text', '.data', '.bss']) this.section(n);
    this.cur = this.byName.get('.text')!;
    const cmdline: Loc = { file: '<command line>', line: 1, col: 1, lineText: '' };
    for (const [name, value] of Object.entries(opts.defsyms ?? {})) this.equs.set(name, { term: { add: value }, loc: cmdline, setOnce: false });
  }

  // ---- sections ----
  section(name: string, flags?: number, nobits?: boolean, entsize?: number): SectionBuf {
    let s = this.byName.get(name);
    if (!s) {
      const d = defaultSectionKind(name);
      s = new SectionBuf(name, this.sections.length, nobits ?? d.nobits, flags ?? d.flags, entsize ?? 0);
      this.sections.push(s);
      this.byName.set(name, s);
    }
    return s;
  }
  switchTo(s: SectionBuf): void {
    if (s !== this.cur) { this.prevSection = this.cur; this.cur = s; }
  }

  // ---- SymbolResolver ----
  lookup(name: string): Term {
    const eq = this.equs.get(name);
    if (eq) return eq.term;
    if (!this.labels.has(name)) {
      const pe = this.prev?.equs.get(name);
      // Only constants carry over between passes; a symbolic value may be self-referential.
      if (pe && pe.sym === undefined) { this.forwardUsed = true; return pe; }
      this.undefinedRefs.add(name);
    }
    return { add: 0n, sym: name };
  }
  locate(sym: string, depth = 0): { sec: number; off: bigint } | undefined {
    if (sym.startsWith(SECTION_MARK)) return { sec: Number(sym.slice(2)), off: 0n };
    const l = this.labels.get(sym);
    if (l) return l;
    const pl = this.prev?.labels.get(sym);
    if (pl) { this.forwardUsed = true; return pl; }
    const eq = this.equs.get(sym)?.term ?? this.prev?.equs.get(sym);
    if (eq && eq.sym !== undefined && depth < 64) {
      const base = this.locate(eq.sym, depth + 1);
      return base && { sec: base.sec, off: base.off + eq.add };
    }
    return undefined;
  }
  dot(): Term { return { add: BigInt(this.cur.size), sym: SECTION_MARK + this.cur.index }; }
  numericLabel(n: string, dir: 'b' | 'f'): string {
    const count = this.numeric.get(n) ?? 0;
    if (dir === 'b') {
      if (count === 0) throw new UserError(`no previous definition of local label '${n}' (for ${n}b)`);
      return `\x01${n}:${count - 1}`;
    }
    return `\x01${n}:${count}`;
  }
  unresolved(what: string): void {
    this.forwardUsed = true;
    if (this.prev) throw new UserError(what);
    this.needRepass = true;
  }

  evalAt(text: string): EvalResult { return evaluate(text, this); }
  evalConst(text: string, what?: string): bigint { return evaluateConst(text, this, what); }

  // ---- symbols ----
  defineLabel(name: string, loc: Loc): void {
    let key = name;
    if (/^[0-9]+$/.test(name)) {
      const c = this.numeric.get(name) ?? 0;
      this.numeric.set(name, c + 1);
      key = `\x01${name}:${c}`;
    } else if (this.labels.has(name) || this.equs.has(name)) {
      const first = this.labels.get(name)?.loc ?? this.equs.get(name)!.loc;
      throw new UserError(`symbol '${name}' is already defined`, { notes: [`first defined at ${first.file}:${first.line}`] });
    }
    this.labels.set(key, { sec: this.cur.index, off: BigInt(this.cur.size), loc });
  }
  defineEqu(name: string, term: Term, loc: Loc, once: boolean): void {
    if (this.labels.has(name)) throw new UserError(`symbol '${name}' is already defined as a label`);
    const old = this.equs.get(name);
    if (old && (old.setOnce || once)) throw new UserError(`symbol '${name}' is already defined`, { notes: [`first defined at ${old.loc.file}:${old.loc.line}`] });
    if (term.sym !== undefined && this.refersTo(term.sym, name)) throw new UserError(`symbol '${name}' is defined in terms of itself`);
    if (this.undefinedRefs.has(name) && !this.prev) this.needRepass = true; // used before defined
    this.equs.set(name, { term, loc, setOnce: once });
  }
  private refersTo(sym: string, name: string, depth = 0): boolean {
    if (sym === name) return true;
    const t = this.equs.get(sym)?.term;
    return depth < 100 && t?.sym !== undefined && this.refersTo(t.sym, name, depth + 1);
  }
  attr(name: string): SymAttr {
    let a = this.attrs.get(name);
    if (!a) { a = {}; this.attrs.set(name, a); }
    return a;
  }
  isDefined(name: string): boolean { return this.labels.has(name) || this.equs.has(name); }

  // ---- emission ----
  emitValue(size: 1 | 2 | 4 | 8, v: EvalResult, loc: Loc): void {
    const s = this.cur;
    s.markData();
    if (v.mod) throw new UserError(`relocation modifier :${v.mod}: is not allowed in data`);
    if (v.sym === undefined) {
      const bits = BigInt(size * 8);
      if (size < 8 && (v.add < -(1n << (bits - 1n)) || v.add >= 1n << bits)) {
        throw new UserError(`value 0x${BigInt.asUintN(64, v.add).toString(16)} does not fit in ${size} byte${size > 1 ? 's' : ''}`);
      }
      s.int(v.add, size);
      return;
    }
    const sub = (v as Term & { sub?: { sec: number; off: bigint } }).sub;
    if (size === 1) throw new UserError(`a symbol's address ('${v.sym}') cannot be stored in one byte`);
    let type: RelocType;
    let addend = v.add;
    if (sub) {
      if (sub.sec !== s.index) throw new UserError(`cannot subtract a symbol of another section from '${v.sym}' here`);
      type = size === 2 ? 'R_AARCH64_PREL16' : size === 4 ? 'R_AARCH64_PREL32' : 'R_AARCH64_PREL64';
      addend += BigInt(s.size) - sub.off;
    } else type = size === 2 ? 'R_AARCH64_ABS16' : size === 4 ? 'R_AARCH64_ABS32' : 'R_AARCH64_ABS64';
    this.fixups.push({ sec: s, off: s.size, type, sym: v.sym, addend, loc });
    s.int(0n, size);
  }

  toExprValue(v: EvalResult): ExprValue {
    if (v.sym === undefined && !v.mod) return { kind: 'const', value: v.add };
    if ((v as { sub?: unknown }).sub) throw new UserError(`'${v.sym} - <symbol>' cannot be encoded in an instruction`);
    const r: ExprValue = { kind: 'symbol', symbol: v.sym ?? '', addend: v.add };
    if (v.mod) r.modifier = v.mod;
    return r;
  }

  instruction(mnemonic: string, operands: string, st: Stmt, opCol: number): void {
    if (this.aliasRe) operands = operands.replace(this.aliasRe, (m) => this.aliases.get(m.toLowerCase()) ?? m);
    const s = this.cur;
    if (s.nobits) throw new UserError(`instruction '${mnemonic}' in nobits section ${s.name}`);
    if (s.size % 4 !== 0) {
      // GNU as pads to the next instruction slot where code resumes after data in a code
      // section (and only there: after an alignment directive it leaves the offset alone).
      if (!s.isCode) throw new UserError(`instruction at offset 0x${s.size.toString(16)} of ${s.name} is not 4-byte aligned`);
      if (s.mapState !== 'x') {
        s.markInsn();
        s.alignTo(4, undefined, undefined);
      }
    }
    const pc = s.size;
    const ctx = this.ctx;
    ctx.pc = pc;
    let res = this.opts.isa.assemble(mnemonic, operands, ctx);
    if (res.literal) {
      const lit = res.literal;
      const v = this.evalAt(operands.slice(operands.indexOf('=') + 1));
      const label = this.addLiteral(lit.size, v, st.loc);
      res = this.opts.isa.assemble(mnemonic, operands.slice(0, operands.indexOf('=')) + label, ctx);
    }
    s.markInsn();
    s.hasCode = true;
    if (s.align < 4) s.align = 4;
    if (res.fixup) this.fixups.push({ sec: s, off: pc, type: res.fixup.type, sym: res.fixup.symbol, addend: res.fixup.addend, loc: { ...st.loc, col: opCol } });
    s.u32(res.word >>> 0);
    if (this.opts.debug && !this.sawLoc) {
      const at = this.macroDepth > 0 && this.macroCall ? this.macroCall : st.loc;
      const last = this.srcRows[this.srcRows.length - 1];
      if (!last || last.sec !== s || last.line !== at.line || last.file !== at.file) this.srcRows.push({ sec: s, off: pc, file: at.file, line: at.line });
    }
  }

  addLiteral(size: 4 | 8, v: EvalResult, loc: Loc): string {
    const s = this.cur;
    const key = `${size}|${v.sym ?? ''}|${v.add}|${v.mod ?? ''}`;
    const have = s.pool.find((e) => e.key === key);
    if (have) return have.label;
    const label = `.L.lit${this.literalCounter++}`;
    s.pool.push({ size, value: v, label, key, loc });
    return label;
  }

  /** Emit the pending literal pool of the current section (`.ltorg`, section end). */
  flushPool(s: SectionBuf): void {
    if (s.pool.length === 0) return;
    const pool = s.pool;
    s.pool = [];
    const saved = this.cur;
    this.cur = s;
    for (const size of [4, 8] as const) {
      const entries = pool.filter((e) => e.size === size);
      if (!entries.length) continue;
      s.alignTo(size, 0, undefined);
      for (const e of entries) {
        this.labels.set(e.label, { sec: s.index, off: BigInt(s.size), loc: e.loc });
        try { this.emitValue(size, e.value, e.loc); } catch (err) { this.report(err, e.loc); }
      }
    }
    this.cur = saved;
  }

  // ---- reading ----
  loadFile(file: string, from: Loc | undefined): Stmt[] {
    const cached = this.fileCache.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = this.opts.readFile ? this.opts.readFile(file) : fs.readFileSync(file, 'utf8');
    } catch (e: any) {
      throw new UserError(`cannot read ${file}: ${e?.code === 'ENOENT' ? 'no such file' : e?.message ?? e}`, from ? { loc: from } : {});
    }
    const stmts = splitSource(text, file);
    this.fileCache.set(file, stmts);
    return stmts;
  }

  loadBinary(file: string, from: Loc): Uint8Array {
    const key = file;
    const cached = this.binCache.get(key);
    if (cached) return cached;
    let data: Uint8Array;
    try {
      data = fs.readFileSync(file);
    } catch (e: any) {
      throw new UserError(`cannot read ${file}: ${e?.code === 'ENOENT' ? 'no such file' : e?.message ?? e}`, { loc: from });
    }
    this.binCache.set(key, data);
    return data;
  }

  pushFrame(f: Frame): void {
    if (this.frames.length > 200) throw new UserError('macro, .rept or .include nesting deeper than 200 levels (recursion?)');
    this.frames.push(f);
  }

  next(): Stmt | undefined {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return undefined;
      if (f.i < f.stmts.length) return f.stmts[f.i++];
      if (f.repeat > 1) { f.repeat--; f.i = 0; continue; }
      this.frames.pop();
      if (f.kind === 'macro') this.macroDepth--;
    }
  }

  /** Collect statements up to the matching end directive (nesting-aware). */
  collectBody(open: Set<string>, close: string, what: string, loc: Loc): Stmt[] {
    const body: Stmt[] = [];
    let depth = 1;
    const startFrames = this.frames.length;
    for (;;) {
      if (this.frames.length < startFrames) throw new UserError(`unterminated ${what} (missing ${close})`, { loc });
      const st = this.next();
      if (!st) throw new UserError(`unterminated ${what} (missing ${close})`, { loc });
      const w = firstWord(st.text);
      if (open.has(w)) depth++;
      else if (w === close) { if (--depth === 0) return body; }
      body.push(st);
    }
  }

  report(e: unknown, loc: Loc): void {
    if (e instanceof UserErrors) { this.errors.push(...e.errors); return; }
    if (!(e instanceof UserError)) throw e;
    if (e.loc || e.offset) { this.errors.push(e); return; }
    const notes = [...(loc.notes ?? []), ...e.notes];
    this.errors.push(new UserError(e.message, { loc, notes }));
  }

  run(file: string): void {
    this.pushFrame({ stmts: this.loadFile(file, undefined), i: 0, repeat: 1, kind: 'file' });
    const max = this.opts.maxStatements ?? 5_000_000;
    let st: Stmt | undefined;
    while ((st = this.next())) {
      if (++this.statements > max) {
        this.report(new UserError(`more than ${max} statements after expansion (runaway .rept or macro recursion?)`), st.loc);
        break;
      }
      try { this.statement(st); } catch (e) { this.report(e, st.loc); }
      if (this.errors.length > 500) break;
    }
    for (const c of this.conds) this.report(new UserError('unterminated .if (missing .endif)'), c.loc);
    for (const s of this.sections) this.flushPool(s);
    // A code section holding only data is marked as data from its start, as GNU as does.
    for (const s of this.sections) if (s.isCode && s.mapState === undefined && s.size > 0) s.mapping.unshift({ off: 0, kind: 'd' });
    if (this.openFde) this.report(new UserError('.cfi_startproc without .cfi_endproc'), this.openFde.loc);
    if (this.opts.debug || this.fdes.length) this.writeDwarf(file);
    this.resolveFixups();
  }

  private writeDwarf(file: string): void {
    const loc: Loc = { file, line: 1, col: 1, lineText: '' };
    const funcs: FunctionSym[] = [];
    for (const [name, a] of this.attrs) {
      const l = this.labels.get(name);
      if (a.type === 'func' && l && !name.startsWith('.L')) funcs.push({ name, sec: l.sec, off: Number(l.off), size: Number(a.size ?? 0n), global: a.bind === 'global' || a.bind === 'weak' });
    }
    const host: DwarfHost = {
      sections: this.sections,
      section: (name) => this.section(name, 0, false),
      sectionLabel: (sec) => {
        const name = `.Ldbg_sec${sec.index}`;
        if (!this.labels.has(name)) this.labels.set(name, { sec: sec.index, off: 0n, loc });
        return name;
      },
      reloc: (s, size, label, addend) => {
        this.fixups.push({ sec: s, off: s.size, type: DEBUG_RELOC[size], sym: label, addend, loc });
        s.int(0n, size);
      },
    };
    emitDebugFrame(host, this.fdes);
    if (this.opts.debug) emitDwarf(host, this.sawLoc ? this.locRows : this.srcRows, funcs, this.sawLoc ? (this.dwarfFiles.get(1) ?? file) : file, this.sawLoc);
  }

  statement(st: Stmt): void {
    let text = st.text;
    let col = st.loc.col;
    const active = this.conds.length === 0 || this.conds[this.conds.length - 1].active;
    if (!active) {
      const w = firstWord(text);
      if (CONDITIONALS.has(w)) DIRECTIVES[w](this, restAfterWord(text), st, w);
      return;
    }
    // Labels: `name:` (several may precede a statement).
    for (;;) {
      const m = LABEL_RE.exec(text);
      if (!m) break;
      this.defineLabel(m[1], { ...st.loc, col });
      const skip = m[0].length;
      const rest = text.slice(skip);
      col += skip + (rest.length - rest.trimStart().length);
      text = rest.trimStart();
    }
    if (!text) return;
    const assign = ASSIGN_RE.exec(text);
    if (assign) {
      this.defineEqu(assign[1], this.evalAt(assign[2]), st.loc, false);
      return;
    }
    const req = REQ_RE.exec(text);
    if (req) {
      DIRECTIVES['.req'](this, `${req[1]}, ${req[2]}`, st, '.req');
      return;
    }
    const sp = text.search(/\s/);
    const word = sp < 0 ? text : text.slice(0, sp);
    const rest = sp < 0 ? '' : text.slice(sp).trimStart();
    const opCol = col + (text.length - rest.length);
    const lw = word.toLowerCase();
    if (lw.startsWith('.')) {
      const h = DIRECTIVES[lw];
      if (h) { h(this, rest, { text, loc: { ...st.loc, col }, argCol: opCol }, lw); return; }
      const m = this.macros.get(word);
      if (m) { this.expandMacro(m, rest, st); return; }
      throw new UserError(`unknown directive '${word}'`, { loc: { ...st.loc, col, length: word.length } });
    }
    const m = this.macros.get(word) ?? this.macros.get(lw);
    if (m) { this.expandMacro(m, rest, st); return; }
    try {
      this.instruction(lw, rest, st, opCol);
    } catch (e) {
      if (e instanceof UserError && !e.loc) {
        const isMnemonic = /mnemonic|instruction/i.test(e.message) && !/operand/i.test(e.message);
        let at = { col: isMnemonic ? col : opCol, length: isMnemonic ? word.length : Math.max(1, rest.length) };
        // "operand N ..." from the encoder: underline just that operand.
        const which = /\boperand (\d+)\b/.exec(e.message);
        const span = which ? operandSpan(rest, Number(which[1]) - 1) : undefined;
        if (span) at = { col: opCol + span.start, length: Math.max(1, span.length) };
        throw new UserError(e.message, { loc: { ...st.loc, ...at }, notes: [...(st.loc.notes ?? []), ...e.notes] });
      }
      throw e;
    }
  }

  expandMacro(m: Macro, argText: string, st: Stmt): void {
    const values = bindMacroArgs(m, argText);
    const n = String(this.macroCounter++);
    const note = `in macro '${m.name}' used at ${st.loc.file}:${st.loc.line}`;
    const body = m.body.map((b) => ({
      text: substitute(b.text, values, n),
      loc: { ...b.loc, notes: [note, ...(st.loc.notes ?? [])] },
    }));
    if (this.macroDepth === 0) this.macroCall = st.loc;
    this.macroDepth++;
    this.pushFrame({ stmts: body, i: 0, repeat: 1, kind: 'macro' });
  }

  /** `.exitm`: drop the innermost macro's remaining statements. */
  exitMacro(): void {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      if (this.frames[k].kind === 'macro') {
        this.frames.length = k;
        this.macroDepth--;
        // Conditionals opened inside the macro end with it (as in GNU as).
        while (this.conds.length && this.conds[this.conds.length - 1].depth > k) this.conds.pop();
        return;
      }
    }
    throw new UserError('.exitm outside a macro');
  }

  // ---- fixups ----
  private target(sym: string): { kind: 'abs'; value: bigint } | { kind: 'local'; sec: number; off: bigint } | { kind: 'global'; name: string } {
    if (sym === '') return { kind: 'abs', value: 0n };
    if (sym.startsWith(SECTION_MARK)) return { kind: 'local', sec: Number(sym.slice(2)), off: 0n };
    const bind = this.attrs.get(sym)?.bind;
    const lab = this.labels.get(sym);
    if (lab) return bind === 'global' || bind === 'weak' ? { kind: 'global', name: sym } : { kind: 'local', sec: lab.sec, off: lab.off };
    const eq = this.equs.get(sym);
    if (eq) {
      if (eq.term.sym === undefined) return { kind: 'abs', value: eq.term.add };
      const t = this.target(eq.term.sym);
      if (t.kind === 'abs') return { kind: 'abs', value: t.value + eq.term.add };
      if (t.kind === 'local') return { ...t, off: t.off + eq.term.add };
      return t; // alias of an external symbol: addend folded by the caller below
    }
    if (sym.startsWith('\x01')) throw new UserError(`undefined local label '${sym.slice(1).split(':')[0]}' (referenced as ${sym.slice(1).split(':')[0]}f)`);
    this.referenced.add(sym);
    return { kind: 'global', name: sym };
  }

  relocs = new Map<SectionBuf, AsmReloc[]>();

  private resolveFixups(): void {
    for (const f of this.fixups) {
      try {
        this.resolveFixup(f);
      } catch (e) {
        if (e instanceof UserError && !e.loc) {
          const target = f.sym.startsWith('\x01') ? '' : ` (target '${f.sym}')`;
          this.report(new UserError(`${e.message}${target}`), f.loc);
        } else this.report(e, f.loc);
      }
    }
  }

  private resolveFixup(f: Fixup): void {
    let addend = f.addend;
    const eq = this.equs.get(f.sym);
    if (eq?.term.sym !== undefined && this.target(eq.term.sym).kind === 'global') addend += eq.term.add;
    const t = this.target(f.sym);
    const pcrel = isPcRelative(f.type);
    if (t.kind === 'abs') {
      // GNU as leaves `:lo12:constant` to the linker too (a relocation against no symbol).
      if (pcrel || LO12_RELOCS.has(f.type)) this.addReloc(f, { kind: 'none' }, t.value + addend);
      else applyDataRelocation(f.sec.buf, f.off, f.type, relocValue(f.type, t.value, addend, BigInt(f.off)));
    } else if (t.kind === 'local') {
      // Only plain PC-relative offsets within one section are known now; page offsets
      // (ADRP) depend on the final address.
      if (pcrel && t.sec === f.sec.index && !isPageReloc(f.type)) applyDataRelocation(f.sec.buf, f.off, f.type, relocValue(f.type, t.off, addend, BigInt(f.off)));
      else this.addReloc(f, { kind: 'section', sec: t.sec }, t.off + addend);
    } else this.addReloc(f, { kind: 'symbol', name: t.name }, addend);
  }

  private addReloc(f: Fixup, target: RelocTarget, addend: bigint): void {
    let list = this.relocs.get(f.sec);
    if (!list) this.relocs.set(f.sec, (list = []));
    list.push({ offset: f.off, type: f.type, target, addend });
  }

  layout(): Layout {
    const labels = new Map<string, { sec: number; off: bigint }>();
    for (const [k, v] of this.labels) labels.set(k, { sec: v.sec, off: v.off });
    const equs = new Map<string, Term>();
    for (const [k, v] of this.equs) equs.set(k, v.term);
    return { labels, equs };
  }

  result(): AsmResult {
    const sections: AsmSection[] = this.sections.map((s) => ({
      name: s.name, nobits: s.nobits, flags: s.flags, align: s.align, entsize: s.entsize,
      data: s.data(), size: s.size, relocs: this.relocs.get(s) ?? [],
      // GNU as drops a mapping symbol left at the very end of a section (it maps nothing).
      mapping: s.mapping.filter((m) => m.off < s.size),
    }));
    const symbols: AsmSymbol[] = [];
    const emitted = new Set<string>();
    // `.L` names stay out of the symbol table unless made global/weak (as in GNU as).
    const hidden = (n: string) => n.startsWith('\x01') || (n.startsWith('.L') && !['global', 'weak'].includes(this.attrs.get(n)?.bind ?? ''));
    for (const [name, l] of this.labels) {
      if (hidden(name)) continue;
      const a = this.attrs.get(name);
      symbols.push({ name, sec: l.sec, value: l.off, size: a?.size ?? 0n, type: a?.type ?? 'notype', bind: a?.bind === 'global' || a?.bind === 'weak' ? a.bind : 'local', visibility: a?.visibility });
      emitted.add(name);
    }
    for (const [name, e] of this.equs) {
      if (hidden(name)) continue;
      const a = this.attrs.get(name);
      const bind = a?.bind === 'global' || a?.bind === 'weak' ? a.bind : 'local';
      let sec: AsmSymbol['sec'] = 'abs';
      let value = e.term.add;
      if (e.term.sym !== undefined) {
        const loc = this.locate(e.term.sym);
        if (!loc) continue; // alias of an undefined symbol: nothing to define
        sec = loc.sec; value = loc.off + e.term.add;
      }
      symbols.push({ name, sec, value, size: a?.size ?? 0n, type: a?.type ?? 'notype', bind, visibility: a?.visibility });
      emitted.add(name);
    }
    for (const [name, c] of this.commons) {
      if (emitted.has(name)) continue;
      symbols.push({ name, sec: 'common', value: c.align, size: c.size, type: 'object', bind: 'global', visibility: this.attrs.get(name)?.visibility });
      emitted.add(name);
    }
    const undef = new Set<string>(this.referenced);
    // As GNU as: a symbol named by a directive but never defined is an undefined global,
    // except an unreferenced `.weak` one, which is dropped.
    for (const [name, a] of this.attrs) if (a.bind !== 'weak' && !emitted.has(name) && !name.startsWith('.L')) undef.add(name);
    for (const name of undef) {
      if (emitted.has(name)) continue;
      const a = this.attrs.get(name);
      symbols.push({ name, sec: 'undef', value: 0n, size: 0n, type: a?.type ?? 'notype', bind: a?.bind === 'weak' ? 'weak' : 'global', visibility: a?.visibility });
    }
    return { sections, symbols, fileName: this.fileName };
  }
}

const LABEL_RE = /^([A-Za-z_.$][\w.$]*|[0-9]+)[ \t]*:(?![:=])/;
const ASSIGN_RE = /^([A-Za-z_.$][\w.$]*)[ \t]*=(?!=)(.*)$/;
const REQ_RE = /^([A-Za-z_][\w]*)[ \t]+\.req[ \t]+(.+)$/i;

const LO12_RELOCS = new Set<RelocType>(['R_AARCH64_ADD_ABS_LO12_NC', 'R_AARCH64_LDST8_ABS_LO12_NC', 'R_AARCH64_LDST16_ABS_LO12_NC',
  'R_AARCH64_LDST32_ABS_LO12_NC', 'R_AARCH64_LDST64_ABS_LO12_NC', 'R_AARCH64_LDST128_ABS_LO12_NC']);
const PAGE_RELOCS = new Set<RelocType>(['R_AARCH64_ADR_PREL_PG_HI21', 'R_AARCH64_ADR_PREL_PG_HI21_NC']);
export const isPageReloc = (t: RelocType) => PAGE_RELOCS.has(t);

/** Offset and length of the k-th comma-separated operand (brackets and braces nest). */
export function operandSpan(ops: string, k: number): { start: number; length: number } | undefined {
  let depth = 0, start = 0, idx = 0;
  for (let i = 0; i <= ops.length; i++) {
    const c = ops[i];
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    if (i === ops.length || (c === ',' && depth <= 0)) {
      if (idx === k) {
        const part = ops.slice(start, i);
        const lead = part.length - part.trimStart().length;
        return { start: start + lead, length: part.trim().length };
      }
      idx++;
      start = i + 1;
    }
  }
  return undefined;
}

export function firstWord(text: string): string {
  const m = /^[^\s]+/.exec(text);
  return m ? m[0].toLowerCase() : '';
}
export function restAfterWord(text: string): string {
  const m = /^[^\s]+\s*/.exec(text);
  return m ? text.slice(m[0].length) : '';
}

/** Assemble one source file (and what it includes). Throws UserErrors listing every error. */
export function assembleFile(file: string, opts: AsmOptions): AsmResult {
  const cache = { src: new Map<string, Stmt[]>(), bin: new Map<string, Uint8Array>() };
  let prev: Layout | undefined;
  for (let passNo = 1; ; passNo++) {
    const p = new Pass(opts, prev, cache);
    p.run(file);
    const lay = p.layout();
    const moved = prev ? firstMoved(prev, lay) : p.needRepass ? '' : undefined;
    const stable = moved === undefined;
    if (stable || passNo === MAX_PASSES) {
      if (!stable && p.errors.length === 0) {
        const loc = p.labels.get(moved!)?.loc ?? p.equs.get(moved!)?.loc;
        const msg = `the value of '${moved}' did not settle after ${MAX_PASSES} passes (a size depends on itself?)`;
        throw new UserErrors([loc ? new UserError(msg, { loc }) : new UserError(`${file}: ${msg}`, { loc: { file, line: 1, col: 1 } })]);
      }
      if (p.errors.length) throw new UserErrors(p.errors);
      return p.result();
    }
    prev = lay;
  }
}

/** The first symbol whose position or value differs between two passes, if any. */
function firstMoved(a: Layout, b: Layout): string | undefined {
  for (const [k, v] of b.labels) {
    const o = a.labels.get(k);
    if (!o || o.sec !== v.sec || o.off !== v.off) return k;
  }
  for (const [k, v] of b.equs) {
    const o = a.equs.get(k);
    if (!o || o.add !== v.add || o.sym !== v.sym) return k;
  }
  for (const k of a.labels.keys()) if (!b.labels.has(k)) return k;
  for (const k of a.equs.keys()) if (!b.equs.has(k)) return k;
  return undefined;
}

export function includePath(p: Pass, name: string, from: Loc): string {
  // The including file's directory first, then -I directories, then the working directory (GNU as's choice).
  const candidates = [path.resolve(path.dirname(from.file), name), ...(p.opts.includeDirs ?? []).map((d) => path.resolve(d, name)), path.resolve(name)];
  for (const c of candidates) if (p.fileCache.has(c) || fs.existsSync(c)) return c;
  if (p.opts.readFile) return candidates[0];
  throw new UserError(`.include: cannot find '${name}' (looked in ${candidates.map((c) => path.dirname(c)).join(', ')})`);
}

export type { PoolEntry };
