// Randomised differential test of the loop optimisations (opt/version.ts, guarded-loads.ts,
// alias.ts, sink.ts, branches.ts, taildup.ts, regalloc/coalesce.ts): loopfuzz-gen.ts writes
// a batch of small programs (loops over overlapping arrays and objects), asc compiles the batch
// once, our backend compiles it once; each case then runs in V8 (the oracle) and under
// qemu-aarch64, selected by patching its number into the selector words of the wasm and of the
// executable. Output and ending (normal / the same abort / the same trap) must match.
// CI: fixed seeds plus one from today's date (in the test name, for reproduction);
// RASPVISOR_LONG=1 runs many more batches (every asc level in turn). LOOPFUZZ_SEED=<n> (and
// LOOPFUZZ_LEVEL=-O1 etc.) runs one given batch, LOOPFUZZ_CASES=<n> sets the cases per batch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PROGRAM_DIR, WORK, buildNative, compileFile, nativeEnding, runInV8, runNative, v8Ending } from './harness.ts';
import { caseText, genProgram, selectCase } from './loopfuzz-gen.ts';
import { LEVELS, LONG, type Level } from './levels.ts';

const today = Number(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
const at = (name: string) => LEVELS.find((l) => l.name === name)!;
// Each batch at one asc level (levels.ts): -O3 (the build's), -O1 and -Os (where issue 19's
// LICM bug showed), and today's batch at a level that changes day by day.
const BATCHES: { seed: number; level: Level }[] = process.env.LOOPFUZZ_SEED
  ? [{ seed: Number(process.env.LOOPFUZZ_SEED), level: at(process.env.LOOPFUZZ_LEVEL ?? '-O3') }]
  : LONG
    ? Array.from({ length: 40 }, (_, n) => ({ seed: today * 100 + n, level: LEVELS[n % LEVELS.length] }))
    : [{ seed: 1, level: LEVELS[0] }, { seed: 2, level: at('-O1') }, { seed: 3, level: at('-Os') }, { seed: today, level: LEVELS[1 + (today % (LEVELS.length - 1))] }];
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
  for (const { seed, level } of BATCHES) {
    test(`seed ${seed} at ${level.name} (${CASES} cases; rerun with LOOPFUZZ_SEED=${seed} LOOPFUZZ_LEVEL=${level.name})`, { timeout: LONG ? 600_000 : 120_000 }, async () => {
      const dir = path.join(WORK, `loopfuzz-${seed}`);
      fs.mkdirSync(dir, { recursive: true });
      const src = path.join(dir, 'fuzz.ts');
      const io = path.relative(dir, path.join(PROGRAM_DIR, 'io')).split(path.sep).join('/');
      const program = genProgram(seed, CASES, io);
      fs.writeFileSync(src, program);
      const wasm = await compileFile(`loopfuzz-${seed}`, src, { flags: level.flags });
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
      console.log(`loopfuzz seed ${seed} at ${level.name}: ${CASES} cases, endings ${JSON.stringify(Object.fromEntries(ends))}, ${lines} checksum lines, ${failures.length} mismatches`);
      // The cases must reach both ends: normal runs and aborts midway.
      expect(ends.get('normal') ?? 0).toBeGreaterThan(0);
      expect([...ends.keys()].some((e) => e.startsWith('abort: Index out of range'))).toBe(true);
      expect(failures.join('\n')).toBe('');
    });
  }
});
