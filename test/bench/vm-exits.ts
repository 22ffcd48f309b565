// EL2 instructions per VM exit, counted in our emulator, beside the C original (gcc -O2,
// measured under QEMU: ../shared/c-original.md). Run: npx tsx test/bench/vm-exits.ts
// (`--profile`: also where each kind of exit spends its instructions, by function;
// `--trace`: every instruction address of one exit of each kind, as function+offset, to read
// beside `llvm-objdump -d` of the hypervisor's ELF; `--exits-only`: no `raspvisor run` timing).
// Last: the wall time from starting `raspvisor run` (this checkout's default card, built as
// the CLI builds it) to mini-os's first line, the way a user sees it.
//
// Two VMs from an SD card (slices of 100 µs, both on core 0, the one traced): the benchmark guest (test/hypervisor/guests/
// bench.S: 40 mini-UART LSR reads, 40 HVC round trips, 40 system-timer interrupts while it
// spins) and a spinner that only its slice's end takes off the core. Every instruction core 0
// executes at EL2 between a lower-EL vector entry and the next EL1 instruction (its ERET
// included) is counted for that exit, and the exit is classified by where the guest was
// (symbols of the guests' ELF files) and where it resumes:
//   LSR read     sync exit from bench's lsr_loop
//   HVC          sync exit from bench's hvc_loop
//   timer IRQ    IRQ exit from bench's timer_loop resuming bench, which then takes its
//                virtual IRQ (its vector's IRQ entry within its first two instructions)
//   VM switch    IRQ exit from one VM resuming the other
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { buildWithGuests, REPO } from '../hypervisor/harness.ts';
import { launch } from '../../tools/emu/machine/launch.ts';
import { runMachine } from '../../tools/emu/machine/runner.ts';

const KINDS = ['LSR read', 'HVC', 'timer IRQ', 'VM switch'] as const;
type Kind = (typeof KINDS)[number];
const C_ORIGINAL: Record<Kind, string> = { 'LSR read': '540', HVC: 'n/a', 'timer IRQ': '767-800', 'VM switch': '1913' };
const C_MID: Record<Kind, number> = { 'LSR read': 540, HVC: 0, 'timer IRQ': 783, 'VM switch': 1913 };
const TRACE = process.argv.includes('--trace');
const PROFILE = TRACE || process.argv.includes('--profile');
const EXITS_ONLY = process.argv.includes('--exits-only');

async function symbols(elf: string): Promise<Map<string, number>> {
  const out = (await execa('llvm-nm', [elf])).stdout;
  const m = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (name) m.set(name, parseInt(addr, 16));
  }
  return m;
}

/** pc -> the name of the text symbol at or below it (the function it is in), with the offset
 *  into it when `offset` is set. */
async function functionOf(elf: string): Promise<(pc: number, offset?: boolean) => string> {
  const out = (await execa('llvm-nm', ['-n', '--defined-only', elf])).stdout;
  const syms = out.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 3 && /[tT]/.test(f[1]) && !f[2].startsWith('$'));
  const addrs = syms.map((f) => parseInt(f[0], 16));
  return (pc, offset = false) => {
    let lo = 0;
    let hi = addrs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (addrs[mid] <= pc) lo = mid;
      else hi = mid - 1;
    }
    if (addrs[lo] > pc) return '?';
    return offset ? `${syms[lo][2]}+0x${(pc - addrs[lo]).toString(16)}` : syms[lo][2];
  };
}

const b = await buildWithGuests({ abench: 'bench', bspin: 'spinner' });
const buildDir = path.dirname(b.image);
const vms = path.join(buildDir, 'vms.txt');
fs.writeFileSync(vms, 'abench abench.bin 0x80000 0x80000 2M 100us 0x1\nbspin bspin.bin 0x80000 0x80000 1M 100us 0x1\n');
const card = path.join(buildDir, 'sdcard.img');
await execa('node', [path.join(REPO, 'tools/cli/raspvisor.mjs'), 'image', '-o', card, '--build-dir', buildDir, '--vms', vms]);

const hyp = await symbols(b.elf);
const fnOf = await functionOf(b.elf);
const bench = await symbols(path.join(buildDir, 'abench.elf'));
const spin = await symbols(path.join(buildDir, 'bspin.elf'));
const vec = hyp.get('el2_vectors')!;
const lsr = bench.get('lsr_loop')!;
const hvc = bench.get('hvc_loop')!;
const timerLoop = bench.get('timer_loop')!;
const irqVector = bench.get('vectors')! + 0x280;
const spinPc = spin.get('spin_loop')!;

// Single-stepping with a trace hook is slow: it starts once both VMs are loaded (the SD card's
// initialisation and the reads run at full speed before).
let output = '';
let tracing = false;
let trace: ((c: number) => void) | null = null;
const { machine } = await launch({
  image: card,
  onOutput: (byte) => {
    output += String.fromCharCode(byte);
    if (!tracing && output.includes('INFO[2]: loaded')) {
      tracing = true;
      machine.traceInsn = trace;
    }
  },
});
const counts: Record<Kind, number[]> = { 'LSR read': [], HVC: [], 'timer IRQ': [], 'VM switch': [] };
const profile: Record<Kind, Map<string, number>> = { 'LSR read': new Map(), HVC: new Map(), 'timer IRQ': new Map(), 'VM switch': new Map() };
const traced: Partial<Record<Kind, number[]>> = {}; // the last exit of each kind (--trace)
let inExit = false;
let isIrq = false;
let n = 0;
let fromPc = 0;
let lastEl1 = 0;
let pcs: number[] = [];
// An IRQ exit from timer_loop back into bench waits for bench's next two instructions.
let maybeTimer: { n: number; pcs: number[]; seen: number } | null = null;

