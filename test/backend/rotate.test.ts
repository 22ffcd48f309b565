// Constant shift pairs that form a rotate ((x << k) | (x >>> (bits - k)), also with xor and in
// either order) become one `ror`; pairs that do not add up to the width must not. Compared with
// V8 on the same .wasm, and the `ror` count checked in our assembly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const uleb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...uleb(n >> 7)]);
const sleb = (n: number): number[] => {
  const b = n & 0x7f;
  const rest = n >> 7;
  return (rest === 0 && !(b & 0x40)) || (rest === -1 && b & 0x40) ? [b] : [b | 0x80, ...sleb(rest)];
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

interface Case { name: string; wide: boolean; first: 'shl' | 'shr'; k1: number; k2: number; op: 'or' | 'xor' | 'and'; rotates: boolean }

const OPS = { i32: { shl: 0x74, shr: 0x76, and: 0x71, or: 0x72, xor: 0x73, c: 0x41 }, i64: { shl: 0x86, shr: 0x88, and: 0x83, or: 0x84, xor: 0x85, c: 0x42 } };

function body(c: Case): number[] {
  const o = OPS[c.wide ? 'i64' : 'i32'];
  const second = c.first === 'shl' ? 'shr' : 'shl';
  const code = [0x20, 0, o.c, ...sleb(c.k1), o[c.first], 0x20, 0, o.c, ...sleb(c.k2), o[second], o[c.op], 0x0b];
  return [...uleb(code.length + 1), 0, ...code];
}

describe('rotate patterns', () => {
  it('agree with V8 and use ror only where the shifts add up to the width', async () => {
    const cases: Case[] = [];
    for (const wide of [false, true]) {
      const bits = wide ? 64 : 32;
      for (const [k1, k2, rot] of [[7, bits - 7, true], [1, bits - 1, true], [bits - 3, 3, true], [5, bits - 6, false], [5, 5, false]] as const)
        for (const first of ['shl', 'shr'] as const)
          for (const op of ['or', 'xor', 'and'] as const) cases.push({ name: `f${cases.length}`, wide, first, k1, k2, op, rotates: rot && op !== 'and' });
    }
    const types = [[0x60, 1, 0x7f, 1, 0x7f], [0x60, 1, 0x7e, 1, 0x7e]];
    const wasm = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec(types)),
      ...section(3, vec(cases.map((c) => [c.wide ? 1 : 0]))),
      ...section(7, vec(cases.map((c, i) => [...uleb(c.name.length), ...Buffer.from(c.name), 0, ...uleb(i)]))),
      ...section(10, vec(cases.map(body))),
    ]);
    const { instance } = (await WebAssembly.instantiate(wasm)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    const inputs = [0x12345678_9abcdef0n, 0x80000001n, 0xffffffff_00000001n, 1n];
    const invokes: Invoke[] = [];
    const expected: bigint[] = [];
    for (const c of cases)
      for (const x of inputs) {
        const t = c.wide ? 'i64' : 'i32';
        const bits = BigInt.asUintN(c.wide ? 64 : 32, x);
        invokes.push({ func: c.name, args: [{ type: t, bits }], results: [t] });
        const f = instance.exports[c.name] as (v: unknown) => unknown;
        expected.push(c.wide ? BigInt.asUintN(64, f(BigInt.asIntN(64, bits)) as bigint) : BigInt.asUintN(32, BigInt(f(Number(BigInt.asIntN(32, bits))) as number)));
      }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-rot-'));
    const { outcomes, asm } = runModule(wasm, invokes, work, 'rot');
    const got = outcomes.map((o) => (o.kind === 'values' ? o.values[0] : o.kind));
    expect(got).toEqual(expected);
    // One `ror` per rotating case, none elsewhere.
    const rors = cases.map((c) => {
      const m = new RegExp(`\\n${c.name}:\\n([\\s\\S]*?)\\.size`).exec(asm);
      return /\tror /.test(m ? m[1] : '');
    });
    expect(rors).toEqual(cases.map((c) => c.rotates));
    fs.rmSync(work, { recursive: true, force: true });
  });
});
