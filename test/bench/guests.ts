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

interface IrqCost { switched: number[]; plain: number[] }

/** mini-os: every IRQ from its vector entry to the `eret` that ends it, from an instruction
 *  trace of the boot up to the demo; those that went through rv_switch changed task. */
async function irqCosts(image: string, elf: string): Promise<IrqCost> {
  const nm = (await execa('llvm-nm', [elf])).stdout;
  const sym = (n: string) => BigInt('0x' + new RegExp(`^([0-9a-f]+) \\w ${n}$`, 'm').exec(nm)![1]);
  const vectors = sym('rv_el1_vectors');
  const irqEntries = new Set([vectors + 0x280n, vectors + 0x480n]); // IRQ from EL1h, from EL0
  const rvSwitch = sym('rv_switch');
  const child = spawn('node', [CLI, 'run', '--kernel', image, '--trace', 'insn', '--until', 'User process', '--timeout', '600'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const out: IrqCost = { switched: [], plain: [] };
  let count = -1;
  let switched = false;
  for await (const line of readline.createInterface({ input: child.stderr! })) {
    const m = /^insn core0 EL\d ([0-9a-f]+): [0-9a-f]+\s+(\S+)/.exec(line);
    if (!m) continue;
    const pc = BigInt('0x' + m[1]);
    if (count < 0) {
      if (irqEntries.has(pc)) {
        count = 1;
        switched = false;
      }
      continue;
    }
    count++;
    if (pc === rvSwitch) switched = true;
    if (m[2] === 'eret') {
      (switched ? out.switched : out.plain).push(count);
      count = -1;
    }
  }
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

const irq = await irqCosts(prog['mini-os'].image, prog['mini-os'].elf);
console.log(`mini-os: timer IRQ, vector entry to eret: ${median(irq.plain)} instructions without a task switch (median of ${irq.plain.length}), ` +
  `${median(irq.switched)} with one (median of ${irq.switched.length}): a context switch costs ${median(irq.switched) - median(irq.plain)} more`);

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
