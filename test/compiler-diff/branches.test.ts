// Branch shapes, differentially against V8: booleans tested at joins, in each predecessor that
// knows them (tools/backend/opt/branches.ts), and the near misses where the test must stay; tails
// copied into the loop blocks that jump to them (opt/taildup.ts). Each program ends with an
// out-of-range index, which must still abort where V8 does. The generated assembly is checked
// too, so that the shapes are known to have fired.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { WORK, buildNative, compileProgram, runInV8, runNative } from './harness.ts';

/** The text of one function in the generated assembly. */
function fn(asm: string, name: string): string {
  const start = asm.indexOf(`${name}:\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  return asm.slice(start, asm.indexOf('.size', start));
}

/** Runs a program that prints, then aborts; returns its assembly. */
async function abortsLikeV8(name: string, last: RegExp): Promise<string> {
  const wasm = await compileProgram(`branches/${name}`);
  let printed = '';
  const v8 = await runInV8(wasm, (s) => (printed = s)).then(() => null, (e) => e as Error);
  expect(v8?.message).toMatch(/^abort: Index out of range in /);
  expect(printed).toMatch(last);
  const { exe } = await buildNative(`branches-${name}`, wasm);
  const r = await runNative(exe);
  expect(r.stdout).toBe(printed);
  expect(r.stderr).toBe(`${v8!.message}\n`);
  expect(r.exitCode).toBe(71);
  return fs.readFileSync(path.join(WORK, `branches-${name}`, `branches-${name}.s`), 'utf8');
}

describe('branch shapes: V8 vs our AArch64', () => {
  test('tails', async () => {
    const asm = await abortsLikeV8('tails', /bigJoin=.*\nbefore\n$/);
    // The dispatch is copied into the handlers; the copies share one jump table.
    const run = fn(asm, 'test_compiler_diff_assembly_branches_tails_run');
    expect(run.match(/\bbr x\d+/g)!.length).toBeGreaterThanOrEqual(4);
    const tables = asm.match(/^\.Ljt\d+_\d+:$/gm)!;
    expect(new Set(tables).size).toBe(tables.length);
  });

  test('conds', async () => {
    const asm = await abortsLikeV8('conds', /loopJoin=.*\nbefore\n$/);
    // The join's test is gone: the child is picked by the comparison's own flags.
    expect(fn(asm, 'test_compiler_diff_assembly_branches_conds_pickChild')).not.toMatch(/cset|cmp w\d+, #0\n/);
    // The carry is read after the join: its cset stays.
    expect(fn(asm, 'test_compiler_diff_assembly_branches_conds_addCarry')).toMatch(/cset/);
  });
});
