// Intrinsics ("aarch64" imports) expand inline to the instruction the contract names
// (tools/runtime-intrinsics.md): compiled output assembled by llvm-mc and disassembled by
// llvm-objdump (the oracle) must show each instruction; bad names/types are located errors.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWasm } from '../../tools/backend/index.ts';
import { UserError } from '../../tools/common/diagnostics.ts';

const INTRINSICS: [string, string, string, string][] = [
  // name, wasm type, call (WAT body), expected disassembly (regex)
  ['mrs.HCR_EL2', '(result i64)', 'call $mrs.HCR_EL2 drop', 'mrs\\s+x\\d+, HCR_EL2'],
  ['msr.VBAR_EL2', '(param i64)', 'i64.const 4096 call $msr.VBAR_EL2', 'msr\\s+VBAR_EL2, x\\d+'],
  ['daifset.2', '', 'call $daifset.2', 'msr\\s+DAIFSet, #2'],
  ['daifclr.15', '', 'call $daifclr.15', 'msr\\s+DAIFClr, #15'],
  ['dsb.sy', '', 'call $dsb.sy', 'dsb\\s+sy'],
  ['dmb.ish', '', 'call $dmb.ish', 'dmb\\s+ish'],
  ['isb', '', 'call $isb', 'isb'],
  ['tlbi.vmalls12e1is', '', 'call $tlbi.vmalls12e1is', 'tlbi\\s+vmalls12e1is'],
  ['tlbi.ipas2e1is', '(param i64)', 'local.get 0 call $tlbi.ipas2e1is', 'tlbi\\s+ipas2e1is, x\\d+'],
  ['dc.civac', '(param i64)', 'local.get 0 call $dc.civac', 'dc\\s+civac, x\\d+'],
  ['at.s1e1r', '(param i64)', 'local.get 0 call $at.s1e1r', 'at\\s+s1e1r, x\\d+'],
  ['eret', '', 'call $eret', 'eret'],
  ['wfi', '', 'call $wfi', 'wfi'],
  ['wfe', '', 'call $wfe', 'wfe'],
  ['sev', '', 'call $sev', 'sev'],
  ['hvc.0', '(param i64 i64 i64 i64) (result i64)', 'i64.const 1 i64.const 2 i64.const 3 i64.const 4 call $hvc.0 drop', 'hvc\\s+#(0x)?0\\b'],
  ['svc.1', '(param i64 i64 i64 i64) (result i64)', 'i64.const 1 i64.const 2 i64.const 3 i64.const 4 call $svc.1 drop', 'svc\\s+#(0x)?1\\b'],
  ['brk.3', '', 'call $brk.3', 'brk\\s+#(0x)?3\\b'],
  ['mmio.read32', '(param i32) (result i32)', 'i32.const 0x3f215040 call $mmio.read32 drop', 'ldr\\s+w\\d+, \\[x\\d+\\]'],
  ['mmio.write8', '(param i32 i32)', 'i32.const 0x3f215040 i32.const 65 call $mmio.write8', 'strb\\s+w\\d+, \\[x\\d+\\]'],
  ['mmio.write64', '(param i32 i64)', 'i32.const 0x3f215048 i64.const 7 call $mmio.write64', 'str\\s+x\\d+, \\[x\\d+\\]'],
  ['sp', '(result i64)', 'call $sp drop', 'mov\\s+x\\d+, sp'],
  ['current_el', '(result i32)', 'call $current_el drop', 'mrs\\s+x\\d+, CurrentEL'],
];

function wat2wasm(wat: string, dir: string): Uint8Array {
  const f = path.join(dir, 'm.wat');
  fs.writeFileSync(f, wat);
  execFileSync('wat2wasm', ['--debug-names', f, '-o', path.join(dir, 'm.wasm')]);
  return fs.readFileSync(path.join(dir, 'm.wasm'));
}

describe('intrinsics', () => {
  it('expand inline to the named instructions (llvm-mc + llvm-objdump)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-intr-'));
    const imports = INTRINSICS.map(([n, t]) => `(import "aarch64" "${n}" (func $${n} ${t}))`).join('\n');
    const body = INTRINSICS.map(([, , call]) => call).join('\n');
    const wasm = wat2wasm(`(module ${imports} (memory 1) (func (export "f") (param i64) ${body}))`, dir);
    const { asm } = compileWasm(wasm, { file: 'm.wasm', memorySize: 65536, target: 'baremetal' });
    expect(asm).not.toMatch(/\bbl\s+/); // no calls: everything inline
    fs.writeFileSync(path.join(dir, 'm.s'), asm);
    execFileSync('llvm-mc', ['-triple=aarch64', '-mattr=+v8.2a', '-filetype=obj', '-o', path.join(dir, 'm.o'), path.join(dir, 'm.s')]);
    const dis = execFileSync('llvm-objdump', ['-d', '--no-show-raw-insn', path.join(dir, 'm.o')], { encoding: 'utf8' });
    let at = 0;
    for (const [name, , , re] of INTRINSICS) {
      const m = new RegExp(re, 'i').exec(dis.slice(at));
      expect(m, `${name}: /${re}/ after offset ${at}`).not.toBeNull();
      at += m!.index + m![0].length;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses unknown names, registers and wrong types with the function and offset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-intr-'));
    const cases: [string, string, RegExp][] = [
      ['frobnicate', '', /unknown intrinsic "aarch64.frobnicate"/],
      ['mrs.NOT_A_REG', '(result i64)', /unknown system register "NOT_A_REG"/],
      ['mrs.HCR_EL2', '(result i32)', /must have type \(\)->\(i64\)/],
      ['dsb.wobbly', '', /unknown barrier option "wobbly"/],
      ['hvc.70000', '(param i64 i64 i64 i64) (result i64)', /immediate must be 0-65535/],
    ];
    for (const [name, type, re] of cases) {
      const args = /param/.test(type) ? 'i64.const 0 i64.const 0 i64.const 0 i64.const 0 ' : '';
      const drop = /result/.test(type) ? ' drop' : '';
      const wasm = wat2wasm(`(module (import "aarch64" "${name}" (func $i ${type})) (func $caller ${args}call $i${drop}))`, dir);
      let err: unknown;
      try {
        compileWasm(wasm, { file: 'bad.wasm', memorySize: 0, target: 'baremetal' });
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(re);
      expect((err as UserError).message).toMatch(/in function caller/);
      expect((err as UserError).offset?.file).toBe('bad.wasm');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses unsupported features naming the function and byte offset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-intr-'));
    const wasm = wat2wasm('(module (table 1 funcref) (func $uses_tables (result i32) table.size 0))', dir);
    expect(() => compileWasm(wasm, { file: 'x.wasm', memorySize: 0, target: 'baremetal' })).toThrow(/in function uses_tables .*unsupported instruction: table.size/);
    const bad = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b]);
    expect(() => compileWasm(bad, { file: 'y.wasm', memorySize: 0, target: 'baremetal' })).toThrow(/v128/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
