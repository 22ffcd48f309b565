// The contract between the A64 ISA description (tools/isa) and its users: the assembler
// (tools/asm), the disassembler CLI, the linker's relocation code (tools/elf) and the emulator's
// decoder generator (tools/emu). Types only; tools/isa implements them.
//
// Relocation/fixup kinds are the standard ELF AArch64 relocation names, so the assembler can
// write them to the object file unchanged.

export type RelocType =
  | 'R_AARCH64_ABS64' | 'R_AARCH64_ABS32' | 'R_AARCH64_ABS16'
  | 'R_AARCH64_PREL64' | 'R_AARCH64_PREL32' | 'R_AARCH64_PREL16'
  | 'R_AARCH64_CALL26' | 'R_AARCH64_JUMP26'
  | 'R_AARCH64_CONDBR19' | 'R_AARCH64_TSTBR14' | 'R_AARCH64_LD_PREL_LO19'
  | 'R_AARCH64_ADR_PREL_LO21' | 'R_AARCH64_ADR_PREL_PG_HI21' | 'R_AARCH64_ADR_PREL_PG_HI21_NC'
  | 'R_AARCH64_ADD_ABS_LO12_NC'
  | 'R_AARCH64_LDST8_ABS_LO12_NC' | 'R_AARCH64_LDST16_ABS_LO12_NC' | 'R_AARCH64_LDST32_ABS_LO12_NC'
  | 'R_AARCH64_LDST64_ABS_LO12_NC' | 'R_AARCH64_LDST128_ABS_LO12_NC'
  | 'R_AARCH64_MOVW_UABS_G0' | 'R_AARCH64_MOVW_UABS_G0_NC' | 'R_AARCH64_MOVW_UABS_G1'
  | 'R_AARCH64_MOVW_UABS_G1_NC' | 'R_AARCH64_MOVW_UABS_G2' | 'R_AARCH64_MOVW_UABS_G2_NC'
  | 'R_AARCH64_MOVW_UABS_G3'
  | 'R_AARCH64_MOVW_SABS_G0' | 'R_AARCH64_MOVW_SABS_G1' | 'R_AARCH64_MOVW_SABS_G2'
  | 'R_AARCH64_MOVW_PREL_G0' | 'R_AARCH64_MOVW_PREL_G0_NC' | 'R_AARCH64_MOVW_PREL_G1'
  | 'R_AARCH64_MOVW_PREL_G1_NC' | 'R_AARCH64_MOVW_PREL_G2' | 'R_AARCH64_MOVW_PREL_G2_NC'
  | 'R_AARCH64_MOVW_PREL_G3';

/** Modifiers written in operands: `:lo12:sym`, `:abs_g1_nc:sym`, ... (lower case, no colons). */
export type ExprModifier = string;

/** What the assembler's expression evaluator returns for an operand's expression text. */
export type ExprValue =
  /** Fully known now (constants, `.equ`, differences of labels in one section). 64-bit. */
  | { kind: 'const'; value: bigint }
  /**
   * Depends on a symbol's final address: `symbol + addend`, possibly under a modifier.
   * `symbol` may be a label later in the same section (the assembler resolves such fixups at
   * the end of the pass) or an external symbol (it becomes an ELF relocation).
   */
  | { kind: 'symbol'; symbol: string; addend: bigint; modifier?: ExprModifier };

export interface OperandContext {
  /** Evaluate an expression written inside an operand (after `#`, or a bare label). Throws a
   *  UserError (from tools/common/diagnostics) with no location; the caller adds it. */
  evalExpr(text: string): ExprValue;
  /** Address of this instruction within its section (for diagnostics; PC-relative encodings
   *  of symbols are always returned as fixups). */
  pc: number;
}

export interface Fixup {
  type: RelocType;
  symbol: string;
  addend: bigint;
}

export interface EncodeResult {
  word: number; // the 32-bit instruction, fixup fields zero where a fixup applies
  fixup?: Fixup;
  /** `ldr xN, =expr`: the assembler must place `value` (8 or 4 bytes) in a literal pool and
   *  then encode `ldr xN, <pool label>` (an LD_PREL_LO19 fixup to that label). */
  literal?: { size: 4 | 8; value: ExprValue; rt: number; isW: boolean };
}

/**
 * Implemented by tools/isa/index.ts, which also exports (documented there):
 *   disassembleEx(word, pc) -> { text, comment?, target?, formId, aliasId? } | null
 *   findForm(word) -> { form, fields } | null      the table entry a word decodes to
 *   mnemonics()                                   every mnemonic the encoder accepts
 *   ALL_FORMS, ALL_ALIASES                        the encoding table (format: tools/isa/table.ts)
 * and tools/isa/export.ts exportTable() (mask/value/fields per form, for decoder generators),
 * tools/isa/sysregs.ts findSysreg/parseSysreg/SYSREGS/SYS_OPS/BARRIERS,
 * tools/isa/bitmask.ts encodeBitmask/decodeBitmask, tools/isa/listing.ts (objdump layout),
 * tools/isa/simple-expr.ts simpleContext() (an evaluator for use without the assembler).
 */
export interface IsaApi {
  /** Encode one instruction. `mnemonic` lower case (`b.eq`, `ldr`), `operands` the raw text
   *  after it. Throws UserError for an unknown mnemonic, a wrong operand or a value out of range
   *  (message says which operand and the valid range).
   *  A *constant* target of a PC-relative instruction (b, bl, b.cond, cbz, tbz, ldr literal,
   *  adr, adrp) is a byte offset from this instruction, as GNU as and llvm-mc read `b 0x1000`
   *  or `b K` with `.equ K, 0x40`; labels come back from evalExpr as symbols -> fixups. */
  assemble(mnemonic: string, operands: string, ctx: OperandContext): EncodeResult;
  /** llvm-objdump-compatible text ("add\tx0, x1, #0x5"... exactly as `llvm-objdump -d` prints
   *  it, without address/bytes columns), or null when the word is not in a covered class.
   *  `pc` is used to print branch targets as absolute addresses as llvm-objdump does. */
  disassemble(word: number, pc: number): string | null;
  /** Apply a resolved relocation value to an instruction word (shared by assembler fixups and
   *  the linker). `value` is S+A (-P for PC-relative types), already computed. Throws a
   *  RangeError-like UserError when the value does not fit or is misaligned. */
  applyRelocation(word: number, type: RelocType, value: bigint): number;
}
