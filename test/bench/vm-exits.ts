// EL2 instructions per VM exit, counted in our emulator, beside the C original (gcc -O2,
// measured under QEMU: ../shared/c-original.md). Run: npx tsx test/bench/vm-exits.ts
//
// Two VMs from an SD card (slices of 100 µs): the benchmark guest (test/hypervisor/guests/
// bench.S: 40 mini-UART LSR reads, 40 HVC round trips, 20 system-timer interrupts while it
// spins) and a spinner that only its slice's end takes off the core. Every instruction core 0
// executes at EL2 between a lower-EL vector entry and the next EL1 instruction (its ERET
// included) is counted for that exit, and the exit is classified by where the guest was
// (symbols of the guests' ELF files) and where it resumes:
//   LSR read     sync exit from bench's lsr_loop
//   HVC          sync exit from bench's hvc_loop
//   timer IRQ    IRQ exit resuming the same VM at its IRQ vector (the virtual IRQ injected)
//   VM switch    IRQ exit from one VM resuming the other
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { buildWithGuests, REPO } from '../hypervisor/harness.ts';
import { launch } from '../../tools/emu/machine/launch.ts';
import { runMachine } from '../../tools/emu/machine/runner.ts';

const C_ORIGINAL: Record<string, string> = { 'LSR read': '540', HVC: 'n/a', 'timer IRQ': '767-800', 'VM switch': '1913' };
const C_MID: Record<string, number> = { 'LSR read': 540, 'timer IRQ': 783, 'VM switch': 1913 };

async function symbols(elf: string): Promise<Map<string, number>> {
  const out = (await execa('llvm-nm', [elf])).stdout;
  const m = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (name) m.set(name, parseInt(addr, 16));
  }
  return m;
}

const b = await buildWithGuests({ abench: 'bench', bspin: 'spinner' });
const buildDir = path.dirname(b.image);
const vms = path.join(buildDir, 'vms.txt');
fs.writeFileSync(vms, 'abench abench.bin 0x80000 0x80000 2M 100us\nbspin bspin.bin 0x80000 0x80000 1M 100us\n');
const card = path.join(buildDir, 'sdcard.img');
await execa('node', [path.join(REPO, 'tools/cli/raspvisor.mjs'), 'image', '-o', card, '--build-dir', buildDir, '--vms', vms]);

const hyp = await symbols(b.elf);
const bench = await symbols(path.join(buildDir, 'abench.elf'));
const spin = await symbols(path.join(buildDir, 'bspin.elf'));
const vec = hyp.get('el2_vectors')!;
const lsr = bench.get('lsr_loop')!;
const hvc = bench.get('hvc_loop')!;
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
const counts: Record<string, number[]> = { 'LSR read': [], HVC: [], 'timer IRQ': [], 'VM switch': [] };
let inExit = false;
let isIrq = false;
let n = 0;
let fromPc = 0;
let lastEl1 = 0;
trace = (c: number) => {
  if (c !== 0) return;
  const el = (machine.cpu.getCpsr(c) >> 2) & 3;
  const pc = Number(machine.cpu.getPc(c));
  if (el === 2) {
    if (!inExit && pc >= vec + 0x400 && pc < vec + 0x500) {
      inExit = true;
      isIrq = pc >= vec + 0x480;
      n = 0;
      fromPc = lastEl1;
    }
    if (inExit) n++;
    return;
  }
  if (el !== 1) return;
  if (inExit) {
    inExit = false;
    const fromSpin = fromPc === spinPc;
    const toSpin = pc === spinPc;
    let kind = '';
    if (!isIrq && fromPc >= lsr && fromPc < lsr + 12) kind = 'LSR read';
    else if (!isIrq && fromPc >= hvc && fromPc < hvc + 16) kind = 'HVC';
    else if (isIrq && fromSpin !== toSpin) kind = 'VM switch';
    else if (isIrq && !fromSpin && pc === irqVector) kind = 'timer IRQ';
    if (kind) counts[kind].push(n);
  }
  lastEl1 = pc;
};
const r = await runMachine(machine, { until: 'bench done', maxInsns: 200_000_000 });
if (r.reason !== 'until') {
  console.error(`benchmark run ended (${r.reason}) without "bench done":\n${output}`);
  process.exit(1);
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log('EL2 instructions per exit (vector entry to ERET), our emulator, hypervisor in AssemblyScript');
console.log('exit        samples  median     min     max   C original -O2 (QEMU)   ratio');
for (const [k, a] of Object.entries(counts)) {
  if (a.length === 0) {
    console.log(`${k.padEnd(12)} none seen`);
    continue;
  }
  const m = median(a);
  const ratio = C_MID[k] ? (m / C_MID[k]).toFixed(2) + 'x' : '';
  console.log(`${k.padEnd(12)}${String(a.length).padStart(7)}${String(m).padStart(8)}${String(Math.min(...a)).padStart(8)}${String(Math.max(...a)).padStart(8)}   ${C_ORIGINAL[k].padStart(20)}   ${ratio.padStart(6)}`);
}
