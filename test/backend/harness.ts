// Runs compiled wasm under qemu-aarch64: builds a driver (assembly) that invokes exports with
// given arguments and prints their results / trap kinds, links it with the module and the
// linux-user runtime, runs it once, and parses the report. Used by the spec-test and
// differential suites.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compileWasm, LINUX_USER_BASE } from '../../tools/backend/index.ts';
import { movSeq } from '../../tools/backend/lower/imm.ts';
import type { ValType } from '../../tools/backend/wasm/opcodes.ts';

export interface Invoke {
  func: string; // export symbol
  args: { type: ValType; bits: bigint }[];
  results: ValType[];
}

export type Outcome = { kind: 'values'; values: bigint[] } | { kind: 'trap'; trap: number } | { kind: 'crash'; why: string };

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNTIME = path.join(ROOT, 'tools/backend/linux-user/runtime.S');

let runtimeObj: string | null = null;
function runtimeObject(dir: string): string {
  if (runtimeObj && fs.existsSync(runtimeObj)) return runtimeObj;
  const o = path.join(dir, 'runtime.o');
  execFileSync('aarch64-linux-gnu-as', ['-o', o, RUNTIME]);
  runtimeObj = o;
  return o;
}

const SPECTEST_FUNCS = ['print', 'print_i32', 'print_i64', 'print_f32', 'print_f64', 'print_i32_f32', 'print_f64_f64'];
const SPECTEST_GLOBALS: Record<string, string> = {
  global_i32: '.quad 666', global_i64: '.quad 666', global_f32: '.quad 0x44268000', global_f64: '.quad 0x4084d00000000000',
};

/** Driver assembly: calls each invoke in order, printing `R k j hex`, `V k` or `T k kind`. */
export function driverAsm(invokes: Invoke[], memBase: bigint, memSize: number, spectest: string[]): string {
  const o: string[] = ['\t.text', '\t.globl __rt_main', '__rt_main:', '\tstp x29, x30, [sp, #-16]!', '\tmov x29, sp'];
  invokes.forEach((inv, k) => {
    o.push('\tadrp x0, .Ljmp', '\tadd x0, x0, :lo12:.Ljmp', '\tbl __rt_setjmp', `\tcbnz w0, .Lt${k}`);
    let ni = 0;
    let nf = 0;
    for (const a of inv.args) {
      if (a.type === 'i32' || a.type === 'i64') {
        o.push(...movSeq(`x${ni++}`, a.bits, 64, 'xzr').map((l) => `\t${l}`));
      } else {
        o.push(...movSeq('x9', a.bits, 64, 'xzr').map((l) => `\t${l}`));
        o.push(a.type === 'f32' ? `\tfmov s${nf++}, w9` : `\tfmov d${nf++}, x9`);
      }
    }
    o.push(`\tbl ${inv.func}`, '\tadrp x9, .Lres', '\tadd x9, x9, :lo12:.Lres');
    ni = 0;
    nf = 0;
    inv.results.forEach((t, j) => {
      if (t === 'i32' || t === 'i64') o.push(`\tstr x${ni++}, [x9, #${8 * j}]`);
      else if (t === 'f32') o.push(`\tfmov w10, s${nf++}`, `\tstr x10, [x9, #${8 * j}]`);
      else o.push(`\tstr d${nf++}, [x9, #${8 * j}]`);
    });
    if (inv.results.length === 0) o.push(`\tmov x0, #${k}`, '\tbl .Lvoid');
    inv.results.forEach((_, j) => o.push('\tadrp x9, .Lres', '\tadd x9, x9, :lo12:.Lres', `\tldr x0, [x9, #${8 * j}]`, `\tmov x1, #${k}`, `\tmov x2, #${j}`, '\tbl .Lres_report'));
    o.push(`\tb .Ln${k}`, `.Lt${k}:`, '\tsub w0, w0, #1', `\tmov x1, #${k}`, '\tbl .Ltrap_report', `.Ln${k}:`);
  });
  o.push('\tmov x0, #0', '\tldp x29, x30, [sp], #16', '\tret');
  // Reporting helpers: decimal command index is printed as hex too (simple and exact).
  o.push(
    '.Lres_report:', '\tstp x29, x30, [sp, #-48]!', '\tstp x0, x1, [sp, #16]', '\tstr x2, [sp, #32]',
    '\tmov x0, #1', '\tadr x1, .LR', '\tmov x2, #2', '\tbl __rt_write',
    '\tldr x0, [sp, #24]', '\tmov x1, #1', '\tbl __rt_print_hex', '\tbl .Lsp',
    '\tldr x0, [sp, #32]', '\tmov x1, #1', '\tbl __rt_print_hex', '\tbl .Lsp',
    '\tldr x0, [sp, #16]', '\tmov x1, #1', '\tbl __rt_print_hex', '\tbl .Lnl',
    '\tldp x29, x30, [sp], #48', '\tret',
    '.Ltrap_report:', '\tstp x29, x30, [sp, #-48]!', '\tstp x0, x1, [sp, #16]',
    '\tmov x0, #1', '\tadr x1, .LT', '\tmov x2, #2', '\tbl __rt_write',
    '\tldr x0, [sp, #24]', '\tmov x1, #1', '\tbl __rt_print_hex', '\tbl .Lsp',
    '\tldr x0, [sp, #16]', '\tmov x1, #1', '\tbl __rt_print_hex', '\tbl .Lnl',
    '\tldp x29, x30, [sp], #48', '\tret',
    '.Lvoid:', '\tstp x29, x30, [sp, #-32]!', '\tstr x0, [sp, #16]',
    '\tmov x0, #1', '\tadr x1, .LV', '\tmov x2, #2', '\tbl __rt_write',
    '\tldr x0, [sp, #16]', '\tmov x1, #1', '\tbl __rt_print_hex', '\tbl .Lnl',
    '\tldp x29, x30, [sp], #32', '\tret',
    '.Lsp:', '\tmov x0, #1', '\tadr x1, .LS', '\tmov x2, #1', '\tb __rt_write',
    '.Lnl:', '\tmov x0, #1', '\tadr x1, .LN', '\tmov x2, #1', '\tb __rt_write',
    '.LR: .ascii "R "', '.LT: .ascii "T "', '.LV: .ascii "V "', '.LS: .ascii " "', '.LN: .ascii "\\n"', '\t.p2align 2',
  );
  for (const s of spectest) {
    if (SPECTEST_FUNCS.includes(s)) o.push(`\t.globl ${s}`, `${s}:`, '\tret');
  }
  o.push('\t.data', '\t.p2align 4', '.Ljmp: .zero 176', '.Lres: .zero 128', '\t.globl __rt_mem_base', `__rt_mem_base: .quad 0x${memBase.toString(16)}`, '\t.globl __rt_mem_size', `__rt_mem_size: .quad ${memSize}`);
  for (const s of spectest) if (SPECTEST_GLOBALS[s]) o.push(`\t.globl ${s}`, `${s}: ${SPECTEST_GLOBALS[s]}`);
  return o.join('\n') + '\n';
}

