// AArch64 relocation semantics, shared by the assembler (local fixups) and the linker:
// how to compute a relocation's value from S, A and P, and how to patch it into an
// instruction's immediate field or a data word, with the ABI's range and alignment checks.
import type { RelocType } from '../isa/api.ts';
import { UserError } from '../common/diagnostics.ts';

type Calc = 'abs' | 'prel' | 'page';
/** How the value lands in the word: an instruction field, or a data item of N bytes. */
type Field =
  | { kind: 'data'; bytes: 2 | 4 | 8; min?: bigint; max?: bigint }
  | { kind: 'branch'; lsb: number; bits: number } // imm26 / imm19 / imm14, value/4, signed
  | { kind: 'adr'; shift: 0 | 12; check: boolean } // immhi:immlo, signed 21 bits after shift
  | { kind: 'lo12'; scale: 0 | 1 | 2 | 3 | 4 } // imm12 at bit 10 = (value & 0xfff) >> scale
  | { kind: 'movk'; group: number; check: boolean } // imm16 at bit 5, unsigned check
  | { kind: 'movnz'; group: number; check: boolean }; // signed, MOVN for negative values

interface RelocInfo { calc: Calc; field: Field }

const P2 = (n: number) => 1n << BigInt(n);

const RELOCS: Record<RelocType, RelocInfo> = {
  R_AARCH64_ABS64: { calc: 'abs', field: { kind: 'data', bytes: 8 } },
  R_AARCH64_ABS32: { calc: 'abs', field: { kind: 'data', bytes: 4, min: -P2(31), max: P2(32) } },
  R_AARCH64_ABS16: { calc: 'abs', field: { kind: 'data', bytes: 2, min: -P2(15), max: P2(16) } },
  R_AARCH64_PREL64: { calc: 'prel', field: { kind: 'data', bytes: 8 } },
  R_AARCH64_PREL32: { calc: 'prel', field: { kind: 'data', bytes: 4, min: -P2(31), max: P2(32) } },
  R_AARCH64_PREL16: { calc: 'prel', field: { kind: 'data', bytes: 2, min: -P2(15), max: P2(16) } },
  R_AARCH64_CALL26: { calc: 'prel', field: { kind: 'branch', lsb: 0, bits: 26 } },
  R_AARCH64_JUMP26: { calc: 'prel', field: { kind: 'branch', lsb: 0, bits: 26 } },
  R_AARCH64_CONDBR19: { calc: 'prel', field: { kind: 'branch', lsb: 5, bits: 19 } },
  R_AARCH64_LD_PREL_LO19: { calc: 'prel', field: { kind: 'branch', lsb: 5, bits: 19 } },
  R_AARCH64_TSTBR14: { calc: 'prel', field: { kind: 'branch', lsb: 5, bits: 14 } },
  R_AARCH64_ADR_PREL_LO21: { calc: 'prel', field: { kind: 'adr', shift: 0, check: true } },
  R_AARCH64_ADR_PREL_PG_HI21: { calc: 'page', field: { kind: 'adr', shift: 12, check: true } },
  R_AARCH64_ADR_PREL_PG_HI21_NC: { calc: 'page', field: { kind: 'adr', shift: 12, check: false } },
  R_AARCH64_ADD_ABS_LO12_NC: { calc: 'abs', field: { kind: 'lo12', scale: 0 } },
  R_AARCH64_LDST8_ABS_LO12_NC: { calc: 'abs', field: { kind: 'lo12', scale: 0 } },
  R_AARCH64_LDST16_ABS_LO12_NC: { calc: 'abs', field: { kind: 'lo12', scale: 1 } },
  R_AARCH64_LDST32_ABS_LO12_NC: { calc: 'abs', field: { kind: 'lo12', scale: 2 } },
  R_AARCH64_LDST64_ABS_LO12_NC: { calc: 'abs', field: { kind: 'lo12', scale: 3 } },
  R_AARCH64_LDST128_ABS_LO12_NC: { calc: 'abs', field: { kind: 'lo12', scale: 4 } },
  R_AARCH64_MOVW_UABS_G0: { calc: 'abs', field: { kind: 'movk', group: 0, check: true } },
  R_AARCH64_MOVW_UABS_G0_NC: { calc: 'abs', field: { kind: 'movk', group: 0, check: false } },
  R_AARCH64_MOVW_UABS_G1: { calc: 'abs', field: { kind: 'movk', group: 1, check: true } },
  R_AARCH64_MOVW_UABS_G1_NC: { calc: 'abs', field: { kind: 'movk', group: 1, check: false } },
  R_AARCH64_MOVW_UABS_G2: { calc: 'abs', field: { kind: 'movk', group: 2, check: true } },
  R_AARCH64_MOVW_UABS_G2_NC: { calc: 'abs', field: { kind: 'movk', group: 2, check: false } },
  R_AARCH64_MOVW_UABS_G3: { calc: 'abs', field: { kind: 'movk', group: 3, check: false } },
  R_AARCH64_MOVW_SABS_G0: { calc: 'abs', field: { kind: 'movnz', group: 0, check: true } },
  R_AARCH64_MOVW_SABS_G1: { calc: 'abs', field: { kind: 'movnz', group: 1, check: true } },
  R_AARCH64_MOVW_SABS_G2: { calc: 'abs', field: { kind: 'movnz', group: 2, check: true } },
  R_AARCH64_MOVW_PREL_G0: { calc: 'prel', field: { kind: 'movnz', group: 0, check: true } },
  R_AARCH64_MOVW_PREL_G0_NC: { calc: 'prel', field: { kind: 'movk', group: 0, check: false } },
  R_AARCH64_MOVW_PREL_G1: { calc: 'prel', field: { kind: 'movnz', group: 1, check: true } },
  R_AARCH64_MOVW_PREL_G1_NC: { calc: 'prel', field: { kind: 'movk', group: 1, check: false } },
  R_AARCH64_MOVW_PREL_G2: { calc: 'prel', field: { kind: 'movnz', group: 2, check: true } },
  R_AARCH64_MOVW_PREL_G2_NC: { calc: 'prel', field: { kind: 'movk', group: 2, check: false } },
  R_AARCH64_MOVW_PREL_G3: { calc: 'prel', field: { kind: 'movnz', group: 3, check: false } },
};

