// `if (x & (1 << k))` branches with one tbz/tbnz (opt/bit-tests.ts); a mask of two bits keeps
// and + cbz. Results compared with V8 on the same .wasm over inputs with and without the bit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const uleb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...uleb(n >> 7)]);
const sleb = (v: bigint): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

// if (x & mask) [== 0 when eqz] return 7; return x + 1
const i32Case = (mask: bigint, eqz: boolean) => [0x20, 0, 0x41, ...sleb(BigInt.asIntN(32, mask)), 0x71, ...(eqz ? [0x45] : []), 0x04, 0x40, 0x41, 7, 0x0f, 0x0b, 0x20, 0, 0x41, 1, 0x6a];
const i64Case = (mask: bigint, eqz: boolean) => [0x20, 0, 0x42, ...sleb(BigInt.asIntN(64, mask)), 0x83, ...(eqz ? [0x50] : [0xa7]), 0x04, 0x40, 0x42, 7, 0x0f, 0x0b, 0x20, 0, 0x42, 1, 0x7c];
// name, i64?, body, branch the function must use
const CASES: [string, boolean, number[], RegExp][] = [
  ['bit3', false, i32Case(8n, false), /\ttbn?z w\d+, #3, /],
  ['bit31z', false, i32Case(0x80000000n, true), /\ttbn?z w\d+, #31, /],
  ['bit0', false, i32Case(1n, false), /\ttbn?z w\d+, #0, /],
  ['bit40', true, i64Case(1n << 40n, true), /\ttbn?z x\d+, #40, /],
  ['bit63', true, i64Case(1n << 63n, true), /\ttbn?z x\d+, #63, /],
  ['two', false, i32Case(12n, false), /\tcbn?z w\d+, /],
];

describe('single-bit branches', () => {
  it('agree with V8 and use tbz/tbnz for one-bit masks only', async () => {
    const body = (code: number[]) => {
      const c = [...code, 0x0b];
      return [...uleb(c.length + 1), 0, ...c];
    };
    const wasm = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec([[0x60, 1, 0x7f, 1, 0x7f], [0x60, 1, 0x7e, 1, 0x7e]])),
      ...section(3, vec(CASES.map((c) => [c[1] ? 1 : 0]))),
      ...section(7, vec(CASES.map((c, i) => [...uleb(c[0].length), ...Buffer.from(c[0]), 0, ...uleb(i)]))),
      ...section(10, vec(CASES.map((c) => body(c[2])))),
    ]);
    const { instance } = (await WebAssembly.instantiate(wasm)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    const inputs = [0n, 1n, 8n, 12n, 4n, 0x80000000n, 0x7fffffffn, 1n << 40n, 1n << 63n, -1n, 0x1_00000008n];
    const invokes: Invoke[] = [];
    const expected: bigint[] = [];
    for (const [name, wide] of CASES)
      for (const x of inputs) {
        const t = wide ? 'i64' : 'i32';
        invokes.push({ func: name, args: [{ type: t, bits: BigInt.asUintN(wide ? 64 : 32, x) }], results: [t] });
        const fn = instance.exports[name] as (a: number | bigint) => number | bigint;
        const r = wide ? (fn(BigInt.asIntN(64, x)) as bigint) : BigInt(fn(Number(BigInt.asIntN(32, x))) as number);
        expected.push(BigInt.asUintN(wide ? 64 : 32, r));
      }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-bits-'));
    const { outcomes, asm } = runModule(wasm, invokes, work, 'bits');
    expect(outcomes.map((o) => (o.kind === 'values' ? o.values[0] : o.kind))).toEqual(expected);
    for (const [name, , , branch] of CASES) {
      const m = new RegExp(`\\n${name}:\\n([\\s\\S]*?)\\.size`).exec(asm);
      expect(m?.[1] ?? '', name).toMatch(branch);
    }
    fs.rmSync(work, { recursive: true, force: true });
  });
});
