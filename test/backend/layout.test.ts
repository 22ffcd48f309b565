// Block layout: trap paths (here `unreachable` behind range checks) go after the function's
// return and identical ones are merged into one; the loop's back edge is a single conditional
// branch, with no unconditional jump left on the hot path. Values and traps compared with V8.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const uleb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...uleb(n >> 7)]);
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

// (func (param $i i32) (param $n i32) (result i32) (local $s i32)
//   (loop $l
//     (if (i32.ge_u (local.get $i) (i32.const 100)) (then unreachable))
//     (local.set $s (i32.add (local.get $s) (local.get $i)))
//     (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
//   (if (i32.ge_u (local.get $s) (i32.const 1000)) (then unreachable))
//   (local.get $s))
const CODE = [
  0x03, 0x40,
  0x20, 0, 0x41, 0xe4, 0x00, 0x4f, 0x04, 0x40, 0x00, 0x0b,
  0x20, 2, 0x20, 0, 0x6a, 0x21, 2,
  0x20, 0, 0x41, 1, 0x6a, 0x22, 0, 0x20, 1, 0x49, 0x0d, 0,
  0x0b,
  0x20, 2, 0x41, 0xe8, 0x07, 0x4f, 0x04, 0x40, 0x00, 0x0b,
  0x20, 2,
  0x0b,
];

describe('block layout', () => {
  it('puts merged trap paths last and ends the loop in one conditional branch', async () => {
    const body = [1, 1, 0x7f, ...CODE];
    const wasm = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec([[0x60, 2, 0x7f, 0x7f, 1, 0x7f]])),
      ...section(3, vec([[0]])),
      ...section(7, vec([[3, ...Buffer.from('sum'), 0, 0]])),
      ...section(10, vec([[...uleb(body.length), ...body]])),
    ]);
    const { instance } = (await WebAssembly.instantiate(wasm)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    const f = instance.exports.sum as (i: number, n: number) => number;
    const cases = [[0, 10], [5, 6], [0, 0], [95, 120], [40, 80], [0, 44], [0, 45]];
    const invokes: Invoke[] = cases.map(([i, n]) => ({ func: 'sum', args: [{ type: 'i32', bits: BigInt(i) }, { type: 'i32', bits: BigInt(n) }], results: ['i32'] }));
    const expected = cases.map(([i, n]) => {
      try {
        return BigInt(f(i, n));
      } catch {
        return 'trap 0';
      }
    });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-layout-'));
    const { outcomes, asm } = runModule(wasm, invokes, work, 'layout');
    expect(outcomes.map((o) => (o.kind === 'values' ? o.values[0] : o.kind === 'trap' ? `trap ${o.trap}` : o.kind))).toEqual(expected);
    const text = /\nsum:\n([\s\S]*?)\.size/.exec(asm)![1];
    const ret = text.indexOf('\tret');
    const hot = text.slice(0, ret);
    // Trap paths after the return, merged: one trap stub for both checks.
    expect(text.slice(ret)).toMatch(/__wasm_trap/);
    expect(hot).not.toMatch(/__wasm_trap/);
    expect((text.match(/b __wasm_trap/g) ?? []).length).toBe(1);
    // The hot path has no unconditional branch; the loop closes with a conditional one.
    expect(hot).not.toMatch(/\tb \./);
    expect(hot).toMatch(/\tb\.(lo|hi|lt|gt|ne) \.L/);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
