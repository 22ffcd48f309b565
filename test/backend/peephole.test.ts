// i32.wrap_i64 (`mov w, w`) disappears when every reader looks only at the low 32 bits, and
// must stay where the value is read as 64 bits: i64.extend_i32_u of it, an address, a result.
// Compared with V8 on the same .wasm with inputs whose upper halves are not zero; the count
// of wrap moves is checked in our assembly; a sign-extended load must be one ldrsw.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const uleb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...uleb(n >> 7)]);
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

const X = [0x20, 0];
const Y = [0x20, 1];
const WRAP = 0xa7;
const EXT_U = 0xad;
// name, result type (0x7f i32, 0x7e i64), body, whether the wrap must stay
const CASES: [string, number, number[], boolean][] = [
  ['add32', 0x7f, [...X, WRAP, 0x41, 1, 0x6a], false],
  ['shr32', 0x7f, [...X, WRAP, 0x41, 3, 0x76], false],
  ['cmp32', 0x7f, [...X, WRAP, ...Y, WRAP, 0x49], false],
  ['ret32', 0x7f, [...X, WRAP], true],
  ['ext64', 0x7e, [...X, WRAP, EXT_U, ...Y, 0x7c], true],
  ['shr64', 0x7e, [...X, WRAP, EXT_U, 0x42, 1, 0x88], true],
  // store at the wrapped address y, read it back: with a memory base register the access is
  // `[base, w, uxtw]`, which reads the low half only
  ['addr', 0x7f, [...Y, WRAP, ...X, WRAP, 0x41, 7, 0x6a, 0x36, 2, 0, ...Y, WRAP, 0x28, 2, 0], false],
  // i64.extend_i32_s of a load becomes one ldrsw (a negative value must come back negative)
  ['sext', 0x7e, [0x41, 16, ...X, WRAP, 0x36, 2, 0, 0x41, 16, 0x28, 2, 0, 0xac], false],
];

describe('wrap peephole', () => {
  it('agrees with V8 and drops only the wraps read as 32 bits', async () => {
    const body = (code: number[]) => {
      const c = [...code, 0x0b];
      return [...uleb(c.length + 1), 0, ...c];
    };
    const wasm = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec([[0x60, 2, 0x7e, 0x7e, 1, 0x7f], [0x60, 2, 0x7e, 0x7e, 1, 0x7e]])),
      ...section(3, vec(CASES.map((c) => [c[1] === 0x7f ? 0 : 1]))),
      ...section(5, vec([[0, 1]])),
      ...section(7, vec(CASES.map((c, i) => [...uleb(c[0].length), ...Buffer.from(c[0]), 0, ...uleb(i)]))),
      ...section(10, vec(CASES.map((c) => body(c[2])))),
    ]);
    const { instance } = (await WebAssembly.instantiate(wasm)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    const inputs: [bigint, bigint][] = [[0xffffffff_00000005n, 0x1_00000008n], [0x12345678_9abcdef0n, 0xfffffff0_00000100n], [5n, 64n], [-1n, 0x7_00000010n]];
    const invokes: Invoke[] = [];
    const expected: bigint[] = [];
    for (const [name, rt] of CASES)
      for (const [x, y] of inputs) {
        const t = rt === 0x7f ? 'i32' : 'i64';
        invokes.push({ func: name, args: [{ type: 'i64', bits: BigInt.asUintN(64, x) }, { type: 'i64', bits: BigInt.asUintN(64, y) }], results: [t] });
        const r = (instance.exports[name] as (a: bigint, b: bigint) => number | bigint)(BigInt.asIntN(64, x), BigInt.asIntN(64, y));
        expected.push(t === 'i32' ? BigInt.asUintN(32, BigInt(r)) : BigInt.asUintN(64, r as bigint));
      }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-wrap-'));
    const { outcomes, asm } = runModule(wasm, invokes, work, 'wrap');
    expect(outcomes.map((o) => (o.kind === 'values' ? o.values[0] : o.kind))).toEqual(expected);
    const kept = CASES.map(([name]) => {
      const m = new RegExp(`\\n${name}:\\n([\\s\\S]*?)\\.size`).exec(asm);
      return /\tmov w\d+, w\d+\n/.test(m ? m[1] : '');
    });
    expect(kept).toEqual(CASES.map((c) => c[3]));
    expect(/\nsext:\n[\s\S]*?\.size/.exec(asm)![0]).toMatch(/\tldrsw x\d+, /);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
