// The A64 encoder and disassembler, both driven by the encoding table (tools/isa/forms/*).
// assemble(): candidates by mnemonic (forms and aliases, table order), first whose operands
// parse wins. disassemble(): forms bucketed by bits 28:25, most specific mask first, then the
// first alias whose `when` holds picks the printed spelling.

import { UserError } from '../common/diagnostics.ts';
import { applyRelocation } from '../elf/relocs.ts';
import type { EncodeResult, IsaApi, OperandContext } from './api.ts';
import { ALL_ALIASES, ALL_FORMS } from './forms/all.ts';
import { splitOperands } from './operands.ts';
import { extractFields, insertFields } from './pattern.ts';
import type { Alias, DecCx, EncCx, Fields, Form, Op } from './table.ts';

interface Candidate {
  form: Form;
  alias?: Alias;
  ops: Op[];
  required: number; // operands that are not optional
}

const formById = new Map<string, Form>();
for (const f of ALL_FORMS) {
  if (formById.has(f.id)) throw new Error(`duplicate form id ${f.id}`);
  formById.set(f.id, f);
}
const byMnem = new Map<string, Candidate[]>();
function addCand(m: string, c: Candidate): void {
  let l = byMnem.get(m);
  if (!l) byMnem.set(m, (l = []));
  l.push(c);
}
const required = (ops: Op[]): number => ops.filter((o) => !o.optional).length;
for (const f of ALL_FORMS) addCand(f.mnem, { form: f, ops: f.ops, required: required(f.ops) });
for (const a of ALL_ALIASES) {
  const base = formById.get(a.of);
  if (!base) throw new Error(`alias ${a.id} of unknown form ${a.of}`);
  a.base = base;
  base.aliases.push(a);
  addCand(a.mnem, { form: base, alias: a, ops: a.ops, required: required(a.ops) });
}
// Aliases first for the assembler when they share the base's mnemonic? No: table order per
// mnemonic, with forms before aliases, except where an alias is listed to take precedence.

const popcount = (x: number): number => {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
};
const BUCKET_SHIFT = 25;
const buckets: Form[][] = [];
for (let b = 0; b < 16; b++) {
  const bits = b << BUCKET_SHIFT;
  const l = ALL_FORMS.filter((f) => ((bits ^ f.value) & f.mask & (0xf << BUCKET_SHIFT)) === 0);
  l.sort((x, y) => popcount(y.mask) - popcount(x.mask));
  buckets.push(l);
}

export function mnemonics(): string[] {
  return [...byMnem.keys()].sort();
}

export function assemble(mnemonic: string, operands: string, ctx: OperandContext): EncodeResult {
  const mnem = mnemonic.toLowerCase();
  const cands = byMnem.get(mnem);
  if (!cands) throw new UserError(`unknown instruction '${mnemonic}'`);
  const pieces = splitOperands(operands);
  let firstErr: UserError | undefined;
  // For the message when nothing fits: the operand where the best candidate stopped.
  let furthest = -1;
  let furthestSyntax = '';
  let maxOps = 0;
  let minOps = 99;
  next: for (const c of cands) {
    const f: Fields = c.alias?.fixed ? { ...c.alias.fixed } : {};
    const cx: EncCx = { ctx, mnem, opIndex: 0 };
    const ops = c.ops;
    maxOps = Math.max(maxOps, ops.length);
    minOps = Math.min(minOps, c.required);
    if (pieces.length > ops.length) continue;
    try {
      for (let i = 0; i < ops.length; i++) {
        cx.opIndex = i;
        const op = ops[i];
        if (i < pieces.length) {
          if (!op.parse(pieces[i], f, cx)) {
            if (i > furthest) {
              furthest = i;
              furthestSyntax = op.syntax;
            }
            continue next;
          }
        } else if (op.optional) {
          op.dflt?.(f);
        } else continue next;
      }
      const a = c.alias;
      if (a) {
        if (a.derive && a.derive(f) === false) continue;
        const ok = a.accept ?? a.when;
        if (ok && !ok(f)) continue;
      }
      c.form.extra.fill?.(f);
      if (c.form.extra.valid && !c.form.extra.valid(f)) {
        throw new UserError(`invalid operand combination for '${mnem}'`);
      }
      const why = c.form.extra.reject?.(f);
      if (why) throw new UserError(`'${mnem}': ${why}`);
      const word = insertFields(c.form.value, c.form.fields, f);
      const r: EncodeResult = { word };
      if (cx.fixup) r.fixup = cx.fixup;
      if (cx.literal) r.literal = cx.literal;
      return r;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (!firstErr) firstErr = e;
      else firstErr = mergeRanges(firstErr, e);
    }
  }
  if (firstErr) throw firstErr;
  const forms = [...new Set(cands.filter((c) => !c.alias?.asmOnly).map((c) => `${mnem} ${c.ops.map((o) => o.syntax).join(', ')}`.trim()))];
  const notes = forms.slice(0, 8).map((s) => `expected: ${s}`);
  if (pieces.length > maxOps || pieces.length < minOps) {
    const want = minOps === maxOps ? `${maxOps}` : `${minOps} to ${maxOps}`;
    throw new UserError(`'${mnem}' takes ${want} operand${maxOps === 1 ? '' : 's'}, got ${pieces.length}`, { notes });
  }
  if (furthest >= 0) {
    throw new UserError(`operand ${furthest + 1} of '${mnem}': expected ${furthestSyntax}, got '${pieces[furthest]}'`, { notes });
  }
  throw new UserError(`invalid operands for '${mnem}'`, { notes });
}

