// Disassembler vs llvm-objdump on random words: words drawn inside every form's mask/value plus
// uniformly random words. Every word we claim must print exactly as llvm-objdump prints it
// (text and `//` comment); words of a form's class that we decline must be ones llvm rejects
// too, except the documented gaps. Then assemble(disassemble(w)) must give w back.
import { describe, expect, it } from 'vitest';
import { ALL_FORMS, assemble, disassembleEx, mnemonics } from '../../tools/isa/index.ts';
import { simpleContext } from '../../tools/isa/simple-expr.ts';
import { LONG, objdumpWords, rng } from './oracle.ts';

const PER_FORM = LONG ? 600 : 40;
const RANDOM = LONG ? 400_000 : 20_000;

/** Encodings llvm decodes inside a form's mask that we leave unclaimed on purpose. */
const KNOWN_GAPS: Record<string, string> = {
};

describe('disassembler vs llvm-objdump', async () => {
  const r = rng(0x5eed);
  const words: number[] = [];
  const owner: string[] = [];
  for (const f of ALL_FORMS) {
    for (let i = 0; i < PER_FORM; i++) {
      words.push(((r() & ~f.mask) | f.value) >>> 0);
      owner.push(f.id);
    }
  }
  for (let i = 0; i < RANDOM; i++) {
    words.push(r());
    owner.push('');
  }
  const ref = await objdumpWords(words);

  it(`prints ${words.length} words exactly as llvm-objdump`, () => {
    const bad: string[] = [];
    const missed: string[] = [];
    let claimed = 0;
    for (let i = 0; i < words.length; i++) {
      const d = disassembleEx(words[i], i * 4);
      const o = ref[i];
      const hex = words[i].toString(16).padStart(8, '0');
      if (d) {
        claimed++;
        if (d.text !== o.text || d.comment !== o.comment) bad.push(`${hex} ${d.formId}: ours ${JSON.stringify(d.text)} ${d.comment ?? ''} llvm ${JSON.stringify(o.text)} ${o.comment ?? ''}`);
      } else if (owner[i] && o.text !== null && !KNOWN_GAPS[owner[i]]) {
        missed.push(`${hex} (${owner[i]}): llvm ${o.text}`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(missed.slice(0, 20)).toEqual([]);
    // Uniform words we decline but llvm prints with one of our mnemonics must be SIMD forms
    // (vector registers, or SIMD-scalar spellings on B/H/S/D registers) that we do not cover.
    const ours = new Set(mnemonics());
    const simd = /\bv\d+\.|^[a-z0-9]+\t[bhsd]\d+, [bhsd]\d+/;
    const strays: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const t = ref[i].text;
      if (owner[i] || t === null || disassembleEx(words[i], 0)) continue;
      if (ours.has(t.split('\t')[0]) && !simd.test(t)) strays.push(`${words[i].toString(16)}: llvm ${t}`);
    }
    expect(strays.slice(0, 20)).toEqual([]);
    expect(claimed).toBeGreaterThan(ALL_FORMS.length * PER_FORM * 0.8);
  });

  it('every form is exercised and claimed', () => {
    const seen = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      const d = disassembleEx(words[i], 0);
      if (d) seen.add(d.formId);
    }
    const unseen = ALL_FORMS.filter((f) => !seen.has(f.id)).map((f) => f.id);
    expect(unseen).toEqual([]);
  });

  it('assemble(disassemble(w)) == w', () => {
    const bad: string[] = [];
    const ctx = simpleContext(0);
    for (const w of words) {
      const d = disassembleEx(w, 0);
      if (!d) continue;
      const m = /^(\S+)\s*(.*)$/.exec(d.text)!;
      let back: number;
      try {
        back = assemble(m[1], m[2], ctx).word;
      } catch (e) {
        // UNPREDICTABLE operand combinations print fine but are refused by both assemblers.
        if ((e as Error).message.includes('unpredictable')) continue;
        bad.push(`${w.toString(16)} ${d.text}: ${(e as Error).message}`);
        continue;
      }
      if (back === w) continue;
      const form = ALL_FORMS.find((f) => f.id === d.formId)!;
      // should-be-one fields are ignored when decoding and written as ones
      let mask = 0;
      for (const name of form.extra.ignored ?? []) {
        const fp = form.fields.find((x) => x.name === name)!;
        mask |= ((1 << fp.width) - 1) << fp.lsb;
      }
      if (((back ^ w) & ~mask) === 0) continue;
      // Forms where several words print alike (logical immediates with immr bits above the
      // element size, register-less SYS operations, DUP/INS index bits): any assembler writes
      // the canonical word, which must print the same text.
      if (disassembleEx(back, 0)?.text === d.text && form.extra.manyToOne) continue;
      bad.push(`${w.toString(16)} ${d.text} -> ${back.toString(16)}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });
});
