// What the guest benchmarks count in our emulator (test/bench/guests.ts, guests-vs-c.ts): the
// instructions per echoed character of an echo guest, and per context switch and system call
// of a mini-os kernel, found by the symbols of the guest library's .S files (rv_el1_vectors,
// rv_switch), so an AssemblyScript guest and its C twin are measured the same way.
import { execa } from 'execa';
import * as path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../../tools/cli/raspvisor.mjs');

/** Instructions executed (all cores) by `raspvisor run --kernel image` until `until`. */
export async function instructions(image: string, until: string, input: string): Promise<number> {
  const r = await execa('node', [CLI, 'run', '--kernel', image, '--until', until, '--input', input, '--stats', '--timeout', '300'], { reject: false, stdin: 'ignore' });
  const m = /instructions:\s+(\d+)/.exec(r.stdout + r.stderr);
  if (r.exitCode !== 0 || !m) throw new Error(`run of ${image} failed: ${r.stderr}`);
  return Number(m[1]);
}

/** Echo: the instructions of 64 more echoed characters (typed 10 ms apart), over a run that
 *  echoes one, divided by 64: the RX interrupt, the ring, the transmit and the WFI. */
export async function perEchoedChar(image: string): Promise<number> {
  const text = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-=';
  const keys = (s: string) => [...s].join('\\p{10}');
  const one = await instructions(image, 'Z', '\\w{level: 1}\\p{10}Z');
  const many = await instructions(image, 'Z', `\\w{level: 1}\\p{10}${keys(text)}\\p{10}Z`);
  return (many - one) / text.length;
}

export interface KernelCosts {
  switches: number[];
  syscalls: number[];
}

/** mini-os, counted instruction by instruction on core 0 (the machine's per-instruction hook)
 *  from boot to the demo: a timer IRQ that changes task, from its vector entry until the
 *  switch is done (rv_switch returns in the next task); a system call that does not, from its
 *  vector entry to its eret. */
export async function kernelCosts(image: string, elf: string): Promise<KernelCosts> {
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
  const { launch } = await import('../../../tools/emu/machine/launch.ts');
  const { runMachine } = await import('../../../tools/emu/machine/runner.ts');
  const { machine } = await launch({ kernel: image, onOutput: () => {} });
  const out: KernelCosts = { switches: [], syscalls: [] };
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

export const median = (a: number[]) => (a.length === 0 ? NaN : [...a].sort((x, y) => x - y)[a.length >> 1]);
