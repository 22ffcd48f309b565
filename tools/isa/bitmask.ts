// Logical ("bitmask") immediates: a run of `ones` set bits rotated right by `r` inside an
// element of 2/4/8/16/32/64 bits, replicated across the register (ARM ARM DecodeBitMasks).
// Encoded as N:immr:imms. Every valid 64-bit pattern has exactly one encoding; we precompute
// the 5334 patterns for 64-bit and 1302 for 32-bit registers once, so encode is a map lookup
// and decode is exact by construction.

export interface BitmaskEnc {
  N: number;
  immr: number;
  imms: number;
}

const MASK64 = (1n << 64n) - 1n;

/** DecodeBitMasks for a register of `regBits` (32/64); null when the encoding is reserved. */
export function decodeBitmask(N: number, immr: number, imms: number, regBits: 32 | 64): bigint | null {
  const combined = (N << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return null;
  const esize = 1 << len;
  if (esize > regBits) return null;
  const levels = esize - 1;
  const S = imms & levels;
  const R = immr & levels;
  if (S === levels) return null;
  const ones = S + 1;
  const emask = esize === 64 ? MASK64 : (1n << BigInt(esize)) - 1n;
  let elem = (1n << BigInt(ones)) - 1n;
  if (R !== 0) elem = ((elem >> BigInt(R)) | (elem << BigInt(esize - R))) & emask;
  let v = 0n;
  for (let i = 0; i < regBits; i += esize) v |= elem << BigInt(i);
  return v;
}

let table64: Map<bigint, BitmaskEnc> | undefined;
let table32: Map<bigint, BitmaskEnc> | undefined;

function build(regBits: 32 | 64): Map<bigint, BitmaskEnc> {
  const m = new Map<bigint, BitmaskEnc>();
  for (let N = 0; N <= (regBits === 64 ? 1 : 0); N++) {
    for (let imms = 0; imms < 64; imms++) {
      for (let immr = 0; immr < 64; immr++) {
        const v = decodeBitmask(N, immr, imms, regBits);
        if (v === null) continue;
        // immr bits above the element size are ignored by the decoder; keep the canonical
        // (smallest) encoding, which is what assemblers emit.
        const esize = 1 << (31 - Math.clz32((N << 6) | (~imms & 0x3f)));
        if (immr >= esize) continue;
        if (!m.has(v)) m.set(v, { N, immr, imms });
      }
    }
  }
  return m;
}

/** Encode `value` (taken modulo 2^regBits) as a bitmask immediate, or null if impossible. */
export function encodeBitmask(value: bigint, regBits: 32 | 64): BitmaskEnc | null {
  if (regBits === 64) {
    table64 ??= build(64);
    return table64.get(value & MASK64) ?? null;
  }
  table32 ??= build(32);
  return table32.get(value & 0xffffffffn) ?? null;
}

/** All valid patterns (for tests). */
export function allBitmasks(regBits: 32 | 64): Map<bigint, BitmaskEnc> {
  encodeBitmask(0n, regBits);
  return regBits === 64 ? table64! : table32!;
}