/** Compile+link+run one module with its invokes; one qemu process. */
export function runModule(wasm: Uint8Array, invokes: Invoke[], dir: string, name: string, opts: { spectest?: string[]; memorySize?: number; boundsChecks?: boolean; sigTableLimit?: number } = {}): { outcomes: Outcome[]; asm: string; skipped: { name: string; reason: string }[] } {
  const memorySize = opts.memorySize ?? 65536;
  const boundsChecks = opts.boundsChecks ?? process.env.RASPVISOR_BOUNDS_CHECKS === '1';
  const res = compileWasm(wasm, { file: name, memorySize, target: 'linux-user', stubUnsupported: true, boundsChecks, sigTableLimit: opts.sigTableLimit });
  const s = path.join(dir, `${name}.s`);
  // With explicit checks, map 64 KiB more than the wasm memory: only the checks can trap there.
  fs.writeFileSync(s, res.asm + driverAsm(invokes, LINUX_USER_BASE, memorySize + (boundsChecks ? 65536 : 0), opts.spectest ?? []));
  const obj = path.join(dir, `${name}.o`);
  const exe = path.join(dir, `${name}.exe`);
  execFileSync('aarch64-linux-gnu-as', ['-o', obj, s], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('aarch64-linux-gnu-ld', ['-static', '-o', exe, obj, runtimeObject(dir)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const r = spawnSync('qemu-aarch64', [exe], { encoding: 'utf8', timeout: 60_000 });
  const outcomes: Outcome[] = invokes.map(() => ({ kind: 'crash', why: `no report (exit ${r.status}, signal ${r.signal}; ${r.stderr.trim().slice(0, 200)})` }));
  const vals: bigint[][] = invokes.map(() => []);
  for (const line of r.stdout.split('\n')) {
    const p = line.split(' ');
    const k = parseInt(p[1], 16);
    if (!(k >= 0 && k < invokes.length)) continue;
    if (p[0] === 'R') {
      vals[k][parseInt(p[2], 16)] = BigInt('0x' + p[3]);
      outcomes[k] = { kind: 'values', values: vals[k] };
    } else if (p[0] === 'V') outcomes[k] = { kind: 'values', values: [] };
    else if (p[0] === 'T') outcomes[k] = { kind: 'trap', trap: parseInt(p[2], 16) };
  }
  return { outcomes, asm: res.asm, skipped: res.skipped ?? [] };
}
