// The encoding table in a form other programs consume (the emulator's decoder generator):
// per form a stable id, mnemonic, class, fixed mask/value and field positions.
//
//   import { exportTable } from '../isa/export.ts'   // or: npx tsx tools/isa/export.ts > isa.json
//
// Matching rule: a word is an instance of a form when (word & mask) === value, none of the
// form's `unalloc` patterns matches ((word & u.mask) === u.value), and, where `check` is
// 'bitmask', N:immr:imms is a valid logical immediate for the width sf (ARM DecodeBitMasks,
// tools/isa/bitmask.ts decodeBitmask).
// When several forms match, the one with the most bits in `mask` wins (the table never has two
// matching forms with equal mask weight). Field values are unsigned; signed offsets (imm9,
// imm7, imm19, imm26, immhi:immlo) are sign-extended by the user.
import { ALL_FORMS } from './forms/all.ts';
import type { FieldPos } from './pattern.ts';

export interface ExportedForm {
  id: string;
  mnemonic: string;
  class: string;
  pattern: string;
  mask: number;
  value: number;
  fields: FieldPos[];
  unalloc: Array<{ mask: number; value: number }>;
  /** 'bitmask' when N:immr:imms must also be a valid logical immediate (see top). */
  check?: 'bitmask';
  /** The form's field predicate as source text, for reading only: `unalloc` + `check`
   *  express exactly the same set (test/isa/table.test.ts proves it on random words). */
  constraint?: string;
  /** Should-be-one/zero fields: decoders must ignore their value (the encoder writes ones). */
  ignored: string[];
  /** Aliases the disassembler may print for this form. */
  aliases: string[];
}

/** The source of each form's `valid` predicate, as a readable constraint. */
function describe(fn: ((f: Record<string, number>) => boolean) | undefined): string | undefined {
  if (!fn) return undefined;
  return fn.toString().replace(/\s+/g, ' ');
}

export function exportTable(): ExportedForm[] {
  // index.ts links aliases to their forms
  return ALL_FORMS.map((f) => ({
    id: f.id,
    mnemonic: f.mnem,
    class: f.cls,
    pattern: f.pattern,
    mask: f.mask,
    value: f.value,
    fields: f.fields,
    unalloc: f.extra.unalloc ?? [],
    check: f.extra.check,
    ignored: f.extra.ignored ?? [],
    constraint: describe(f.extra.valid),
    aliases: f.aliases.filter((a) => !a.asmOnly).map((a) => a.id),
  }));
}

/** Decide membership exactly as the disassembler does (for generators that want to verify). */
export { findForm } from './index.ts';

if (import.meta.url === `file://${process.argv[1]}`) {
  await import('./index.ts');
  process.stdout.write(JSON.stringify(exportTable(), null, 1) + '\n');
}
