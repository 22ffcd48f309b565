import * as path from 'node:path';
import * as fs from 'node:fs';
import { execa } from 'execa';
import { NEW_PROGRAMS, PROGRAMS, WORK, buildNative, compileProgram } from '../compiler-diff/harness.ts';
import { textSize } from '../../tools/build/linux-user.ts';
const C_DIR = path.join(import.meta.dirname, 'c');
const GCC_FLAGS = ['-O2', '-ffreestanding', '-nostdlib', '-static', '-fno-stack-protector', '-fno-asynchronous-unwind-tables'];
const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const names = process.argv.slice(2).length ? process.argv.slice(2) : [...PROGRAMS, ...NEW_PROGRAMS];
const r1: number[] = [], r2: number[] = [];
for (const name of names) {
  const wasm = await compileProgram(name);
  const ours = await buildNative(name, wasm);
  const dir = path.join(WORK, 'gcc'); fs.mkdirSync(dir, { recursive: true });
  const obj = path.join(dir, `${name}.o`);
  await execa('aarch64-linux-gnu-gcc', [...GCC_FLAGS, '-c', path.join(C_DIR, `${name}.c`), '-o', obj]);
  const g = await textSize(obj);
  const r = ours.codeBytes / g;
  (PROGRAMS.includes(name) ? r1 : r2).push(r);
  console.log(name.padEnd(12), String(ours.codeBytes).padStart(7), String(g).padStart(7), r.toFixed(2));
}
if (r1.length) console.log('seven', geo(r1).toFixed(3));
if (r2.length) console.log('nine', geo(r2).toFixed(3));
