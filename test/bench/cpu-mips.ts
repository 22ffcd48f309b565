// Emulator speed on a compute-bound static AArch64 program: instructions per second of our core
// and of qemu-aarch64 on the same binary (same instruction count: the program is deterministic),
// measured side by side. Usage: npx tsx test/bench/cpu-mips.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execaSync } from 'execa';
import { fileURLToPath } from 'node:url';
import { runUserElf } from '../../tools/emu/user/linux.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu-mips-'));
const elf = path.join(tmp, 'compute.elf');
execaSync('aarch64-linux-gnu-gcc', ['-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-fno-tree-loop-distribute-patterns',
  '-fno-stack-protector', '-fno-tree-vectorize', '-o', elf, path.join(here, 'cpu', 'compute.c')]);
const bytes = fs.readFileSync(elf);

await runUserElf(bytes, elf, { args: ['short'] }); // warm-up: core compile/cache, JIT tiers
let best = Infinity, insns = 0, out = '';
for (let i = 0; i < 2; i++) {
  const t0 = performance.now();
  const r = await runUserElf(bytes, elf);
  const dt = (performance.now() - t0) / 1000;
  if (dt < best) best = dt;
  insns = r.insns; out = Buffer.from(r.stdout).toString();
}
let qbest = Infinity, qout = '';
for (let i = 0; i < 2; i++) {
  const t0 = performance.now();
  const q = execaSync('qemu-aarch64', [elf]);
  const dt = (performance.now() - t0) / 1000;
  if (dt < qbest) qbest = dt;
  qout = q.stdout + '\n';
}
const ours = insns / best / 1e6, qemu = insns / qbest / 1e6;
console.log(`program: compute.c, ${(insns / 1e6).toFixed(1)} M instructions, output ${out === qout ? 'matches' : 'DIFFERS from'} qemu-aarch64`);
console.log(`raspvisor core: ${best.toFixed(2)} s  ${ours.toFixed(1)} MIPS`);
console.log(`qemu-aarch64:   ${qbest.toFixed(2)} s  ${qemu.toFixed(1)} MIPS`);
console.log(`ratio raspvisor/qemu: ${(ours / qemu).toFixed(3)}`);
fs.rmSync(tmp, { recursive: true, force: true });
