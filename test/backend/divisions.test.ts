// Divisions by a register (opt/divisions.ts), compared with V8 on the same .wasm: `a / b` and
// `a % b` of the same operands sharing one divide (either order, signed and unsigned, 32 and
// 64 bits, b = 0 and INT_MIN / -1 still trapping), divisor tests dropped for `b | 1` and for a
// divisor a dominating division tested, and near misses where the test must stay: an operand
// changed between the two, `b & 1` and `b + 1` (zero for some b), a division on only one
// path before, a divisor that changes every iteration. The assembly must show the sharing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const ty = (t: string) => `(param $a ${t}) (param $b ${t}) (param $c ${t}) (result ${t})`;
const FUNCS: Record<string, string> = {};
for (const t of ['i32', 'i64']) {
  for (const s of ['s', 'u']) {
    const d = `(${t}.div_${s} (local.get $a) (local.get $b))`;
    const r = `(${t}.rem_${s} (local.get $a) (local.get $b))`;
    FUNCS[`qr_${t}${s}`] = `${ty(t)} (${t}.add (${t}.mul ${d} (${t}.const 1000)) ${r})`;
    FUNCS[`rq_${t}${s}`] = `${ty(t)} (${t}.sub ${r} (${t}.mul ${d} (${t}.const 7)))`;
    // $a (loop-carried: one register) changes between: the remainder divides the new value.
    FUNCS[`qsetr_${t}${s}`] = `${ty(t)} (local $q ${t}) (local $s ${t}) (local $k i32) (loop $l (local.set $q ${d}) (local.set $a (${t}.add (local.get $a) (local.get $c))) (local.set $s (${t}.add (local.get $s) (${t}.add (local.get $q) ${r}))) (local.set $k (i32.add (local.get $k) (i32.const 1))) (br_if $l (i32.lt_u (local.get $k) (i32.const 2)))) (local.get $s)`;
    FUNCS[`or1_${t}${s}`] = `${ty(t)} (${t}.add (${t}.div_${s} (local.get $a) (${t}.or (local.get $b) (${t}.const 1))) (${t}.rem_${s} (local.get $a) (${t}.or (local.get $b) (${t}.const 1))))`;
    FUNCS[`and1_${t}${s}`] = `${ty(t)} (${t}.div_${s} (local.get $a) (${t}.and (local.get $b) (${t}.const 1)))`;
    FUNCS[`plus1_${t}${s}`] = `${ty(t)} (${t}.rem_${s} (local.get $a) (${t}.add (local.get $b) (${t}.const 1)))`;
    // A division on one path only, then one on every path: the second must test.
    FUNCS[`onepath_${t}${s}`] = `${ty(t)} (local $x ${t}) (if (${t}.ne (local.get $c) (${t}.const 0)) (then (local.set $x ${d}))) (${t}.add (local.get $x) (${t}.rem_${s} (local.get $c) (local.get $b)))`;
    // Dominating division, then more in a later block.
    FUNCS[`dom_${t}${s}`] = `${ty(t)} (local $x ${t}) (local.set $x ${d}) (if (${t}.ne (local.get $c) (${t}.const 0)) (then (local.set $x (${t}.add (local.get $x) (${t}.div_${s} (local.get $c) (local.get $b)))))) (${t}.add (local.get $x) (${t}.rem_${s} (local.get $c) (local.get $b)))`;
    // Digit sum: x / b and x % b in a loop, x replaced by the quotient.
    // (b & 0xff) | 2: between 2 and 255, so the loop ends.
    FUNCS[`digits_${t}${s}`] = `${ty(t)} (local $s ${t}) (local.set $b (${t}.or (${t}.and (local.get $b) (${t}.const 255)) (${t}.const 2))) (block $e (loop $l (br_if $e (${t}.eqz (local.get $a))) (local.set $s (${t}.add (local.get $s) ${r})) (local.set $a ${d}) (br $l))) (local.get $s)`;
    // The divisor counts down to zero inside the loop: the last division must trap.
    FUNCS[`down_${t}${s}`] = `${ty(t)} (local $s ${t}) (loop $l (local.set $s (${t}.add (local.get $s) (${t}.add ${d} ${r}))) (local.set $b (${t}.sub (local.get $b) (${t}.const 1))) (br_if $l (${t}.ne (local.get $c) (${t}.const 0)))) (local.get $s)`;
  }
}

