// ISA throughput: instructions per second of our encoder (text -> word) and disassembler
// (word -> text), in process after a warm-up, beside llvm-mc (assembling the same lines to an
// object) and llvm-objdump (disassembling the same words), each one process with start-up
// included, measured side by side in this run. Prints the ratios.
// Usage: npx tsx test/bench/isa-throughput.ts [lines]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_FORMS, assemble, disassemble } from '../../tools/isa/index.ts';
import { simpleContext } from '../../tools/isa/simple-expr.ts';

const N = Number(process.argv[2] ?? 100_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isa-bench-'));

// Input: random words of every covered form (CRC32 left out: llvm-objdump needs a flag for it),
// branches as relative offsets; the same instructions as text for the encoders.
let s = 12345;
const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0), s ^ (s >>> 15)) >>> 0;
const forms = ALL_FORMS.filter((f) => !f.id.startsWith('CRC32'));
const words: number[] = [];
const lines: string[] = [];
while (words.length < N) {
  const f = forms[rnd() % forms.length];
  const w = ((rnd() & ~f.mask) | f.value) >>> 0;
  const t = disassemble(w, 0);
  if (!t || t.includes('0xffffffff')) continue;
  try {
    const i = t.indexOf('\t');
    assemble(i < 0 ? t : t.slice(0, i), i < 0 ? '' : t.slice(i + 1), simpleContext(0));
  } catch {
    continue; // UNPREDICTABLE combinations: both assemblers refuse them
  }
  words.push(w);
  lines.push(t);
}
const src = path.join(tmp, 'b.s');
fs.writeFileSync(src, lines.map((l) => '\t' + l).join('\n') + '\n');
const obj = path.join(tmp, 'b.o');

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const ctx = simpleContext(0);
const split = lines.map((l) => {
  const i = l.indexOf('\t');
  return i < 0 ? [l, ''] : [l.slice(0, i), l.slice(i + 1)];
});
const encodeAll = (): void => {
  for (const [m, o] of split) assemble(m, o, ctx);
};
const disasmAll = (): void => {
  for (let i = 0; i < words.length; i++) disassemble(words[i], i * 4);
};
encodeAll(); // warm-up
disasmAll();
const tEnc = Math.min(time(encodeAll), time(encodeAll));
const tDis = Math.min(time(disasmAll), time(disasmAll));
const tMc = time(() => execFileSync('llvm-mc', ['-triple=aarch64', '-filetype=obj', '-o', obj, src]));
const tObjdump = time(() => execFileSync('llvm-objdump', ['-d', obj], { maxBuffer: 1 << 30 }));

const rate = (t: number): string => `${Math.round(N / t).toLocaleString('en-US')} instr/s`;
console.log(`instructions: ${N} (${forms.length} forms)`);
console.log(`encode      ours ${rate(tEnc).padStart(22)}   llvm-mc      ${rate(tMc).padStart(22)}   ratio ours/llvm ${(tMc / tEnc).toFixed(2)}`);
console.log(`disassemble ours ${rate(tDis).padStart(22)}   llvm-objdump ${rate(tObjdump).padStart(22)}   ratio ours/llvm ${(tObjdump / tDis).toFixed(2)}`);
fs.rmSync(tmp, { recursive: true, force: true });
