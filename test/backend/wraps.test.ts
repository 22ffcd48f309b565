// foldWraps (opt/peephole.ts) removes `wN = wrap xM` when every reader wants the low 32 bits
// anyway. A wrap of a wrap (`i64.extend_i32_u (i32.wrap_i64 x)`, read as 32 bits) is two such
// instructions; both go, and the readers must then read x, not the removed inner result (the
// bug hypervisor-vdev found: VmDevices' dispatch lost a guest's AUX_ENABLES write). Near
// misses: the extended value read as 64 bits (no fold of the outer), a wrap read across a
// br_table into two targets, a chain of three. Oracle: V8 on the same .wasm.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const MODULES: { name: string; wat: string; calls: [string, bigint[]][] }[] = [
  {
    // The reduced module: $1 = extend_u(wrap $2) read as i32 in two br_table targets.
    name: 'br-table-two-wraps',
    wat: `(func (export "f") (param $0 i32) (param $1 i64) (param $2 i64) (result i32) (local $3 i32)
      (local.set $3 (i32.wrap_i64 (i64.sub (local.get $1) (i64.const 16))))
      (local.set $1 (i64.extend_i32_u (i32.wrap_i64 (local.get $2))))
      (block $b2 (block $b1 (block $b0 (br_table $b0 $b1 $b2 (local.get $0)))
        (return (i32.add (local.get $3) (i32.wrap_i64 (local.get $1)))))
        (return (i32.and (i32.wrap_i64 (local.get $1)) (i32.const 7))))
      (i32.const 99))`,
    calls: [['f', [1n, 20n, 62n]], ['f', [0n, 20n, 3n]], ['f', [2n, 0n, 0n]], ['f', [0n, 0x1_0000_0010n, 0xffff_ffff_0000_0005n]]],
  },
  {
    // Near miss: the extended value is read whole (as i64): its high half must be zero.
    name: 'extend-read-as-i64',
    wat: `(func (export "f") (param $a i64) (result i64) (local $x i64)
      (local.set $x (i64.extend_i32_u (i32.wrap_i64 (local.get $a))))
      (i64.add (local.get $x) (i64.shl (local.get $x) (i64.const 8))))`,
    calls: [['f', [0xffff_ffff_ffff_ffffn]], ['f', [0x1234_5678_9abc_def0n]], ['f', [7n]]],
  },
  {
    // A chain of three, read as 32 bits after a call (the value must survive in a register).
    name: 'three-wraps-across-call',
    wat: `(func $g (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func (export "f") (param $a i64) (result i32) (local $x i64)
      (local.set $x (i64.extend_i32_u (i32.wrap_i64 (i64.extend_i32_u (i32.wrap_i64 (local.get $a))))))
      (i32.add (call $g (i32.const 5)) (i32.wrap_i64 (local.get $x))))`,
    calls: [['f', [0xdead_beef_0000_0001n]], ['f', [0xffff_ffffn]], ['f', [0n]]],
  },
];

function v8Outcome(inst: WebAssembly.Instance, name: string, args: bigint[], i64Params: boolean[]): string {
  const a = args.map((v, k) => (i64Params[k] ? BigInt.asIntN(64, v) : Number(v)));
  const r = (inst.exports[name] as (...x: unknown[]) => number | bigint)(...a);
  return typeof r === 'bigint' ? BigInt.asUintN(64, r).toString() : String(r >>> 0);
}

describe('wraps of wraps (opt/peephole.ts foldWraps): our AArch64 vs V8', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-wraps-'));
  for (const m of MODULES) {
    it(m.name, async () => {
      const wat = path.join(work, `${m.name}.wat`);
      fs.writeFileSync(wat, `(module (memory (export "memory") 1)\n${m.wat})\n`);
      execFileSync('wat2wasm', [wat, '-o', path.join(work, `${m.name}.wasm`)]);
      const bytes = fs.readFileSync(path.join(work, `${m.name}.wasm`));
      const { instance } = await WebAssembly.instantiate(bytes);
      const sig = /\(func \(export "f"\)((?: \(param [^)]*\))*) \(result (i32|i64)\)/.exec(m.wat)!;
      const params = [...sig[1].matchAll(/\(param (?:\$\w+ )?(i32|i64)\)/g)].map((p) => p[1] as 'i32' | 'i64');
      const result = sig[2] as 'i32' | 'i64';
      const expected = m.calls.map(([fn, args]) => v8Outcome(instance, fn, args, params.map((p) => p === 'i64')));
      const invokes: Invoke[] = m.calls.map(([fn, args]) => ({ func: fn, args: args.map((a, k) => ({ type: params[k], bits: params[k] === 'i32' ? a & 0xffff_ffffn : a })), results: [result] }));
      const { outcomes } = runModule(bytes, invokes, work, m.name);
      const ours = outcomes.map((o) => (o.kind === 'values' ? String(o.values[0]) : o.kind === 'trap' ? `trap ${o.trap}` : o.why));
      expect(ours).toEqual(expected);
    });
  }
});
