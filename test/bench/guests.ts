// The example guests beside the C original's (facts in the project notes: echo.bin 3,688 B,
// mini-os.bin 22,368 B, test.bin 4,144 B, gcc at -O0): image sizes, and in our emulator the
// instructions executed per echoed character and per context switch of mini-os. Prints
// figures and ratios; asserts nothing.
//   npx tsx test/bench/guests.ts          (builds the three guests into a temporary folder)
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { build } from '../../tools/build/index.ts';

const CLI = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');
const C_ORIGINAL_O0: Record<string, number> = { echo: 3688, 'mini-os': 22368, test_binary: 4144 };

async function instructions(image: string, until: string, input: string): Promise<number> {
  const r = await execa('node', [CLI, 'run', '--kernel', image, '--until', until, '--input', input, '--stats', '--timeout', '300'], { reject: false, stdin: 'ignore' });
  const m = /instructions:\s+(\d+)/.exec(r.stdout + r.stderr);
  if (r.exitCode !== 0 || !m) throw new Error(`run of ${image} failed: ${r.stderr}`);
  return Number(m[1]);
}

/** Echo: the instructions of 64 more echoed characters (typed 10 ms apart), over a run that
 *  echoes one, divided by 64: the RX interrupt, the ring, the transmit and the WFI. */
async function perEchoedChar(image: string): Promise<number> {
  const text = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-=';
  const keys = (s: string) => [...s].join('\\p{10}');
  const one = await instructions(image, 'Z', '\\w{level: 1}\\p{10}Z');
  const many = await instructions(image, 'Z', `\\w{level: 1}\\p{10}${keys(text)}\\p{10}Z`);
  return (many - one) / text.length;
}

interface Costs { switches: number[]; syscalls: number[] }

/** mini-os, counted instruction by instruction on core 0 (the machine's per-instruction hook)
 *  from boot to the demo: a timer IRQ that changes task, from its vector entry until the
 *  switch is done (rv_switch returns in the next task); a system call that does not, from its
 *  vector entry to its eret. */
async function kernelCosts(image: string, elf: string): Promise<Costs> {
  const nm = (await execa('llvm-nm', [elf])).stdout;
  const sym = (n: string) => BigInt('0x' + new RegExp(`^([0-9a-f]+) \\w ${n}$`, 'm').exec(nm)![1]);
  const vectors = sym('rv_el1_vectors');
  const dis = (await execa('llvm-objdump', ['-d', elf])).stdout;
  const addrsOf = (insn: string) => [...dis.matchAll(new RegExp(`^\\s*([0-9a-f]+):\\s+[0-9a-f ]+\\s+${insn}\\b`, 'gm'))].map((m) => BigInt('0x' + m[1]));
  const erets = new Set(addrsOf('eret'));
  const switchRet = addrsOf('ret').filter((a) => a > sym('rv_switch')).sort((x, y) => (x < y ? -1 : 1))[0];
  // The step that takes an exception runs the vector's first instruction too: the hook sees
  // the second (count 2). IRQ from EL1h or EL0; SVC = synchronous from EL0.
  const entries = new Map<bigint, ['irq' | 'svc', number]>([
    [vectors + 0x280n, ['irq', 1]], [vectors + 0x284n, ['irq', 2]], [vectors + 0x480n, ['irq', 1]], [vectors + 0x484n, ['irq', 2]],
    [vectors + 0x400n, ['svc', 1]], [vectors + 0x404n, ['svc', 2]],
  ]);
  const { launch } = await import('../../tools/emu/machine/launch.ts');
  const { runMachine } = await import('../../tools/emu/machine/runner.ts');
  const { machine } = await launch({ kernel: image, onOutput: () => {} });
  const out: Costs = { switches: [], syscalls: [] };
  let count = -1;
  let kind: 'irq' | 'svc' = 'irq';
  let switching = false;
  machine.traceInsn = (c: number) => {
    if (c !== 0) return;
    const pc = BigInt(machine.cpu.getPc(c));
    if (count < 0) {
      const e = entries.get(pc);
      if (e) [kind, count, switching] = [e[0], e[1], false];
      return;
    }
    count++;
    if (pc === switchRet) switching = true;
    else if (switching) {
      if (kind === 'irq') out.switches.push(count - 1);
      count = -1;
    } else if (erets.has(pc)) {
      if (kind === 'svc') out.syscalls.push(count);
      count = -1;
    }
  };
  await runMachine(machine, { until: 'User process', maxInsns: 20_000_000, timeoutMs: 600_000 });
  return out;
}

const median = (a: number[]) => (a.length === 0 ? NaN : [...a].sort((x, y) => x - y)[a.length >> 1]);

const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-bench-guests-'));
const r = await build({ buildDir, only: ['test_binary', 'echo', 'mini-os'], log: () => {} });
const prog = Object.fromEntries(r.programs.map((p) => [p.name, p]));

console.log('image sizes (bytes)        ours    C original -O0   ratio');
for (const name of ['echo', 'mini-os', 'test_binary']) {
  const size = fs.statSync(prog[name].image).size;
  console.log(`  ${name.padEnd(22)} ${String(size).padStart(7)}   ${String(C_ORIGINAL_O0[name]).padStart(14)}   ${(size / C_ORIGINAL_O0[name]).toFixed(2)}`);
}
console.log('  (no gcc -O2 twins of these guests in this tree)');

const perChar = await perEchoedChar(prog.echo.image);
console.log(`echo: ${perChar.toFixed(1)} instructions per echoed character (RX IRQ, ring, transmit, WFI)`);

const k = await kernelCosts(prog['mini-os'].image, prog['mini-os'].elf);
console.log(`mini-os: ${median(k.switches)} instructions per context switch (timer IRQ entry to the next task running; median of ${k.switches.length}: ${k.switches.join(', ')}), ` +
  `system calls entry to eret: ${k.syscalls.join(', ')} (writes of 52, 41 and 14 bytes, fork, one-character writes)`);

// What the address base costs compiled code: three differential programs with wasm memory at
// 0 and at 0x7f0000000000 (bits above 32 set, as the high-half base), run under qemu-aarch64.
{
  const { compileProgram, MEMORY_SIZE, WORK } = await import('../compiler-diff/harness.ts');
  const { buildLinuxUser } = await import('../../tools/build/linux-user.ts');
  const { countInstructions } = await import('./lib/icount.ts');
  console.log('address base: dynamic instructions (qemu-aarch64) and code bytes, base 0 -> base 0x7f0000000000');
  for (const name of ['sort', 'hash', 'interp']) {
    const wasm = await compileProgram(name);
    const at = async (base: number) => {
      const b = await buildLinuxUser({ name, wasm, workDir: path.join(WORK, `bench-base-${base.toString(16)}-${name}`), memorySize: MEMORY_SIZE, addressBase: base });
      return { code: b.codeBytes, insns: (await countInstructions(b.exe)).instructions };
    };
    const zero = await at(0);
    const high = await at(0x7f00_0000_0000);
    console.log(`  ${name.padEnd(8)} ${zero.insns} -> ${high.insns} (${(high.insns / zero.insns).toFixed(3)}x), code ${zero.code} -> ${high.code} B (${(high.code / zero.code).toFixed(3)}x)`);
  }
}