function record(kind: Kind, count: number, exitPcs: number[]): void {
  counts[kind].push(count);
  if (!PROFILE) return;
  traced[kind] = exitPcs;
  const p = profile[kind];
  for (const pc of exitPcs) {
    const f = fnOf(pc);
    p.set(f, (p.get(f) ?? 0) + 1);
  }
}

trace = (c: number) => {
  if (c !== 0) return;
  const el = (machine.cpu.getCpsr(c) >> 2) & 3;
  const pc = Number(machine.cpu.getPc(c));
  if (el === 2) {
    if (!inExit && pc >= vec + 0x400 && pc < vec + 0x500) {
      inExit = true;
      isIrq = pc >= vec + 0x480;
      n = 0;
      pcs = [];
      fromPc = lastEl1;
      maybeTimer = null;
    }
    if (inExit) {
      n++;
      if (PROFILE) pcs.push(pc);
    }
    return;
  }
  if (el !== 1) return;
  lastEl1 = pc;
  if (maybeTimer) {
    if (pc === irqVector) {
      record('timer IRQ', maybeTimer.n, maybeTimer.pcs);
      maybeTimer = null;
    } else if (++maybeTimer.seen >= 2) maybeTimer = null;
  }
  if (!inExit) return;
  inExit = false;
  const fromSpin = fromPc === spinPc;
  const toSpin = pc === spinPc;
  if (!isIrq && fromPc >= lsr && fromPc < lsr + 12) record('LSR read', n, pcs);
  else if (!isIrq && fromPc >= hvc && fromPc < hvc + 16) record('HVC', n, pcs);
  else if (isIrq && fromSpin !== toSpin) record('VM switch', n, pcs);
  else if (isIrq && !fromSpin && !toSpin && fromPc >= timerLoop && fromPc < timerLoop + 8) {
    maybeTimer = { n, pcs, seen: 0 };
    if (pc === irqVector) {
      record('timer IRQ', n, pcs);
      maybeTimer = null;
    }
  } else if (process.env.DEBUG) console.log(`unclassified ${isIrq ? 'IRQ' : 'sync'} exit ${fromPc.toString(16)} -> ${pc.toString(16)} (${n})`);
};
const r = await runMachine(machine, { until: 'bench done', maxInsns: 200_000_000 });
if (r.reason !== 'until') {
  console.error(`benchmark run ended (${r.reason}) without "bench done":\n${output}`);
  process.exit(1);
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log('EL2 instructions per exit (vector entry to ERET), our emulator, hypervisor in AssemblyScript');
console.log('exit        samples  median     min     max   C original -O2 (QEMU)   ratio');
for (const k of KINDS) {
  const a = counts[k];
  if (a.length === 0) {
    console.log(`${k.padEnd(12)} none seen`);
    continue;
  }
  const m = median(a);
  const ratio = C_MID[k] ? (m / C_MID[k]).toFixed(2) + 'x' : '';
  console.log(`${k.padEnd(12)}${String(a.length).padStart(7)}${String(m).padStart(8)}${String(Math.min(...a)).padStart(8)}${String(Math.max(...a)).padStart(8)}   ${C_ORIGINAL[k].padStart(20)}   ${ratio.padStart(6)}`);
}
console.log('(ratio: our median over the C original\'s; the timer IRQ against the middle of 767-800)');
if (PROFILE) {
  for (const k of KINDS) {
    const a = counts[k];
    if (a.length === 0) continue;
    console.log(`\n${k}: instructions per exit by function (mean over ${a.length})`);
    const rows = [...profile[k]].sort((x, y) => y[1] - x[1]);
    for (const [f, c] of rows.slice(0, 25)) console.log(`${(c / a.length).toFixed(1).padStart(8)}  ${f}`);
  }
}
if (TRACE) {
  const insns = new Map<number, string>(); // address -> the instruction, from llvm-objdump
  for (const line of (await execa('llvm-objdump', ['-d', '--no-show-raw-insn', b.elf])).stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+(.*)$/.exec(line);
    if (m) insns.set(parseInt(m[1], 16), m[2].trim());
  }
  for (const k of KINDS) {
    const t = traced[k];
    if (!t) continue;
    console.log(`\n${k}: the last exit, ${t.length} instructions`);
    for (const pc of t) console.log(`  ${pc.toString(16)}  ${fnOf(pc, true).padEnd(60)} ${insns.get(pc) ?? ''}`);
  }
}
if (EXITS_ONLY) process.exit(0);

/** Wall time from spawning `raspvisor run` to `line` on its output (the five-VM default card). */
function runToLine(line: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('node', [path.join(REPO, 'tools/cli/raspvisor.mjs'), 'run', '--until', line], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let t = -1;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (t < 0 && out.includes(line)) t = (performance.now() - t0) / 1000;
    });
    p.on('error', reject);
    p.on('exit', () => (t < 0 ? reject(new Error(`no "${line}" in:\n${out}`)) : resolve(t)));
  });
}
await execa('node', [path.join(REPO, 'tools/cli/raspvisor.mjs'), 'build', '-q'], { cwd: REPO }); // not part of the time
const runs = [await runToLine('mini-os: booted'), await runToLine('mini-os: booted')];
console.log(`\nraspvisor run -> first mini-os line (five-VM card, our emulator): ${runs.map((t) => t.toFixed(2) + ' s').join(', ')}`);
