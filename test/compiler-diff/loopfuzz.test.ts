// Randomised differential test of the loop optimisations (opt/version.ts, guarded-loads.ts,
// alias.ts, sink.ts, branches.ts, taildup.ts, regalloc/coalesce.ts): loopfuzz-gen.ts writes
// a batch of small programs (loops over overlapping arrays and objects), asc compiles the batch
// once, our backend compiles it once; each case then runs in V8 (the oracle) and under
// qemu-aarch64, selected by patching its number into the selector words of the wasm and of the
// executable. Output and ending (normal / the same abort / the same trap) must match.
// CI: fixed seeds plus one from today's date (in the test name, for reproduction);
// RASPVISOR_LONG=1 runs many more batches. LOOPFUZZ_SEED=<n> runs one given batch,
// LOOPFUZZ_CASES=<n> sets the cases per batch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PROGRAM_DIR, WORK, buildNative, compileFile, nativeEnding, runInV8, runNative, v8Ending } from './harness.ts';
import { caseText, genProgram, selectCase } from './loopfuzz-gen.ts';

const LONG = process.env.RASPVISOR_LONG === '1';
const today = Number(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
const SEEDS = process.env.LOOPFUZZ_SEED
  ? [Number(process.env.LOOPFUZZ_SEED)]
  : LONG
    ? Array.from({ length: 40 }, (_, n) => today * 100 + n)
    : [1, 2, today];
const CASES = Number(process.env.LOOPFUZZ_CASES) || (LONG ? 100 : 35);

interface Outcome {
  out: string;
  end: string;
}

async function inV8(wasm: Uint8Array): Promise<Outcome> {
  let out = '';
  const e = await runInV8(wasm, (s) => (out = s)).then(() => null, (err) => err as Error);
  return { out, end: v8Ending(e) };
}

async function natively(exe: string): Promise<Outcome> {
  const r = await runNative(exe);
  return { out: r.stdout, end: nativeEnding(r) };
}

describe('loop optimisations, randomised: V8 vs our AArch64', () => {
  for (const seed of SEEDS) {
    test(`seed ${seed} (${CASES} cases; rerun with LOOPFUZZ_SEED=${seed})`, { timeout: LONG ? 600_000 : 120_000 }, async () => {
      const dir = path.join(WORK, `loopfuzz-${seed}`);
      fs.mkdirSync(dir, { recursive: true });
      const src = path.join(dir, 'fuzz.ts');
      const io = path.relative(dir, path.join(PROGRAM_DIR, 'io')).split(path.sep).join('/');
      const program = genProgram(seed, CASES, io);
      fs.writeFileSync(src, program);
      const wasm = await compileFile(`loopfuzz-${seed}`, src);
      const { exe } = await buildNative(`loopfuzz-${seed}`, wasm);
      const image = fs.readFileSync(exe);
      const failures: string[] = [];
      const ends = new Map<string, number>();
      let lines = 0;
      // Two qemu runs at a time while V8 runs the same cases here.
      const check = async (k: number) => {
        const caseExe = path.join(dir, `case${k}`);
        fs.writeFileSync(caseExe, selectCase(image, k), { mode: 0o755 });
        const [want, got] = await Promise.all([inV8(selectCase(wasm, k)), natively(caseExe)]);
        lines += want.out.split("\n").length - 1;
        ends.set(want.end, (ends.get(want.end) ?? 0) + 1);
        if (want.out !== got.out || want.end !== got.end) {
          failures.push(
            `case ${k} of ${src}:\n${caseText(program, k)}V8:    ${JSON.stringify(want.out)} ${want.end}\nours:  ${JSON.stringify(got.out)} ${got.end}\n`,
          );
        }
        fs.rmSync(caseExe);
      };
      let next = 0;
      await Promise.all([0, 1].map(async () => {
        while (next < CASES) await check(next++);
      }));
      console.log(`loopfuzz seed ${seed}: ${CASES} cases, endings ${JSON.stringify(Object.fromEntries(ends))}, ${lines} checksum lines, ${failures.length} mismatches`);
      // The cases must reach both ends: normal runs and aborts midway.
      expect(ends.get('normal') ?? 0).toBeGreaterThan(0);
      expect([...ends.keys()].some((e) => e.startsWith('abort: Index out of range'))).toBe(true);
      expect(failures.join('\n')).toBe('');
    });
  }
});
