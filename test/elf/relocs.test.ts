// applyRelocation at the edges of every PC-relative field, against llvm-mc's encoding of the
// same offsets (`b #N` ...), plus the out-of-range and misalignment errors one step beyond.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyRelocation, applyDataRelocation, relocValue } from '../../tools/elf/relocs.ts';
import type { RelocType } from '../../tools/isa/api.ts';
import { readElf } from '../../tools/elf/reader.ts';
import { have, llvmMc, tmpDir } from '../asm/oracle.ts';

interface Field { type: RelocType; insn: string; bits: number; scale: number }
const FIELDS: Field[] = [
  { type: 'R_AARCH64_JUMP26', insn: 'b', bits: 26, scale: 2 },
  { type: 'R_AARCH64_CALL26', insn: 'bl', bits: 26, scale: 2 },
  { type: 'R_AARCH64_CONDBR19', insn: 'b.ne', bits: 19, scale: 2 },
  { type: 'R_AARCH64_CONDBR19', insn: 'cbnz x3,', bits: 19, scale: 2 },
  { type: 'R_AARCH64_LD_PREL_LO19', insn: 'ldr x5,', bits: 19, scale: 2 },
  { type: 'R_AARCH64_TSTBR14', insn: 'tbz w7, #3,', bits: 14, scale: 2 },
  { type: 'R_AARCH64_ADR_PREL_LO21', insn: 'adr x9,', bits: 21, scale: 0 },
  { type: 'R_AARCH64_ADR_PREL_PG_HI21', insn: 'adrp x9,', bits: 21, scale: 12 },
];

function offsets(f: Field): bigint[] {
  const max = ((1n << BigInt(f.bits - 1)) - 1n) << BigInt(f.scale);
  const min = -(1n << BigInt(f.bits - 1)) << BigInt(f.scale);
  const step = 1n << BigInt(f.scale);
  const out = [0n, step, -step, max, min, max - step, min + step];
  let seed = f.bits * 7919;
  for (let i = 0; i < 40; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push((BigInt(seed) % (1n << BigInt(f.bits)) - (1n << BigInt(f.bits - 1))) << BigInt(f.scale));
  }
  return out;
}

describe.skipIf(!have('llvm-mc'))('applyRelocation vs llvm-mc encodings', () => {
  it('every PC-relative field at its limits and at random offsets', () => {
    const dir = tmpDir('relocs');
    const lines: string[] = [];
    const expectations: { f: Field; off: bigint; idx: number; base: number }[] = [];
    for (const f of FIELDS) {
      const baseIdx = lines.length;
      lines.push(`${f.insn} #0`);
      for (const off of offsets(f)) {
        expectations.push({ f, off, idx: lines.length, base: baseIdx });
        lines.push(`${f.insn} #${off}`);
      }
    }
    const src = path.join(dir, 'edges.s');
    fs.writeFileSync(src, lines.join('\n') + '\n');
    const obj = readElf(llvmMc(src, path.join(dir, 'edges.o')), 'edges.o');
    const text = obj.sections.find((s) => s.name === '.text')!;
    const dv = new DataView(text.data.buffer, text.data.byteOffset, text.data.byteLength);
    const word = (i: number) => dv.getUint32(i * 4, true);
    for (const e of expectations) {
      const P = BigInt(e.idx * 4);
      const value = relocValue(e.f.type, P + e.off, 0n, P);
      expect(applyRelocation(word(e.base), e.f.type, value).toString(16), `${e.f.insn} .+${e.off}`).toBe(word(e.idx).toString(16));
    }
  });
});

describe('range and alignment checks', () => {
  const cases: [RelocType, bigint, RegExp][] = [
    ['R_AARCH64_JUMP26', 1n << 27n, /out of range/],
    ['R_AARCH64_CALL26', -(1n << 27n) - 4n, /out of range/],
    ['R_AARCH64_CONDBR19', 1n << 20n, /out of range/],
    ['R_AARCH64_TSTBR14', 1n << 15n, /out of range/],
    ['R_AARCH64_LD_PREL_LO19', 6n, /multiple of 4/],
    ['R_AARCH64_ADR_PREL_LO21', 1n << 20n, /out of range/],
    ['R_AARCH64_ADR_PREL_PG_HI21', 1n << 32n, /out of range/],
    ['R_AARCH64_LDST64_ABS_LO12_NC', 0x1004n, /not a multiple of 8/],
    ['R_AARCH64_LDST128_ABS_LO12_NC', 0x1008n, /not a multiple of 16/],
    ['R_AARCH64_MOVW_UABS_G0', 0x10000n, /out of range/],
    ['R_AARCH64_MOVW_UABS_G1', 1n << 32n, /out of range/],
    ['R_AARCH64_MOVW_UABS_G2', 1n << 48n, /out of range/],
    ['R_AARCH64_MOVW_SABS_G0', -(1n << 16n) - 1n, /out of range/],
  ];
  for (const [t, v, m] of cases) it(`${t} rejects ${v}`, () => expect(() => applyRelocation(0, t, v)).toThrow(m));
  it('no-check variants wrap instead', () => {
    expect(applyRelocation(0xd2800000, 'R_AARCH64_MOVW_UABS_G0_NC', 0x12345n)).toBe((0xd2800000 | (0x2345 << 5)) >>> 0);
    expect(applyRelocation(0x90000000, 'R_AARCH64_ADR_PREL_PG_HI21_NC', 1n << 33n)).toBe(0x90000000);
  });
  it('MOVW_SABS switches to MOVN for negative values (as GNU ld does)', () => {
    // movz x8, #0 -> movn x8, #0xf  for -0x10
    expect(applyRelocation(0xd2800008, 'R_AARCH64_MOVW_SABS_G0', -0x10n).toString(16)).toBe('928001e8');
  });
  it('data relocations: ABS32 accepts signed or unsigned 32-bit, rejects beyond', () => {
    const b = new Uint8Array(8);
    applyDataRelocation(b, 0, 'R_AARCH64_ABS32', 0xffffffffn);
    applyDataRelocation(b, 4, 'R_AARCH64_ABS32', -1n);
    expect(Buffer.from(b).toString('hex')).toBe('ffffffffffffffff');
    expect(() => applyDataRelocation(b, 0, 'R_AARCH64_ABS32', 1n << 32n)).toThrow(/out of range/);
    expect(() => applyDataRelocation(b, 0, 'R_AARCH64_PREL16', 1n << 16n)).toThrow(/out of range/);
  });
});
