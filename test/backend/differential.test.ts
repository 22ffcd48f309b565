// Differential test against V8: random expression trees over i32/i64/f64 (arithmetic, shifts,
// rotates, bit counts, division traps, comparisons, select, if/else, conversions, loads, locals)
// compiled by our backend and run under qemu-aarch64 (one process), and run by Node's
// WebAssembly (V8) on the same .wasm and arguments. Results (and trap kinds) must agree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';
import { optimizeAt } from './binaryen-levels.ts';
import { levelsFor, type Level } from '../compiler-diff/levels.ts';

import { buildModule, F64C, I32C, I64C, rng } from './wasm-gen.ts';

function v8Trap(e: unknown): number {
  const m = String((e as Error).message);
  if (/divide by zero|remainder by zero/.test(m)) return 1;
  if (/unrepresentable|overflow/.test(m)) return 2;
  if (/unreachable/.test(m)) return 0;
  if (/out of bounds/.test(m)) return 4;
  return -1;
}

describe('differential: random wasm functions, our AArch64 vs V8', () => {
  it('agrees on results and traps', { timeout: 300_000 }, async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-diff-'));
    const seeds = process.env.RASPVISOR_LONG ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2];
    // Each module as generated, then put through binaryen at asc's levels (two per seed in CI,
    // shared out so that every level runs in turn; all with RASPVISOR_LONG=1).
    const day = Math.floor(Date.now() / 86_400_000);
    const runs: { seed: number; level?: Level }[] = seeds.flatMap((seed, k) => [{ seed }, ...levelsFor(day + k, 2).map((level) => ({ seed, level }))]);
    let compared = 0;
    let generatedCalls = 0; // calls of the modules as generated (the optimised ones repeat their results)
    let traps = 0;
    const distinct = new Set<string>();
    const mismatches: string[] = [];
    for (const { seed, level } of runs) {
      const generated = buildModule(seed, 150);
      const types = generated.types;
      const bytes = level ? optimizeAt(generated.bytes, level) : generated.bytes;
      expect(bytes, `binaryen at ${level?.name}`).not.toBeNull();
      if (!bytes) continue;
      const { instance: inst } = (await WebAssembly.instantiate(bytes)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
      const r = rng(seed * 7919);
      const pick = <X,>(xs: X[]) => xs[Math.floor(r() * xs.length)];
      const invokes: Invoke[] = [];
      const v8: (bigint | number | string)[] = [];
      for (let i = 0; i < types.length; i++) {
        for (let k = 0; k < 3; k++) {
          const a = [BigInt.asUintN(32, pick(I32C)), BigInt.asUintN(32, BigInt(Math.floor(r() * 2 ** 32)))];
          const b = [BigInt.asUintN(64, pick(I64C)), BigInt.asUintN(64, BigInt(Math.floor(r() * 2 ** 32)) << 16n)];
          const f = pick(F64C);
          const fbits = new BigUint64Array(new Float64Array([f]).buffer)[0];
          invokes.push({ func: `f${i}`, args: [{ type: 'i32', bits: a[0] }, { type: 'i32', bits: a[1] }, { type: 'i64', bits: b[0] }, { type: 'i64', bits: b[1] }, { type: 'f64', bits: fbits }], results: [types[i]] });
          const fn = inst.exports[`f${i}`] as (...x: unknown[]) => unknown;
          try {
            const res = fn(Number(BigInt.asIntN(32, a[0])), Number(BigInt.asIntN(32, a[1])), BigInt.asIntN(64, b[0]), BigInt.asIntN(64, b[1]), f);
            if (types[i] === 'i32') v8.push(BigInt.asUintN(32, BigInt(res as number)));
            else if (types[i] === 'i64') v8.push(BigInt.asUintN(64, res as bigint));
            else v8.push(Number.isNaN(res) ? 'nan' : new BigUint64Array(new Float64Array([res as number]).buffer)[0]);
          } catch (e) {
            v8.push(`trap ${v8Trap(e)}`);
          }
        }
      }
      const { outcomes } = runModule(bytes, invokes, work, `diff${seed}${level?.name ?? ''}`, { memorySize: 65536 });
      outcomes.forEach((o, k) => {
        compared++;
        if (!level) generatedCalls++;
        let ours: bigint | string;
        if (o.kind === 'trap') ours = `trap ${o.trap}`;
        else if (o.kind === 'crash') ours = o.why;
        else {
          ours = o.values[0];
          if (invokes[k].results[0] === 'f64' && (ours & 0x7ff0000000000000n) === 0x7ff0000000000000n && ours & 0xfffffffffffffn) ours = 'nan';
        }
        if (typeof ours === 'string' && ours.startsWith('trap')) traps++;
        distinct.add(String(ours));
        if (ours !== v8[k]) mismatches.push(`seed ${seed}${level ? ' at ' + level.name : ''} ${invokes[k].func}(${invokes[k].args.map((a) => '0x' + a.bits.toString(16)).join(',')}): ours ${ours} v8 ${v8[k]}`);
      });
    }
    console.log(`differential: ${compared} calls compared (${traps} traps, ${distinct.size} distinct results), ${mismatches.length} mismatches`);
    expect(distinct.size).toBeGreaterThan(generatedCalls / 8);
    expect(mismatches.slice(0, 20)).toEqual([]);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
