// Conditions built from several comparisons: `and`/`or` of integer comparisons become one
// cmp + ccmp/ccmn chain, `eqz` and `== 0`/`!= 0` of a condition negate it in place. Random
// combinations (i32 and i64 operands; immediates at the edges of the ccmp/ccmn range: 0, 31,
// 32, -1, -31, -32, INT_MIN) consumed as a value, by `if`, `select` and `br_if`, compared with
// V8 on the same .wasm; the chains must actually appear in our assembly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';
import { rng } from './wasm-gen.ts';

const uleb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...uleb(n >> 7)]);
const sleb = (v: bigint): number[] => {
  const b = Number(v & 0x7fn);
  const rest = v >> 7n;
  return (rest === 0n && !(b & 0x40)) || (rest === -1n && b & 0x40) ? [b] : [b | 0x80, ...sleb(rest)];
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

// eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u
const CMP32 = [0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f];
const CMP64 = [0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a];
const CONSTS = [0n, 1n, 5n, 31n, 32n, -1n, -31n, -32n, 4095n, -0x80000000n, 0x7fffffffn];
const INPUTS = [0n, 1n, -1n, 5n, 31n, 32n, -31n, -32n, 0x7fffffffn, -0x80000000n, 0x80000000n, -0x8000000000000000n, 0x100000005n];

function term(r: () => number): number[] {
  const pick = <X>(xs: X[]) => xs[Math.floor(r() * xs.length)];
  const wide = r() < 0.4;
  const get = (p: number) => (wide ? [0x20, p] : [0x20, p, 0xa7]);
  const lhs = get(Math.floor(r() * 3));
  const rhs = r() < 0.5 ? get(Math.floor(r() * 3)) : [wide ? 0x42 : 0x41, ...sleb(pick(CONSTS))];
  // Constant on the left now and then (the comparison is swapped).
  const [x, y] = r() < 0.15 ? [rhs, lhs] : [lhs, rhs];
  return [...x, ...y, pick(wide ? CMP64 : CMP32)];
}

function condition(r: () => number): number[] {
  let code = term(r);
  const n = 2 + Math.floor(r() * 3);
  for (let k = 1; k < n; k++) {
    code = [...code, ...term(r), r() < 0.5 ? 0x71 : 0x72];
    if (r() < 0.2) code.push(0x45); // i32.eqz
    if (r() < 0.1) code.push(0x41, 0, r() < 0.5 ? 0x46 : 0x47); // == 0 / != 0
  }
  return code;
}

function body(r: () => number, use: number): number[] {
  const c = condition(r);
  const seven = [0x41, 7];
  const nine = [0x41, 9];
  const code = [
    [...c], // the value
    [...c, 0x04, 0x7f, ...seven, 0x05, ...nine, 0x0b], // if/else
    [...seven, ...nine, ...c, 0x1b], // select
    [0x02, 0x7f, ...seven, ...c, 0x0d, 0, 0x1a, ...nine, 0x0b], // br_if
  ][use];
  code.push(0x0b);
  return [...uleb(code.length + 1), 0, ...code];
}

describe('condition chains', () => {
  it('agree with V8 and use ccmp', async () => {
    const r = rng(20261126);
    const N = 160;
    const bodies = Array.from({ length: N }, (_, i) => body(r, i % 4));
    const names = bodies.map((_, i) => `c${i}`);
    const wasm = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec([[0x60, 3, 0x7e, 0x7e, 0x7e, 1, 0x7f]])),
      ...section(3, vec(bodies.map(() => [0]))),
      ...section(7, vec(names.map((n, i) => [...uleb(n.length), ...Buffer.from(n), 0, ...uleb(i)]))),
      ...section(10, vec(bodies)),
    ]);
    const { instance } = (await WebAssembly.instantiate(wasm)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    const invokes: Invoke[] = [];
    const expected: bigint[] = [];
    for (const name of names) {
      for (let k = 0; k < 8; k++) {
        const args = [0, 1, 2].map(() => INPUTS[Math.floor(r() * INPUTS.length)]);
        invokes.push({ func: name, args: args.map((a) => ({ type: 'i64', bits: BigInt.asUintN(64, a) })), results: ['i32'] });
        const f = instance.exports[name] as (...v: bigint[]) => number;
        expected.push(BigInt.asUintN(32, BigInt(f(...args))));
      }
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-cond-'));
    const { outcomes, asm } = runModule(wasm, invokes, work, 'cond');
    const got = outcomes.map((o) => (o.kind === 'values' ? o.values[0] : o.kind));
    expect(got).toEqual(expected);
    expect((asm.match(/\tccmp /g) ?? []).length).toBeGreaterThan(N);
    expect(asm).toMatch(/\tccmn /);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
