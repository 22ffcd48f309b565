// Emulator speed on static AArch64 programs run in user mode (EL0, MMU on): instructions per
// second of our core and of qemu-aarch64 on the same binary (the programs are deterministic,
// so both execute the same instruction stream), measured side by side, best of 2.
//   compute.c: integer arithmetic, branches (compute-bound)
//   memory.c:  pointer chasing over 8 MiB, copies, byte histogram (load/store-heavy, TLB misses)
// Usage: npx tsx test/bench/cpu-mips.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execaSync } from 'execa';
import { fileURLToPath } from 'node:url';
import { runUserElf } from '../../tools/emu/user/linux.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu-mips-'));
const CFLAGS = ['-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-fno-tree-loop-distribute-patterns', '-fno-stack-protector', '-fno-tree-vectorize'];

console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cpus)`);
for (const name of ['compute', 'memory']) {
  const elf = path.join(tmp, `${name}.elf`);
  execaSync('aarch64-linux-gnu-gcc', [...CFLAGS, '-o', elf, path.join(here, 'cpu', `${name}.c`)]);
  const bytes = fs.readFileSync(elf);
  await runUserElf(bytes, elf, { args: ['short'] }); // warm-up: core build/cache, JIT tiers
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
  console.log(`${name}.c: ${(insns / 1e6).toFixed(1)} M instructions, output ${out === qout ? 'matches' : 'DIFFERS from'} qemu-aarch64`);
  console.log(`  raspvisor core: ${best.toFixed(2)} s  ${ours.toFixed(1)} MIPS`);
  console.log(`  qemu-aarch64:   ${qbest.toFixed(2)} s  ${qemu.toFixed(1)} MIPS`);
  console.log(`  ratio raspvisor/qemu: ${(ours / qemu).toFixed(3)}`);
}
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
fs.rmSync(tmp, { recursive: true, force: true });
