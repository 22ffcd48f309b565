// Which constants fit AArch64 immediate fields, and how to build the others.
import { encodeBitmask } from '../../isa/bitmask.ts';

export function mask(bits: 32 | 64): bigint {
  return bits === 32 ? 0xffffffffn : 0xffffffffffffffffn;
}

/** ADD/SUB/CMP immediate (uimm12, optionally shifted by 12) text, or null. */
export function arithImm(v: bigint): string | null {
  if (v >= 0n && v < 4096n) return `#${v}`;
  if (v >= 0n && (v & 0xfffn) === 0n && v >> 12n < 4096n) return `#${v >> 12n}, lsl #12`;
  return null;
}

/** Logical (bitmask) immediate, or null. */
export function logImm(v: bigint, bits: 32 | 64): string | null {
  v &= mask(bits);
  if (v === 0n || v === mask(bits)) return null;
  return encodeBitmask(v, bits) ? `#0x${v.toString(16)}` : null;
}

/** Instructions that put `v` into register `rd` (an operand text like `{d0}` or `x16`). */
export function movSeq(rd: string, v: bigint, bits: 32 | 64, zr: string): string[] {
  v &= mask(bits);
  const chunks = bits / 16;
  const parts: bigint[] = [];
  for (let i = 0; i < chunks; i++) parts.push((v >> BigInt(16 * i)) & 0xffffn);
  const zeros = parts.filter((p) => p === 0n).length;
  const ones = parts.filter((p) => p === 0xffffn).length;
  if (zeros === chunks) return [`mov ${rd}, ${zr}`];
  const movzCount = chunks - zeros;
  const movnCount = Math.max(1, chunks - ones);
  // Bitmask immediates cover many constants in one instruction.
  if (Math.min(movzCount, movnCount) > 1 && logImm(v, bits)) return [`orr ${rd}, ${zr}, #0x${v.toString(16)}`];
  const out: string[] = [];
  const sh = (i: number) => (i ? `, lsl #${16 * i}` : '');
  if (movzCount <= movnCount) {
    parts.forEach((p, i) => {
      if (p !== 0n) out.push(`${out.length ? 'movk' : 'movz'} ${rd}, #0x${p.toString(16)}${sh(i)}`);
    });
  } else {
    parts.forEach((p, i) => {
      if (p === 0xffffn) return;
      if (out.length === 0) out.push(`movn ${rd}, #0x${(~p & 0xffffn).toString(16)}${sh(i)}`);
      else out.push(`movk ${rd}, #0x${p.toString(16)}${sh(i)}`);
    });
    if (out.length === 0) out.push(`movn ${rd}, #0`);
  }
  return out;
}

/** FMOV 8-bit float immediate: +-n/16 * 2^r, n in 16..31, r in -3..4. */
export function fmovImm(bits: bigint, t: 'f32' | 'f64'): string | null {
  const x = t === 'f32' ? new Float32Array(new Uint32Array([Number(bits)]).buffer)[0] : new Float64Array(new BigUint64Array([bits]).buffer)[0];
  if (!Number.isFinite(x) || x === 0) return null;
  const a = Math.abs(x);
  for (let r = -3; r <= 4; r++) {
    for (let n = 16; n <= 31; n++) {
      if ((n / 16) * 2 ** r === a) return `#${x}`;
    }
  }
  return null;
}
