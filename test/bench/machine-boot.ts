// Machine benchmark, side by side with QEMU on the same image (test/emu-machine/images/
// bench_boot.S, built with our assembler): wall time from process start to the UART lines
// "booted" and "result", and MIPS of the compute phase with all four cores present (cores
// 1-3 parked on the spin table). Then the cost of the three idle cores: the same run with
// them halted. The raspvisor runs are made with translation to wasm off and on. Then a whole
// system: the hypervisor's five-VM card to mini-os's demo, translation off/on, beside QEMU. Prints ratios;
// asserts nothing about time.
//   npx tsx test/bench/machine-boot.ts                      the built-in workload
//   npx tsx test/bench/machine-boot.ts kernel8.img 'TEXT'   time to a line of any raw kernel
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, tempDir } from '../emu-machine/conformance-images.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tools/cli/raspvisor.mjs');

/** Spawn a command and note when each marker first appears on stdout (ms since spawn). */
async function timeLines(cmd: string, args: string[], markers: string[], killAfterMs = 300_000, killWhenSeen = false, env: Record<string, string> = {}): Promise<{ at: Record<string, number>; out: string; stderr: string }> {
  const t0 = performance.now();
  const child = execa(cmd, args, { reject: false, timeout: killAfterMs, stdin: 'ignore', env });
  const at: Record<string, number> = {};
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('latin1');
    for (const m of markers) if (at[m] === undefined && out.includes(m)) at[m] = performance.now() - t0;
    if (killWhenSeen && markers.every((m) => at[m] !== undefined)) child.kill(); // a kernel need not end by itself
  });
  const r = await child;
  return { at, out, stderr: String(r.stderr) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Any raw kernel: wall time to a marker line, raspvisor vs QEMU, and raspvisor's MIPS. */
async function custom(img: string, marker: string, runs: number): Promise<void> {
  await execa('node', [CLI, 'run', '--kernel', img, '--max-insns', '1000'], { reject: false });
  const q: number[] = [], o: number[] = [];
  let mips = 0;
  for (let i = 0; i < runs; i++) {
    const qr = await timeLines('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', img, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-no-reboot', '-monitor', 'none'], [marker], 60_000, true);
    q.push(qr.at[marker] ?? NaN);
    const or = await timeLines('node', [CLI, 'run', '--kernel', img, '--until', marker, '--stats'], [marker]);
    o.push(or.at[marker] ?? NaN);
    mips = Number(/MIPS: +([\d.]+)/.exec(or.stderr)?.[1] ?? NaN);
  }
  console.log(`${path.basename(img)}: wall time to ${JSON.stringify(marker)}: raspvisor ${median(o).toFixed(1)} ms, QEMU ${median(q).toFixed(1)} ms, ratio ${(median(o) / median(q)).toFixed(2)}; raspvisor ${mips} MIPS`);
}

async function main(): Promise<void> {
  const runsArg = Number(process.env.BENCH_RUNS ?? 3);
  if (process.argv[2]) return custom(process.argv[2], process.argv[3] ?? '\n', runsArg);
  const dir = tempDir('bench-machine');
  const img = (await buildImage('bench_boot', dir)).img;
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const markers = ['booted', 'result', 'END'];
  // Warm the CPU core's wasm cache so that compiling it is not timed.
  await execa('node', [CLI, 'run', '--kernel', img, '--max-insns', '1000'], { reject: false });

  const qemu: Record<string, number>[] = [];
  const ours: Record<string, number>[] = [];
  const oursJit: Record<string, number>[] = []; // with translation to wasm (tools/emu/jit)
  let insns = 0;
  for (let i = 0; i < runs; i++) {
    qemu.push((await timeLines('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', img, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-no-reboot', '-monitor', 'none'], markers)).at);
    const r = await timeLines('node', [CLI, 'run', '--kernel', img, '--stats'], markers, 300_000, false, { RASPVISOR_JIT: '0' });
    ours.push(r.at);
    insns = Number(/instructions: (\d+)/.exec(r.stderr)?.[1] ?? 0);
    oursJit.push((await timeLines('node', [CLI, 'run', '--kernel', img, '--stats'], markers, 300_000, false, { RASPVISOR_JIT: '1' })).at);
  }
  const q = (m: string) => median(qemu.map((x) => x[m]));
  const o = (m: string) => median(ours.map((x) => x[m]));
  const oj = (m: string) => median(oursJit.map((x) => x[m]));
  const ojMips = 200_000_000 / 1e6 / ((oj('result') - oj('booted')) / 1000);
  // The compute phase runs 40e6 iterations of a 5-instruction loop on core 0.
  const loopInsns = 200_000_000;
  const qMips = loopInsns / 1e6 / ((q('result') - q('booted')) / 1000);
  const oMips = loopInsns / 1e6 / ((o('result') - o('booted')) / 1000);

  // Idle-core cost, in process: the same image with cores 1-3 present vs halted.
  const { launch } = await import('../../tools/emu/machine/launch.ts');
  const { runMachine } = await import('../../tools/emu/machine/runner.ts');
  const inProcess = async (haltSecondaries: boolean) => {
    const { machine } = await launch({ kernel: img });
    if (haltSecondaries) for (const c of [1, 2, 3]) machine.state[c] = 'halted';
    // Time spent inside the parked cores' run() calls, measured directly (host load makes the
    // difference of two whole runs noisy).
    const cpu = machine.cpu as { run(c: number, n: number): number };
    const run = cpu.run.bind(cpu);
    let parkedMs = 0;
    cpu.run = (c, n) => {
      if (c === 0) return run(c, n);
      const s = performance.now();
      const r = run(c, n);
      parkedMs += performance.now() - s;
      return r;
    };
    const t0 = performance.now();
    const r = await runMachine(machine, { until: '\nEND' });
    return { ms: performance.now() - t0, parkedMs, insns: r.insns, idle: [1, 2, 3].reduce((s, c) => s + machine.cpu.insnCount(c), 0) };
  };
  const four = [], one = [];
  for (let i = 0; i < runs; i++) { four.push(await inProcess(false)); one.push(await inProcess(true)); }
  const fourMs = median(four.map((x) => x.ms)), oneMs = median(one.map((x) => x.ms));

  const row = (label: string, a: number, b: number, unit: string) =>
    console.log(`${label.padEnd(44)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(9)} ${unit.padEnd(5)} ${(a / b).toFixed(2).padStart(6)}`);
  console.log(`machine benchmark: ${path.basename(img)}, ${insns} instructions in all, median of ${runs} runs`);
  console.log(`${''.padEnd(44)} ${'raspvisor'.padStart(9)} ${'QEMU'.padStart(9)} ${''.padEnd(5)} ${'ratio'.padStart(6)}`);
  row('wall time from start to "booted"', o('booted'), q('booted'), 'ms');
  row('wall time from start to "result"', o('result'), q('result'), 'ms');
  row('compute phase MIPS (4 cores present)', oMips, qMips, 'MIPS');
  row('with translation: wall time to "result"', oj('result'), q('result'), 'ms');
  row('with translation: compute phase MIPS', ojMips, qMips, 'MIPS');
  const parked = median(four.map((x) => x.parkedMs));
  console.log(`idle cores: run with cores 1-3 parked ${fourMs.toFixed(1)} ms, halted ${oneMs.toFixed(1)} ms: ratio ${(fourMs / oneMs).toFixed(3)}; ` +
    `time inside the parked cores: ${parked.toFixed(1)} ms (${((100 * parked) / fourMs).toFixed(1)}%); ` +
    `they executed ${four[0].idle} instructions (${((100 * four[0].idle) / four[0].insns).toFixed(3)}% of all)`);
  await fiveVmCard(runs);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A whole system: the hypervisor's default five-VM card (`raspvisor image`), from power-on to
 *  mini-os's demo ("abcde"), in process with translation off and on (MIPS, and translation's
 *  compile time as a share of the run), beside QEMU raspi3b's wall time to the same line. */
async function fiveVmCard(runs: number): Promise<void> {
  const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const card = path.join(tempDir('bench-card'), 'sdcard.img');
  await execa('node', [CLI, 'image', '-o', card], { cwd: REPO });
  const { launch } = await import('../../tools/emu/machine/launch.ts');
  const { runMachine } = await import('../../tools/emu/machine/runner.ts');
  const marker = 'abcde';
  const ours = async (jit: boolean) => {
    const { machine } = await launch({ image: card, jit });
    const t0 = performance.now();
    const r = await runMachine(machine, { until: marker, maxInsns: 2e9 });
    const ms = performance.now() - t0;
    const st = (machine.cpu as { jitStats?(): { compileMs: number; modules: number; ranInsns?: number } | undefined }).jitStats?.();
    return { ms, insns: r.insns, compileMs: st?.compileMs ?? 0, modules: st?.modules ?? 0, ran: st?.ranInsns ?? 0 };
  };
  const off = [], on = [], q: number[] = [];
  for (let i = 0; i < runs; i++) {
    off.push(await ours(false));
    on.push(await ours(true));
    const qr = await timeLines('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', path.join(REPO, 'build/kernel8.img'), '-drive', `if=sd,file=${card},format=raw`, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-nodefaults'], [marker], 120_000, true);
    q.push(qr.at[marker] ?? NaN);
  }
  const best = <T extends { ms: number }>(xs: T[]) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const o = best(off), j = best(on);
  console.log(`five-VM card to ${JSON.stringify(marker)}: ${o.insns} instructions (best of ${runs}; QEMU median, from process start)`);
  console.log(`  translation off: ${o.ms.toFixed(0)} ms = ${(o.insns / o.ms / 1e3).toFixed(1)} MIPS`);
  console.log(`  translation on : ${j.ms.toFixed(0)} ms = ${(j.insns / j.ms / 1e3).toFixed(1)} MIPS; ${j.modules} modules, ${(100 * j.ran / j.insns).toFixed(1)}% of instructions translated, compile ${j.compileMs.toFixed(0)} ms = ${(100 * j.compileMs / j.ms).toFixed(1)}% of the run`);
  console.log(`  QEMU raspi3b   : ${median(q).toFixed(0)} ms wall; ratio ours/QEMU: off ${(o.ms / median(q)).toFixed(2)}, on ${(j.ms / median(q)).toFixed(2)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
