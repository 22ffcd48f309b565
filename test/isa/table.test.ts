// The exported table describes membership with data alone (mask/value, unalloc, check): prove
// it equals the disassembler's own predicate on random words, and that no two forms are
// ambiguous. Known-correct values: the ARM ARM counts of logical immediates (5334 for 64-bit,
// 1302 for 32-bit registers).
import { describe, expect, it } from 'vitest';
import { allBitmasks, decodeBitmask, encodeBitmask } from '../../tools/isa/bitmask.ts';
import { exportTable } from '../../tools/isa/export.ts';
import { ALL_FORMS, findForm } from '../../tools/isa/index.ts';
import { rng } from './oracle.ts';

describe('encoding table', () => {
  const table = exportTable();

  it('has unique ids and well-formed patterns', () => {
    expect(new Set(table.map((f) => f.id)).size).toBe(table.length);
    for (const f of table) expect(((f.value & ~f.mask) >>> 0)).toBe(0);
  });

  it('never has two overlapping forms of equal specificity', () => {
    const pop = (x: number): number => { let n = 0; for (; x; x &= x - 1) n++; return n; };
    const clashes: string[] = [];
    for (let i = 0; i < table.length; i++) {
      for (let j = i + 1; j < table.length; j++) {
        const a = table[i], b = table[j];
        const common = a.mask & b.mask;
        if (((a.value ^ b.value) & common) !== 0) continue;
        if (pop(a.mask) === pop(b.mask)) clashes.push(`${a.id} / ${b.id}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('mask/value + unalloc + check decide membership exactly like the disassembler', () => {
    const r = rng(77);
    const bad: string[] = [];
    for (const f of table) {
      for (let i = 0; i < 300; i++) {
        const w = ((r() & ~f.mask) | f.value) >>> 0;
        let member = !f.unalloc.some((u) => ((w & u.mask) >>> 0) === u.value);
        if (member && f.check === 'bitmask') {
          const sf = w >>> 31;
          member = decodeBitmask((w >>> 22) & 1, (w >>> 16) & 63, (w >>> 10) & 63, sf ? 64 : 32) !== null;
        }
        // The most specific form that matches wins; only compare when no more specific one does.
        const hit = findForm(w);
        const ours = hit?.form.id === f.id;
        const other = hit && hit.form.id !== f.id;
        if (!other && ours !== member) bad.push(`${f.id} ${w.toString(16)}: table ${member} disassembler ${ours}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('bitmask immediates: counts and exact round trip of every pattern', () => {
    expect(allBitmasks(64).size).toBe(5334);
    expect(allBitmasks(32).size).toBe(1302);
    for (const bits of [32, 64] as const) {
      for (const [v, e] of allBitmasks(bits)) {
        expect(decodeBitmask(e.N, e.immr, e.imms, bits)).toBe(v);
        expect(encodeBitmask(v, bits)).toEqual(e);
      }
    }
    expect(encodeBitmask(0n, 64)).toBeNull();
    expect(encodeBitmask(-1n, 64)).toBeNull();
    expect(encodeBitmask(0x5555n, 32)).toBeNull();
  });

  it('exports every form', () => {
    expect(table.length).toBe(ALL_FORMS.length);
  });
});
