// Memory disambiguation for the machine IR: which bytes a wasm load or store touches, and when
// two accesses provably miss each other. A wasm access reads or writes zext(base) + offset
// (the base a 32-bit register, memory at address 0, or a 64-bit address register): no
// wrap-around, so two accesses off the same register value at offsets whose byte ranges do
// not overlap are disjoint, whatever the register holds.
import type { MInst } from '../ir/mir.ts';

/** Bytes by mnemonic; plain ldr/str/ldur/stur take theirs from the register's view. */
const SIZE: Record<string, number> = { ldrb: 1, ldrsb: 1, strb: 1, ldurb: 1, ldursb: 1, sturb: 1, ldrh: 2, ldrsh: 2, strh: 2, ldurh: 2, ldursh: 2, sturh: 2, ldrsw: 4, ldursw: 4 };
const VIEW_SIZE: Record<string, number> = { w: 4, s: 4, x: 8, d: 8, wzr: 4, xzr: 8 };
/** `mn reg, [{uN:x}]` or `mn reg, [{uN:x}, #off]`: a register-plus-immediate access. */
const ACCESS = /^(ld\w+|st\w+) (?:\{[du](\d+):([wxsd])\}|(wzr|xzr)), \[\{u(\d+):x\}(?:, #(\d+))?\]$/;

export interface Access {
  /** The base register (its value, zero-extended if 32-bit, plus `off` is the address). */
  base: number;
  off: number;
  size: number;
  store: boolean;
}

/** The bytes a plain wasm load (`load`) or store (`store`) touches, where its address is a
 *  register plus an immediate; null for other forms (register offsets, globals). */
export function accessOf(i: Pick<MInst, 't' | 'uses' | 'load' | 'store'>): Access | null {
  if (!i.load && !i.store) return null;
  const m = ACCESS.exec(i.t);
  if (!m) return null;
  const size = SIZE[m[1]] ?? VIEW_SIZE[m[3] ?? m[4]];
  if (!size || !/^(ldu?r|stu?r)/.test(m[1])) return null;
  return { base: i.uses[Number(m[5])], off: m[6] ? Number(m[6]) : 0, size, store: !!i.store };
}

/** Accesses off the same register value whose byte ranges do not overlap. The caller vouches
 *  that the register was not redefined between the two. */
export function sameBaseDisjoint(a: Access, b: Access): boolean {
  return a.base === b.base && (a.off + a.size <= b.off || b.off + b.size <= a.off);
}
