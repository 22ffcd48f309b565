// Emulator speed on static AArch64 programs run in user mode (EL0, MMU on): instructions per
// second of our core with translation to wasm off (interpreter) and on, and of qemu-aarch64 on
// the same binary (the programs are deterministic, so all execute the same instruction stream),
// measured side by side, best of 2; with translation on also the share of the run spent
// translating (tools/emu/jit).
//   compute.c: integer arithmetic, branches (compute-bound)
//   memory.c:  pointer chasing over 8 MiB, copies, byte histogram (load/store-heavy, TLB misses)
//   fp.c:      double-precision n-body loop and a single-precision recurrence (scalar FP with
//              exact IEEE results and FPSR flags; built with -fno-math-errno for an inline fsqrt)
// Usage: npx tsx test/bench/cpu-mips.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execaSync } from 'execa';

/** CPU seconds (user + system) of a child, from GNU time. */
function qemuCpuSeconds(elf: string): { cpu: number; wall: number; stdout: string } {
  const t0 = performance.now();
  const r = execaSync('/usr/bin/time', ['-f', '%U %S', 'qemu-aarch64', elf]);
  const wall = (performance.now() - t0) / 1000;
  const [u, sy] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { cpu: u + sy, wall, stdout: r.stdout };
}
import { fileURLToPath } from 'node:url';
import { runUserElf } from '../../tools/emu/user/linux.ts';
import { jitTotals } from '../../tools/emu/jit/jit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu-mips-'));
const CFLAGS = ['-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-builtin', '-fno-tree-loop-distribute-patterns', '-fno-stack-protector', '-fno-tree-vectorize'];

console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cpus)`);
for (const name of ['compute', 'memory', 'fp']) {
  const elf = path.join(tmp, `${name}.elf`);
  execaSync('aarch64-linux-gnu-gcc', [...CFLAGS, ...(name === 'fp' ? ['-fno-math-errno'] : []), '-o', elf, path.join(here, 'cpu', `${name}.c`)]);
  const bytes = fs.readFileSync(elf);
  await runUserElf(bytes, elf, { args: ['short'] }); // warm-up: core build/cache, JIT tiers
  const ours: Record<string, { wall: number; cpu: number; compileMs: number; modules: number }> = {};
  let insns = 0, out = '';
  for (const jit of [false, true]) {
    let best = Infinity, bestCpu = Infinity, compileMs = 0, modules = 0;
    for (let i = 0; i < 2; i++) {
      const j0 = { ...jitTotals };
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await runUserElf(bytes, elf, { jit });
      const c = process.cpuUsage(c0);
      const dt = (performance.now() - t0) / 1000;
      if (dt < best) { compileMs = jitTotals.compileMs - j0.compileMs; modules = jitTotals.modules - j0.modules; }
      best = Math.min(best, dt);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
      if (insns && r.insns !== insns) throw new Error(`${name}: ${r.insns} instructions with jit=${jit}, ${insns} before`);
      insns = r.insns; out = Buffer.from(r.stdout).toString();
    }
    ours[jit ? 'on' : 'off'] = { wall: best, cpu: bestCpu, compileMs, modules };
  }
  let qbest = Infinity, qcpu = Infinity, qout = '';
  for (let i = 0; i < 2; i++) {
    const q = qemuCpuSeconds(elf);
    qbest = Math.min(qbest, q.wall);
    qcpu = Math.min(qcpu, q.cpu);
    qout = q.stdout + '\n';
  }
  const mips = (s: number) => (insns / s / 1e6).toFixed(1);
  console.log(`${name}.c: ${(insns / 1e6).toFixed(1)} M instructions, output ${out === qout ? 'matches' : 'DIFFERS from'} qemu-aarch64`);
  for (const k of ['off', 'on']) {
    const o = ours[k];
    const extra = k === 'on' ? `; ${o.modules} modules, translation ${(o.compileMs / 1000).toFixed(3)} s = ${(100 * o.compileMs / 1000 / o.wall).toFixed(1)}% of the run` : '';
    console.log(`  raspvisor, translation ${k.padEnd(3)}: ${o.wall.toFixed(2)} s wall = ${mips(o.wall)} MIPS; ${o.cpu.toFixed(2)} s CPU = ${mips(o.cpu)} MIPS per CPU second${extra}`);
  }
  console.log(`  qemu-aarch64:              ${qbest.toFixed(2)} s wall = ${mips(qbest)} MIPS; ${qcpu.toFixed(2)} s CPU = ${mips(qcpu)} MIPS per CPU second`);
  console.log(`  ratio raspvisor/qemu: translation off ${(qbest / ours.off.wall).toFixed(3)} (wall), ${(qcpu / ours.off.cpu).toFixed(3)} (CPU); on ${(qbest / ours.on.wall).toFixed(3)} (wall), ${(qcpu / ours.on.cpu).toFixed(3)} (CPU); on/off ${(ours.off.wall / ours.on.wall).toFixed(2)}x`);
}
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
fs.rmSync(tmp, { recursive: true, force: true });
