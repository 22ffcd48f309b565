// The A64 encoding table: types and the rules that bind them together.
//
// FORMAT (one entry per encoding form, in tools/isa/forms/*.ts):
//
//   form(id, mnemonic, pattern, operands, class, extra?)
//
//   id        stable identifier, unique, e.g. "ADD_imm". Emulator decoders key their semantics
//             on it; never rename one, only add.
//   pattern   decodetree-style bit pattern, bit 31 first: fixed bits as 0/1 runs, fields as
//             name:width. "sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5". A word belongs to the
//             form when (word & mask) === value and `valid` (if any) accepts its fields.
//   operands  the assembly syntax as a list of operand objects (tools/isa/operands.ts), each of
//             which knows its written syntax, how it parses to field values and prints back.
//   class     coarse group for docs and tests ("dp-imm", "ldst", "branch", "system", "fp"...).
//   extra.valid     fields -> boolean: unallocated encodings inside the mask (e.g. imm3 > 4).
//   extra.unalloc   the same facts as mask/value pairs where they can be written so (exported
//                   for decoder generators); `valid` is authoritative for us.
//
// ALIASES (preferred disassembly and extra assembler spellings):
//
//   alias(id, mnemonic, baseFormId, operands, { fixed, when, derive, recover, asmOnly })
//
//   fixed     base fields the alias pins (cmp = subs with Rd = 31).
//   when      predicate on the base form's fields: the disassembler prints the alias when it
//             holds (first alias in table order wins), the assembler accepts the alias only
//             then. Mirrors LLVM's preferred-alias rules, which llvm-objdump follows.
//   derive    encode direction: alias operand fields (names starting with `_`) -> base fields.
//             Returns false when the alias cannot express the operands (try the next form).
//   recover   decode direction: base fields -> the alias's `_` fields for printing.
//   accept    the assembler's test instead of `when`, where llvm-mc accepts more than
//             llvm-objdump prefers (e.g. `lsl x0, x1, #0`, `mov wsp, #0x30` via ORR).
//   asmOnly   the alias is never printed (e.g. `ldr` with an unscaled offset = `ldur`).
//
// Decoding picks, among forms whose mask/value match and whose `valid` holds, the one with the
// most fixed bits (forms.ts orders the table so that a linear scan finds it first). Exported
// for other programs by tools/isa/export.ts (JSON: id, mnemonic, class, mask, value, fields).

import type { Fixup, OperandContext, EncodeResult } from './api.ts';
import { compilePattern, type FieldPos } from './pattern.ts';

export type Fields = Record<string, number>;

export interface EncCx {
  ctx: OperandContext;
  mnem: string;
  opIndex: number; // 0-based, for messages
  fixup?: Fixup;
  literal?: EncodeResult['literal'];
}

export interface DecCx {
  pc: number;
  /** llvm-objdump's trailing `// =...` comment, when the instruction prints one. */
  comment?: string;
  /** Absolute address a PC-relative operand refers to (objdump symbolizes it). */
  target?: bigint;
}

export interface Op {
  /** Written syntax for docs and error messages: "<Xd|SP>", "#<imm>", "[<Xn|SP>{, #<pimm>}]". */
  syntax: string;
  optional?: boolean;
  /** Parse one comma-separated operand. false: wrong shape (another form may fit). Throws
   *  UserError when the shape fits but the value does not. */
  parse(piece: string, f: Fields, cx: EncCx): boolean;
  /** Field values when an optional operand is omitted. */
  dflt?(f: Fields): void;
  /** Text for the disassembler, '' to omit it, null when this word cannot be printed. */
  print(f: Fields, dx: DecCx): string | null;
}

export interface FormExtra {
  valid?: (f: Fields) => boolean;
  unalloc?: Array<{ mask: number; value: number }>;
  /** A check that mask/value pairs cannot express: 'bitmask' = N:immr:imms must be a valid
   *  logical immediate for the register width (sf). */
  check?: 'bitmask';
  /** Encoder: a message when the operands are architecturally UNPREDICTABLE (llvm-mc rejects
   *  them too, e.g. writeback to the transfer register). The disassembler still prints them. */
  reject?: (f: Fields) => string | undefined;
  /** Several words print the same text (bits the decoder ignores inside a field, e.g. DUP's
   *  imm5 above the element size); the encoder writes the canonical one. */
  manyToOne?: boolean;
  /** Should-be-one/zero fields: the encoder writes them (via `fill`), decoders ignore them. */
  ignored?: string[];
  /** Encoder: fields implied by others (e.g. N = sf of bitfield forms), set before `valid`. */
  fill?: (f: Fields) => void;
}

export interface Form {
  id: string;
  mnem: string;
  pattern: string;
  ops: Op[];
  cls: string;
  mask: number;
  value: number;
  fields: FieldPos[];
  extra: FormExtra;
  aliases: Alias[];
}

export interface AliasOpts {
  fixed?: Fields;
  when?: (f: Fields) => boolean;
  /** Assembler-side acceptance when it differs from `when` (default: `when`). */
  accept?: (f: Fields) => boolean;
  derive?: (f: Fields) => boolean | void;
  recover?: (f: Fields) => void;
  asmOnly?: boolean;
}

export interface Alias extends AliasOpts {
  id: string;
  mnem: string;
  of: string;
  ops: Op[];
  base?: Form;
}

export function form(id: string, mnem: string, pattern: string, ops: Op[], cls: string, extra: FormExtra = {}): Form {
  const c = compilePattern(pattern);
  const fieldNames = new Set(c.fields.map((x) => x.name));
  if (fieldNames.size !== c.fields.length) throw new Error(`${id}: duplicate field name`);
  return { id, mnem, pattern, ops, cls, mask: c.mask, value: c.value, fields: c.fields, extra, aliases: [] };
}

export function alias(id: string, mnem: string, of: string, ops: Op[], opts: AliasOpts = {}): Alias {
  return { id, mnem, of, ops, ...opts };
}