export function isKnownReloc(type: string): type is RelocType {
  return Object.prototype.hasOwnProperty.call(RELOCS, type);
}

export function isPcRelative(type: RelocType): boolean {
  return RELOCS[type].calc !== 'abs';
}

/** Size in bytes of the patched item (4 for instructions). */
export function relocSize(type: RelocType): number {
  const f = RELOCS[type].field;
  return f.kind === 'data' ? f.bytes : 4;
}

export function isDataReloc(type: RelocType): boolean {
  return RELOCS[type].field.kind === 'data';
}

const M64 = (1n << 64n) - 1n;
const pageOf = (x: bigint) => x & ~0xfffn;

/** The value applyRelocation expects: S+A, S+A-P, or Page(S+A)-Page(P) for ADRP. */
export function relocValue(type: RelocType, S: bigint, A: bigint, P: bigint): bigint {
  const sa = BigInt.asUintN(64, S + A);
  switch (RELOCS[type].calc) {
    case 'abs': return sa;
    case 'prel': return BigInt.asIntN(64, sa - P);
    case 'page': return BigInt.asIntN(64, pageOf(sa) - pageOf(BigInt.asUintN(64, P)));
  }
}

const hex = (v: bigint) => (v < 0n ? '-0x' + (-v).toString(16) : '0x' + v.toString(16));

function rangeError(type: RelocType, value: bigint, min: bigint, max: bigint): UserError {
  return new UserError(`${type}: value ${hex(value)} out of range [${hex(min)}, ${hex(max - 1n)}]`);
}

