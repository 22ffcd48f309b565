// Functions nothing reaches are not emitted (opt/dead-functions.ts), and segment lengths only
// where memory.init/data.drop name them. Compared with V8 on the same .wasm: calls through the
// table (the callee only the table names), a callee inlined everywhere (its body goes), one
// reached only from the start function, one reached through a chain of calls, memory.init of a
// passive segment after data.drop; the asm holds exactly the reachable functions.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModule, type Invoke } from './harness.ts';

const WAT = `(module
  (memory (export "memory") 1)
  (data (i32.const 64) "active")
  (data $p "passive!")
  (type $t (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $viaTable $inlined)
  (global $g (mut i32) (i32.const 0))
  (func $inlined (param i32) (result i32) (i32.add (local.get 0) (i32.const 7)))
  (func $viaTable (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $dead (param i32) (result i32) (call $deadToo (local.get 0)))
  (func $deadToo (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
  (func $fromStart (global.set $g (i32.const 42)))
  (func $chain2 (param i32) (result i32) (local i32)
    (loop $l (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (br_if $l (i32.lt_u (local.get 1) (i32.const 1000)))) (local.get 1))
  (func $chain1 (param i32) (result i32) (call $chain2 (i32.add (local.get 0) (i32.const 1))))
  (start $fromStart)
  (func (export "f") (param i32) (result i32)
    (i32.add (call $inlined (local.get 0)) (call_indirect (type $t) (local.get 0) (i32.const 0))))
  (func (export "g") (param i32) (result i32)
    (i32.add (call $chain1 (local.get 0)) (global.get $g)))
  (func (export "h") (param i32) (result i32)
    (call_indirect (type $t) (i32.const 5) (local.get 0)))
  (func (export "seg") (param i32) (result i32)
    (memory.init $p (i32.const 128) (i32.const 0) (local.get 0))
    (i32.load (i32.const 128)))
  (func (export "drop") (data.drop $p)))`;

const CALLS: [string, number[]][] = [['f', [5]], ['g', [3]], ['h', [0]], ['h', [1]], ['h', [2]], ['h', [9]], ['seg', [4]], ['drop', []], ['seg', [0]], ['seg', [1]]];

function v8Outcome(inst: WebAssembly.Instance, name: string, args: number[]): string {
  try {
    const r = (inst.exports[name] as (...a: number[]) => number | undefined)(...args);
    return r === undefined ? 'void' : String(r >>> 0);
  } catch (e) {
    const s = String(e);
    return /table index/.test(s) ? 'trap 5' : /out of bounds/.test(s) ? 'trap 4' : /uninitialized|null/.test(s) ? 'trap 6' : `error ${s}`;
  }
}

describe('unreachable functions are left out', () => {
  it('the reachable ones stay and give V8\'s results', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-deadfn-'));
    fs.writeFileSync(path.join(work, 'm.wat'), WAT);
    execFileSync('wat2wasm', ['--debug-names', path.join(work, 'm.wat'), '-o', path.join(work, 'm.wasm')]);
    const bytes = fs.readFileSync(path.join(work, 'm.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes);
    const expected = CALLS.map(([fn, args]) => v8Outcome(instance, fn, args));
    const invokes: Invoke[] = CALLS.map(([fn, args]) => ({ func: fn, args: args.map((a) => ({ type: 'i32' as const, bits: BigInt(a) })), results: fn === 'drop' ? [] : ['i32' as const] }));
    const { outcomes, asm } = runModule(bytes, invokes, work, 'm');
    const ours = outcomes.map((o) => (o.kind === 'values' ? (o.values.length ? String(o.values[0]) : 'void') : o.kind === 'trap' ? `trap ${o.trap}` : o.why));
    expect(ours).toEqual(expected);
    const defined = new Set([...asm.matchAll(/^\s*\.type\s+([A-Za-z0-9_.$]+),\s*%function/gm)].map((m) => m[1]));
    for (const f of ['viaTable', 'fromStart', 'f', 'g', 'h', 'seg']) expect(defined.has(f), f).toBe(true);
    // $inlined is also a table entry of the one signature call_indirect uses: it stays.
    expect(defined.has('inlined')).toBe(true);
    for (const f of ['dead', 'deadToo']) expect(defined.has(f), f).toBe(false);
    // $chain1 is inlined into g, its only caller: no body of its own; $chain2 exactly when called.
    expect(defined.has('chain1')).toBe(false);
    expect(defined.has('chain2')).toBe(/\bbl chain2\b/.test(asm));
    // The passive segment keeps its bytes and length; the active one needs neither.
    expect(asm).toMatch(/__wasm_datalen_1:/);
    expect(asm).not.toMatch(/__wasm_datalen_0:/);
  });
});