const I32 = [0n, 1n, 7n, 10n, 0xffffffffn, 0x80000000n, 0x7fffffffn, 12345678n];
const I64 = [0n, 1n, 7n, 10n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn, 0x123456789abn];

function v8Outcome(fn: (...a: bigint[] | number[]) => unknown, t: string, args: bigint[]): string {
  try {
    const r = t === 'i32' ? (fn as (...a: number[]) => number)(...args.map((x) => Number(BigInt.asIntN(32, x)))) : (fn as (...a: bigint[]) => bigint)(...args.map((x) => BigInt.asIntN(64, x)));
    return t === 'i32' ? String(BigInt.asUintN(32, BigInt(r as number))) : String(BigInt.asUintN(64, r as bigint));
  } catch (e) {
    const m = String(e);
    return /divide by zero|remainder by zero/.test(m) ? 'trap 1' : /unrepresentable/.test(m) ? 'trap 2' : `error ${m}`;
  }
}

describe('divisions: our AArch64 vs V8', () => {
  it('quotient and remainder shared, zero tests kept where needed', { timeout: 300_000 }, async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-div-'));
    const wat = path.join(work, 'div.wat');
    fs.writeFileSync(wat, `(module\n${Object.entries(FUNCS).map(([n, b]) => `(func (export "${n}") ${b})`).join('\n')})\n`);
    execFileSync('wat2wasm', [wat, '-o', path.join(work, 'div.wasm')]);
    const bytes = fs.readFileSync(path.join(work, 'div.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes);
    const invokes: Invoke[] = [];
    const expected: string[] = [];
    for (const name of Object.keys(FUNCS)) {
      const t = name.includes('i64') ? 'i64' : 'i32';
      const vals = t === 'i64' ? I64 : I32;
      const cases: bigint[][] = [];
      for (const a of vals) for (const b of vals) cases.push([a, b, name.startsWith('down') ? (b < 4n ? 1n : 0n) : a ^ b]);
      for (const args of cases) {
        if (name.startsWith('down') && args[2] === 1n && args[1] === 0n) continue; // counts down through zero forever... below
        invokes.push({ func: name, args: args.map((x) => ({ type: t, bits: x })), results: [t] });
        expected.push(v8Outcome(instance.exports[name] as never, t, args));
      }
    }
    const { outcomes, asm } = runModule(bytes, invokes, work, 'div');
    const ours = outcomes.map((o) => (o.kind === 'values' ? String(o.values[0]) : o.kind === 'trap' ? `trap ${o.trap}` : o.why));
    const diffs = ours.map((o, k) => (o === expected[k] ? '' : `${invokes[k].func}(${invokes[k].args.map((a) => a.bits).join(',')}): ours ${o} V8 ${expected[k]}`)).filter(Boolean);
    expect(diffs.slice(0, 20)).toEqual([]);
    expect(expected.filter((e) => e === 'trap 1').length).toBeGreaterThan(50);
    expect(expected.filter((e) => e === 'trap 2').length).toBeGreaterThan(4);
    // One divide for the quotient and the remainder: qr_i32u has one udiv, or1_i32u no cbz.
    const body = (n: string) => asm.slice(asm.indexOf(`\n${n}:`), asm.indexOf(`.size ${n},`));
    expect(body('qr_i32u').match(/udiv/g)?.length).toBe(1);
    expect(body('rq_i64s').match(/sdiv/g)?.length).toBe(1);
    expect(body('or1_i32u')).not.toMatch(/cbz/);
    expect(body('and1_i32u')).toMatch(/cbz/);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