function checkSigned(type: RelocType, value: bigint, bits: number): void {
  const min = -P2(bits - 1), max = P2(bits - 1);
  if (value < min || value >= max) throw rangeError(type, value, min, max);
}

function checkAlign(type: RelocType, value: bigint, align: number, what: string): void {
  if (value & BigInt(align - 1)) throw new UserError(`${type}: ${what} ${hex(value)} is not a multiple of ${align}`);
}

/** Patch `value` (see relocValue) into the instruction `word`. Throws UserError when it does
 *  not fit or is misaligned; the caller adds the location. */
export function applyRelocation(word: number, type: RelocType, value: bigint): number {
  const f = RELOCS[type].field;
  const v = BigInt.asIntN(64, value);
  switch (f.kind) {
    case 'data':
      throw new Error(`applyRelocation: ${type} is a data relocation`);
    case 'branch': {
      checkAlign(type, v, 4, 'target offset');
      checkSigned(type, v, f.bits + 2);
      const mask = (1 << f.bits) - 1 >>> 0;
      const imm = Number((v >> 2n) & BigInt(mask));
      return ((word & ~(mask << f.lsb)) | (imm << f.lsb)) >>> 0;
    }
    case 'adr': {
      const x = v >> BigInt(f.shift);
      if (f.check) checkSigned(type, v, 21 + f.shift);
      const imm = Number(x & 0x1fffffn);
      return ((word & ~((3 << 29) | (0x7ffff << 5))) | ((imm & 3) << 29) | ((imm >>> 2) << 5)) >>> 0;
    }
    case 'lo12': {
      const lo = Number(v & 0xfffn);
      if (lo & ((1 << f.scale) - 1)) {
        throw new UserError(`${type}: low 12 bits ${hex(BigInt(lo))} of the address are not a multiple of ${1 << f.scale} (misaligned target)`);
      }
      return ((word & ~(0xfff << 10)) | ((lo >> f.scale) << 10)) >>> 0;
    }
    case 'movk': {
      const u = BigInt.asUintN(64, v);
      if (f.check) {
        const max = P2(16 * (f.group + 1));
        if (u >= max) throw rangeError(type, u, 0n, max);
      }
      const imm = Number((u >> BigInt(16 * f.group)) & 0xffffn);
      return ((word & ~(0xffff << 5)) | (imm << 5)) >>> 0;
    }
    case 'movnz': {
      if (f.check) checkSigned(type, v, 16 * (f.group + 1) + 1);
      const neg = v < 0n;
      const imm = Number(((neg ? ~v : v) >> BigInt(16 * f.group)) & 0xffffn);
      const w = (word & ~(0xffff << 5) & ~(1 << 30)) | (imm << 5) | (neg ? 0 : 1 << 30);
      return w >>> 0;
    }
  }
}

/** Write a data relocation's value into `buf` at `off` (little-endian), with range checks. */
export function applyDataRelocation(buf: Uint8Array, off: number, type: RelocType, value: bigint): void {
  const f = RELOCS[type].field;
  if (f.kind !== 'data') {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    dv.setUint32(off, applyRelocation(dv.getUint32(off, true), type, value), true);
    return;
  }
  const v = BigInt.asIntN(64, value);
  if (f.min !== undefined && f.max !== undefined) {
    const u = RELOCS[type].calc === 'abs' ? BigInt.asUintN(64, v) : v;
    // ABS32 accepts values that fit as either signed or unsigned 32-bit.
    if (!(v >= f.min && v < f.max) && !(u >= f.min && u < f.max)) throw rangeError(type, v, f.min, f.max);
  }
  let u = BigInt.asUintN(64, v) & M64;
  for (let i = 0; i < f.bytes; i++) {
    buf[off + i] = Number(u & 0xffn);
    u >>= 8n;
  }
}
