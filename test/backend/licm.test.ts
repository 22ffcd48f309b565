// Invariant loads leaving loops behind a guard (opt/licm.ts), compared with V8 on the same
// .wasm: the reduced module of issue 19 (two loops in a row, the first one's exit reaching the
// second one's preheader through blocks that only jump), a loop body left with nothing but its
// jump once its load moved, and near misses: exits through several empty blocks, a load the
// zero-trip loop must not make (an address outside memory), the second loop reading what the
// first one changed, a store between the loops.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

// memory[1040] holds 16; $g points 4 bytes past it (asc's `this`: length at this - 20 + 16).
const PRELUDE = `(memory (export "memory") 1) (data (i32.const 1040) "\\10\\00\\00\\00")
  (global $g (mut i32) (i32.const 1044))
  (func (export "setg") (param i32) (global.set $g (local.get 0)))
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))`;
const LEN = `(i32.load offset=16 (i32.sub (global.get $g) (i32.const 20)))`;

const MODULES: { name: string; wat: string; calls: [string, number[]][] }[] = [
  {
    // The module: f(0) is 65 (V8) and was 66 compiled.
    name: 'two-loops',
    wat: `(func (export "f") (param $n i32) (result i32) (local $i i32) (local $j i32)
      (block $b (loop $l
        (br_if $b (i32.ge_s (local.get $i) (local.get $n)))
        (br_if $b (i32.le_u ${LEN} (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))
      (block $b2 (loop $l2
        (br_if $b2 (i32.ge_s (local.get $j) (i32.const 4)))
        (if (i32.le_u ${LEN} (local.get $j)) (then (return (i32.const 66))))
        (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $l2)))
      (i32.const 65))`,
    calls: [['f', [0]], ['f', [1]], ['f', [3]], ['f', [40]], ['poke', [1040, 2]], ['f', [0]], ['f', [1]], ['poke', [1040, 16]], ['f', [0]]],
  },
  {
    // The first loop's exit leaves three nested blocks; the second loop sums what it reads.
    name: 'nested-exit',
    wat: `(func (export "f") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
      (block $o (block $m (block $b (loop $l
        (br_if $b (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) ${LEN}))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))))
      (block $b2 (loop $l2
        (br_if $b2 (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.mul ${LEN} (i32.const 3))))
        (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $l2)))
      (local.get $s))`,
    calls: [['f', [0]], ['f', [1]], ['f', [5]], ['setg', [0x7ffffff0]], ['f', [0]], ['f', [1]], ['setg', [1044]], ['f', [2]]],
  },
  {
    // The outer body is its load and the jump into the inner loop: once the load moves, the
    // body only jumps, and the way into it must still go through the guard.
    name: 'body-only-jumps',
    wat: `(func (export "f") (param $n i32) (result i32) (local $i i32) (local $s i32) (local $v i32)
      (block $b (loop $l
        (br_if $b (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $v ${LEN})
        (loop $in
          (local.set $s (i32.add (local.get $s) (local.get $v)))
          (br_if $in (i32.and (local.get $s) (i32.const 7))))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))
      (local.get $s))`,
    calls: [['f', [0]], ['f', [1]], ['f', [4]], ['poke', [1040, 3]], ['f', [2]], ['setg', [0xfffffff0]], ['f', [0]], ['f', [1]]],
  },
  {
    // A store between the loops changes what the second one must read.
    name: 'store-between',
    wat: `(func (export "f") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
      (block $b (loop $l
        (br_if $b (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) ${LEN}))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))
      (i32.store (i32.const 1040) (i32.add (local.get $s) (i32.const 1)))
      (block $b2 (loop $l2
        (br_if $b2 (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $s (i32.add (local.get $s) ${LEN}))
        (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $l2)))
      (i32.store (i32.const 1040) (i32.const 16))
      (local.get $s))`,
    calls: [['f', [0]], ['f', [1]], ['f', [3]]],
  },
];

function v8Outcome(inst: WebAssembly.Instance, name: string, args: number[]): string {
  try {
    const r = (inst.exports[name] as (...a: number[]) => number | undefined)(...args);
    return r === undefined ? 'void' : String(r >>> 0);
  } catch (e) {
    return /out of bounds/.test(String(e)) ? 'trap 4' : `error ${String(e)}`;
  }
}

describe('LICM guard blocks: our AArch64 vs V8', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-licm-'));
  for (const m of MODULES) {
    it(m.name, async () => {
      const wat = path.join(work, `${m.name}.wat`);
      fs.writeFileSync(wat, `(module ${PRELUDE}\n${m.wat})\n`);
      execFileSync('wat2wasm', [wat, '-o', path.join(work, `${m.name}.wasm`)]);
      const bytes = fs.readFileSync(path.join(work, `${m.name}.wasm`));
      const { instance } = await WebAssembly.instantiate(bytes);
      const expected = m.calls.map(([fn, args]) => v8Outcome(instance, fn, args));
      const invokes: Invoke[] = m.calls.map(([fn, args]) => ({ func: fn, args: args.map((a) => ({ type: 'i32' as const, bits: BigInt(a >>> 0) })), results: fn === 'f' ? ['i32' as const] : [] }));
      const { outcomes } = runModule(bytes, invokes, work, m.name);
      const ours = outcomes.map((o) => (o.kind === 'values' ? (o.values.length ? String(o.values[0]) : 'void') : o.kind === 'trap' ? `trap ${o.trap}` : o.why));
      expect(ours).toEqual(expected);
    });
  }
});
