// Compiled code against aarch64-linux-gnu-gcc -O2: for each program of test/compiler-diff,
// our AArch64 (asc -> our backend, linux-user) beside the C twin in test/bench/c/, both run
// under qemu-aarch64. Prints dynamic instruction counts (QEMU block log), code size (.text of
// the program's object: our backend's output vs gcc's), their ratios and geometric means.
// Both outputs are checked against V8 first; a program whose output differs is reported, not
// measured. A second column compiles the AssemblyScript with `--uncheckedBehavior always` (no
// array bounds checks, like the C): the gap between the two is the cost of AssemblyScript's
// checks, the rest is the backend's. Run: npx tsx test/bench/compiler-vs-gcc.ts [program...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { NEW_PROGRAMS, PROGRAMS, WORK, buildNative, compileProgram, runInV8 } from '../compiler-diff/harness.ts';
import { textSize } from '../../tools/build/linux-user.ts';
import { countInstructions } from './lib/icount.ts';

const C_DIR = path.join(import.meta.dirname, 'c');
const GCC_FLAGS = ['-O2', '-ffreestanding', '-nostdlib', '-static', '-fno-stack-protector', '-fno-asynchronous-unwind-tables'];

interface Row { name: string; ours?: number; unchecked?: number; gcc?: number; oursSize?: number; gccSize?: number; note?: string }

async function gccBuild(name: string): Promise<{ exe: string; size: number }> {
  const dir = path.join(WORK, 'gcc');
  fs.mkdirSync(dir, { recursive: true });
  const obj = path.join(dir, `${name}.o`);
  const exe = path.join(dir, name);
  await execa('aarch64-linux-gnu-gcc', [...GCC_FLAGS, '-c', path.join(C_DIR, `${name}.c`), '-o', obj]);
  await execa('aarch64-linux-gnu-gcc', [...GCC_FLAGS, obj, '-o', exe]);
  return { exe, size: await textSize(obj) };
}

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const fmt = (n: number | undefined) => (n === undefined ? '-' : n.toLocaleString('en-US'));

async function main(): Promise<void> {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [...PROGRAMS, ...NEW_PROGRAMS];
  const rows: Row[] = [];
  for (const name of names) {
    const row: Row = { name };
    rows.push(row);
    const wasm = await compileProgram(name);
    const expected = await runInV8(wasm);
    const g = await gccBuild(name);
    const gr = await countInstructions(g.exe);
    if (gr.stdout !== expected) row.note = 'C twin output differs from V8';
    else { row.gcc = gr.instructions; row.gccSize = g.size; }
    try {
      const ours = await buildNative(name, wasm);
      const or = await countInstructions(ours.exe);
      row.oursSize = ours.codeBytes;
      if (or.stdout !== expected || or.exitCode !== 0) row.note = `our output differs from V8 (exit ${or.exitCode}): not measured`;
      else row.ours = or.instructions;
      const wasmU = await compileProgram(name, { unchecked: true });
      const ou = await buildNative(name, wasmU, '-unchecked');
      const our = await countInstructions(ou.exe);
      if (our.stdout === expected && our.exitCode === 0) row.unchecked = our.instructions;
    } catch (e) {
      row.note = `our build failed: ${(e as Error).message.split('\n')[0]}`;
    }
    process.stderr.write(`  ${name} done\n`);
  }
  console.log('program      ours insns     gcc -O2 insns  ratio   unchecked  ratio   ours .text  gcc .text  ratio');
  // Two groups, two geometric means: the seven programs the backend was tuned on, and the
  // ordinary workloads it was not (issue 19).
  const groups: [string, (n: string) => boolean][] = [
    ['benchmark', (n) => PROGRAMS.includes(n)],
    ['new programs', (n) => !PROGRAMS.includes(n)],
  ];
  const means: string[] = [];
  for (const [label, member] of groups) {
    const ir: number[] = [];
    const ur: number[] = [];
    const sr: number[] = [];
    for (const r of rows.filter((x) => member(x.name))) {
      const i = r.ours && r.gcc ? r.ours / r.gcc : undefined;
      const u = r.unchecked && r.gcc ? r.unchecked / r.gcc : undefined;
      const s = r.oursSize && r.gccSize ? r.oursSize / r.gccSize : undefined;
      if (i) ir.push(i);
      if (u) ur.push(u);
      if (s) sr.push(s);
      console.log(
        `${r.name.padEnd(12)} ${fmt(r.ours).padStart(13)} ${fmt(r.gcc).padStart(14)}  ${i ? i.toFixed(2) : '  - '}  ${fmt(r.unchecked).padStart(10)}  ${u ? u.toFixed(2) : '  - '}  ${fmt(r.oursSize).padStart(10)} ${fmt(r.gccSize).padStart(10)}  ${s ? s.toFixed(2) : '-'}${r.note ? '   ' + r.note : ''}`,
      );
    }
    if (ir.length) means.push(`${label}: geometric mean: instructions ${geomean(ir).toFixed(2)} over ${ir.length} programs (${ur.length ? geomean(ur).toFixed(2) : '-'} without bounds checks), code size ${geomean(sr).toFixed(2)} over ${sr.length}`);
  }
  for (const m of means) console.log(m);
}

await main();
