// Fuzz: thousands of mutated operand strings into the encoder and random words into the
// disassembler. Only UserError may escape, nothing may hang (each call is timed), and
// whatever the encoder accepts must disassemble to something it accepts again.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../tools/common/diagnostics.ts';
import { ALL_FORMS, assemble, disassemble, disassembleEx, mnemonics } from '../../tools/isa/index.ts';
import { simpleContext } from '../../tools/isa/simple-expr.ts';
import { LONG, rng } from './oracle.ts';

const r = rng(4242);
const pick = <T>(a: readonly T[]): T => a[r() % a.length];
const JUNK = ['[', ']', '!', ',', '#', ':', 'lo12', ':lo12:', '-', '0x', '(', ')', ' ', 'x', 'w', 'sp', '=', 'lsl', 'uxtw', '#-', '99999999999999999999999', '\t', 'xzr', 'v1.d[1]', '{', '"', "'", '\\', '@', ';', '.', 'c15', 's3_0_c1_c0_0'];

function mutate(s: string): string {
  const n = 1 + (r() % 4);
  let t = s;
  for (let i = 0; i < n; i++) {
    const p = r() % (t.length + 1);
    switch (r() % 4) {
      case 0: t = t.slice(0, p) + pick(JUNK) + t.slice(p); break; // insert
      case 1: t = t.slice(0, p) + t.slice(p + 1 + (r() % 3)); break; // delete
      case 2: t = t.slice(0, p) + String.fromCharCode(32 + (r() % 95)) + t.slice(p + 1); break; // replace
      default: t = t + ', ' + t.slice(0, p); // duplicate a prefix
    }
  }
  return t;
}

describe('fuzz', () => {
  it('encoder: mutated operands give a word or a UserError, quickly', () => {
    const N = LONG ? 300_000 : 30_000;
    const ctx = simpleContext(0);
    const seeds: string[] = [];
    for (const f of ALL_FORMS) {
      const t = disassemble(((r() & ~f.mask) | f.value) >>> 0, 0);
      if (t) seeds.push(t.replace('\t', ' '));
    }
    const mn = mnemonics();
    let ok = 0;
    let slowest = 0;
    for (let i = 0; i < N; i++) {
      const seed = pick(seeds);
      const sp = seed.indexOf(' ');
      const m = r() % 10 === 0 ? pick(mn) : sp < 0 ? seed : seed.slice(0, sp);
      const ops = mutate(sp < 0 ? '' : seed.slice(sp + 1));
      const t0 = performance.now();
      try {
        const res = assemble(m, ops, ctx);
        ok++;
        expect(res.word >>> 0).toBe(res.word);
        // Whatever we accept must print as something we accept again.
        const back = disassembleEx(res.word, 0);
        if (back && !res.fixup && !res.literal) {
          const bm = /^(\S+)\s*(.*)$/.exec(back.text)!;
          try {
            assemble(bm[1], bm[2], ctx);
          } catch (e) {
            if (!(e instanceof UserError) || !e.message.includes('unpredictable')) throw new Error(`${m} ${ops} -> ${back.text}: ${(e as Error).message}`);
          }
        }
      } catch (e) {
        if (!(e instanceof UserError)) throw new Error(`'${m} ${ops}' threw ${(e as Error).stack}`);
      }
      slowest = Math.max(slowest, performance.now() - t0);
    }
    expect(ok).toBeGreaterThan(N / 50);
    expect(slowest).toBeLessThan(1000);
  });

  it('disassembler: random and bit-flipped words never throw', () => {
    const N = LONG ? 2_000_000 : 200_000;
    let claimed = 0;
    for (let i = 0; i < N; i++) {
      let w = r();
      if (i & 1) {
        const f = ALL_FORMS[r() % ALL_FORMS.length];
        w = (((r() & ~f.mask) | f.value) ^ (1 << (r() % 32))) >>> 0;
      }
      const t = disassemble(w, (r() % 0x100000) * 4);
      if (t !== null) {
        claimed++;
        expect(typeof t).toBe('string');
      }
    }
    expect(claimed).toBeGreaterThan(N / 10);
  });
});