/** "x out of range [a, b]" from two forms of one mnemonic -> "x out of range [a, b] or [c, d]". */
function mergeRanges(a: UserError, b: UserError): UserError {
  const re = /^(.* out of range )(\[[^\]]*\](?: or \[[^\]]*\])*)(.*)$/;
  const ma = re.exec(a.message);
  const mb = re.exec(b.message);
  if (!ma || !mb || ma[1] !== mb[1] || ma[2].includes(mb[2])) return a;
  return new UserError(`${ma[1]}${ma[2]} or ${mb[2]}${ma[3]}`, { notes: a.notes });
}

export interface Disassembly {
  text: string;
  /** llvm-objdump's `// =...` comment, printed after the text padded to a column. */
  comment?: string;
  /** Form id (the base encoding) and the alias id when an alias was printed. */
  formId: string;
  aliasId?: string;
  /** Absolute target of a PC-relative branch/load (objdump adds `<symbol+off>` after it). */
  target?: bigint;
}

function render(mnem: string, ops: Op[], f: Fields, dx: DecCx): string | null {
  let s = mnem;
  let first = true;
  for (const op of ops) {
    const t = op.print(f, dx);
    if (t === null) return null;
    if (t === '') continue;
    s += (first ? '\t' : ', ') + t;
    first = false;
  }
  return s;
}

export function findForm(word: number): { form: Form; fields: Fields } | null {
  word >>>= 0;
  for (const form of buckets[(word >>> BUCKET_SHIFT) & 0xf]) {
    if (((word & form.mask) >>> 0) !== form.value) continue;
    const f: Fields = {};
    extractFields(word, form.fields, f);
    if (form.extra.valid && !form.extra.valid(f)) continue;
    return { form, fields: f };
  }
  return null;
}

export function disassembleEx(word: number, pc: number): Disassembly | null {
  const hit = findForm(word);
  if (!hit) return null;
  const { form, fields } = hit;
  for (const a of form.aliases) {
    if (a.asmOnly) continue;
    if (a.fixed) {
      let ok = true;
      for (const k in a.fixed) if (fields[k] !== a.fixed[k]) ok = false;
      if (!ok) continue;
    }
    if (a.when && !a.when(fields)) continue;
    const f2 = { ...fields };
    a.recover?.(f2);
    const dx: DecCx = { pc };
    const t = render(a.mnem, a.ops, f2, dx);
    if (t !== null) return { text: t, comment: dx.comment, target: dx.target, formId: form.id, aliasId: a.id };
  }
  const dx: DecCx = { pc };
  const t = render(form.mnem, form.ops, fields, dx);
  if (t === null) return null;
  return { text: t, comment: dx.comment, target: dx.target, formId: form.id };
}

export function disassemble(word: number, pc: number): string | null {
  return disassembleEx(word, pc)?.text ?? null;
}

// Relocation field patching lives with the linker; re-exported so this module is a full IsaApi.
export { applyRelocation };
export const isa: IsaApi = { assemble, disassemble, applyRelocation };
export { ALL_FORMS, ALL_ALIASES };
