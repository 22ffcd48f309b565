// Linux boot benchmark: wall time from process start to Debian's arm64 kernel's "VFS: Unable
// to mount root fs" panic line, raspvisor (interpreter, and with translation to wasm) beside
// qemu-system-aarch64 -M raspi3b on the same Image and device tree, and raspvisor's MIPS over
// the run (from --stats). The packages are fetched with apt-get download (as the test does).
// Prints figures and ratios; asserts nothing about time.
//   npx tsx test/bench/linux-boot.ts            BENCH_RUNS=N (default 1), BENCH_NO_JIT=1 skips the JIT runs
import { execa } from 'execa';
import * as fs from 'node:fs';
import { tempDir } from '../emu-machine/conformance-images.ts';
import { APPEND, CLI, PANIC, fetchDebianLinux, type DebianLinux } from '../emu-machine/debian-linux.ts';

/** Wall time (ms) until `marker` appears on stdout; the process is killed then. */
async function timeTo(cmd: string, args: string[], marker: string, env: Record<string, string> = {}): Promise<{ ms: number; out: string; stderr: string }> {
  const t0 = performance.now();
  const child = execa(cmd, args, { reject: false, timeout: 1_800_000, stdin: 'ignore', env: { ...process.env, ...env } });
  let out = '', ms = NaN;
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('latin1');
    if (Number.isNaN(ms) && out.includes(marker)) { ms = performance.now() - t0; if (cmd !== 'node') child.kill(); }
  });
  const r = await child;
  return { ms, out, stderr: String(r.stderr) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function oursRun(k: DebianLinux, jit: boolean): Promise<{ ms: number; mips: number; insns: number }> {
  const r = await timeTo('node', [CLI, 'run', '--kernel', k.image, '--dtb', k.dtb, '--append', APPEND, '--until', PANIC, '--stats', ...(jit ? [] : ['--no-jit'])],
    PANIC, { RASPVISOR_JIT: jit ? '1' : '0' });
  return { ms: r.ms, mips: Number(/MIPS: +([\d.]+)/.exec(r.stderr)?.[1] ?? NaN), insns: Number(/instructions: +(\d+)/.exec(r.stderr)?.[1] ?? NaN) };
}

async function main(): Promise<void> {
  const dir = tempDir('bench-linux');
  try {
    const k = await fetchDebianLinux(dir);
    if (typeof k === 'string') { console.log(`linux-boot: skipped: ${k}`); return; }
    const runs = Number(process.env.BENCH_RUNS ?? 1);
    // warm the CPU core's wasm cache so that compiling it is not timed
    await execa('node', [CLI, 'run', '--kernel', k.image, '--max-insns', '1000'], { reject: false });
    const q: number[] = [], interp: Array<{ ms: number; mips: number; insns: number }> = [], jit: typeof interp = [];
    for (let i = 0; i < runs; i++) {
      q.push((await timeTo('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', k.image, '-dtb', k.dtb, '-append', APPEND, '-display', 'none', '-monitor', 'none',
        '-chardev', 'stdio,id=c,mux=on', '-serial', 'chardev:c', '-serial', 'chardev:c', '-no-reboot'], PANIC)).ms);
      interp.push(await oursRun(k, false));
      if (!process.env.BENCH_NO_JIT) jit.push(await oursRun(k, true));
    }
    const qm = median(q);
    console.log(`${k.version}: wall time from start to the VFS panic line (median of ${runs})`);
    console.log(`  QEMU raspi3b (TCG)        ${(qm / 1000).toFixed(1)} s`);
    const line = (name: string, rs: typeof interp) => {
      if (!rs.length) return;
      const ms = median(rs.map((r) => r.ms)), mips = median(rs.map((r) => r.mips));
      console.log(`  raspvisor ${name.padEnd(15)} ${(ms / 1000).toFixed(1)} s  (${(ms / qm).toFixed(2)}x QEMU)  ${mips} MIPS over ${(rs[0].insns / 1e9).toFixed(2)} G instructions`);
    };
    line('interpreter', interp);
    line('JIT', jit);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
