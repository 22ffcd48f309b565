// Bitwise operations with a folded operand: x & ~y is one bic (orn, eon for or/xor), a rotate
// by a constant becomes a `ror #n` operand of and/orr/eor, and must NOT be folded where A64
// has no rotated operand (add, cmp). Each function is run by V8 and, compiled by us, under
// qemu-aarch64 on inputs with both halves busy; the assembly must contain the folded forms.
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
// opcodes per width: [i32, i64]
const OPS = {
  add: [0x6a, 0x7c], and: [0x71, 0x83], or: [0x72, 0x84], xor: [0x73, 0x85], shl: [0x74, 0x86],
  shrU: [0x76, 0x88], rotl: [0x77, 0x89], rotr: [0x78, 0x8a], ltU: [0x49, 0x54],
} as const;
type W = 0 | 1;
const op = (name: keyof typeof OPS, w: W) => OPS[name][w];
const sleb = (n: number): number[] => (n >= -64 && n < 64 ? [n & 0x7f] : [(n & 0x7f) | 0x80, ...sleb(n >> 7)]);
const k = (n: number, w: W) => [w ? 0x42 : 0x41, ...sleb(n)];
const not = (v: number[], w: W) => [...v, ...k(-1, w), op('xor', w)];
const rot = (v: number[], n: number, w: W, dir: 'rotr' | 'rotl' = 'rotr') => [...v, ...k(n, w), op(dir, w)];

// name, width, result is i32 although operands are i64, body, a regexp the assembly must match
type Case = [string, W, boolean, number[], RegExp | null];
const cases: Case[] = [];
for (const w of [0, 1] as W[]) {
  const s = w ? '64' : '32';
  const bits = w ? 64 : 32;
  cases.push(
    [`bic${s}`, w, false, [...X, ...not(Y, w), op('and', w)], /\tbic [wx]\d+, [wx]\d+, [wx]\d+\n/],
    [`bicl${s}`, w, false, [...not(X, w), ...Y, op('and', w)], /\tbic /],
    [`orn${s}`, w, false, [...X, ...not(Y, w), op('or', w)], /\torn /],
    [`eon${s}`, w, false, [...not(X, w), ...Y, op('xor', w)], /\teon /],
    [`mvn${s}`, w, false, not(X, w), /\tmvn /],
    [`eorror${s}`, w, false, [...X, ...rot(Y, 7, w), op('xor', w)], /\teor [wx]\d+, [wx]\d+, [wx]\d+, ror #7\n/],
    [`andror${s}`, w, false, [...rot(X, 13, w), ...Y, op('and', w)], /, ror #13\n/],
    [`orrrotl${s}`, w, false, [...X, ...rot(Y, 5, w, 'rotl'), op('or', w)], new RegExp(`, ror #${bits - 5}\\n`)],
    [`rot0${s}`, w, false, [...X, ...rot(Y, 0, w), op('xor', w)], null],
    [`rotw${s}`, w, false, [...X, ...rot(Y, bits, w), op('xor', w)], null],
    // (y << 8) | (y >>> bits-8) is a rotate; xor with x takes it as an operand
    [`shlshr${s}`, w, false, [...X, ...Y, ...k(8, w), op('shl', w), ...Y, ...k(bits - 8, w), op('shrU', w), op('or', w), op('xor', w)], new RegExp(`, ror #${bits - 8}\\n`)],
    // no rotated operand for add or cmp: the rotate must be computed first
    [`addror${s}`, w, false, [...X, ...rot(Y, 3, w), op('add', w)], /\tror [wx]\d+, [wx]\d+, #3\n/],
    [`addrorshl${s}`, w, false, [...rot(X, 3, w), ...Y, ...k(2, w), op('shl', w), op('add', w)], /, lsl #2\n/],
    [`cmpror${s}`, w, true, [...X, ...rot(Y, 9, w), op('ltU', w)], /\tror [wx]\d+, [wx]\d+, #9\n/],
    // ~y used twice: once folded, once as a value
    [`nottwice${s}`, w, false, [...not(Y, w), 0x22, 2, ...X, op('and', w), 0x20, 2, op('add', w)], null],
  );
}

describe('logical operations with folded not/rotate operands', () => {
  it('agree with V8 and use bic/orn/eon and ror operands', async () => {
    const body = (c: Case) => {
      const code = [...c[3], 0x0b];
      const locals = c[0].startsWith('nottwice') ? [1, 1, c[1] ? 0x7e : 0x7f] : [0];
      return [...uleb(code.length + locals.length), ...locals, ...code];
    };
    const typeOf = (c: Case) => (c[1] === 0 ? 0 : c[2] ? 2 : 1);
    const wasm = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      ...section(1, vec([[0x60, 2, 0x7f, 0x7f, 1, 0x7f], [0x60, 2, 0x7e, 0x7e, 1, 0x7e], [0x60, 2, 0x7e, 0x7e, 1, 0x7f]])),
      ...section(3, vec(cases.map((c) => [typeOf(c)]))),
      ...section(7, vec(cases.map((c, i) => [...uleb(c[0].length), ...Buffer.from(c[0]), 0, ...uleb(i)]))),
      ...section(10, vec(cases.map(body))),
    ]);
    const { instance } = (await WebAssembly.instantiate(wasm)) as unknown as WebAssembly.WebAssemblyInstantiatedSource;
    const inputs: [bigint, bigint][] = [
      [0x12345678_9abcdef0n, 0x0fedcba9_87654321n], [0n, 0xffffffff_ffffffffn], [0x80000000_00000001n, 0x7fffffffn], [0xdeadbeefn, 0xcafef00d_00000000n],
    ];
    const invokes: Invoke[] = [];
    const expected: bigint[] = [];
    for (const c of cases)
      for (const [x, y] of inputs) {
        const t = c[1] === 0 ? 'i32' : 'i64';
        const a = t === 'i32' ? BigInt.asUintN(32, x) : x;
        const b = t === 'i32' ? BigInt.asUintN(32, y) : y;
        invokes.push({ func: c[0], args: [{ type: t, bits: a }, { type: t, bits: b }], results: [c[1] === 0 || c[2] ? 'i32' : 'i64'] });
        const f = instance.exports[c[0]] as (p: number | bigint, q: number | bigint) => number | bigint;
        const r = t === 'i32' ? f(Number(BigInt.asIntN(32, a)), Number(BigInt.asIntN(32, b))) : f(BigInt.asIntN(64, a), BigInt.asIntN(64, b));
        expected.push(typeof r === 'number' ? BigInt.asUintN(32, BigInt(r)) : BigInt.asUintN(64, r));
      }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-logic-'));
    const { outcomes, asm } = runModule(wasm, invokes, work, 'logic');
    expect(outcomes.map((o) => (o.kind === 'values' ? o.values[0] : o.kind))).toEqual(expected);
    const missing = cases.filter(([name, , , , re]) => {
      const m = new RegExp(`\\n${name}:\\n([\\s\\S]*?)\\.size`).exec(asm);
      return re !== null && !(m && re.test(m[1]));
    });
    expect(missing.map((c) => c[0])).toEqual([]);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
