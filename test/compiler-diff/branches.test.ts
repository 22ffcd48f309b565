// Branch shapes (tools/backend/opt/branches.ts), differentially against V8: booleans tested at
// joins, in each predecessor that knows them, and the near misses where the test must stay. The
// program ends with an out-of-range index, which must still abort where V8 does. The generated
// assembly is checked too, so that the shapes are known to have fired.
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

describe('branch shapes: V8 vs our AArch64', () => {
  test('conds', async () => {
    const wasm = await compileProgram('branches/conds');
    let printed = '';
    const v8 = await runInV8(wasm, (s) => (printed = s)).then(() => null, (e) => e as Error);
    expect(v8?.message).toMatch(/^abort: Index out of range in /);
    expect(printed).toMatch(/loopJoin=.*\nbefore\n$/);
    const { exe } = await buildNative('branches-conds', wasm);
    const r = await runNative(exe);
    expect(r.stdout).toBe(printed);
    expect(r.stderr).toBe(`${v8!.message}\n`);
    expect(r.exitCode).toBe(71);
    const asm = fs.readFileSync(path.join(WORK, 'branches-conds', 'branches-conds.s'), 'utf8');
    // The join's test is gone: the child is picked by the comparison's own flags.
    expect(fn(asm, 'test_compiler_diff_assembly_branches_conds_pickChild')).not.toMatch(/cset|cmp w\d+, #0\n/);
    // The carry is read after the join: its cset stays.
    expect(fn(asm, 'test_compiler_diff_assembly_branches_conds_addCarry')).toMatch(/cset/);
  });
});
