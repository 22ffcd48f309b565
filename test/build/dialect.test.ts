// The dialect for systems code (issue 18): guests in fixtures/assembly/dialect-guests, built
// by `raspvisor build`, booted alone like QEMU -kernel in both machines: our emulator
// (`raspvisor run --kernel`) and the oracle, qemu-system-aarch64 -M raspi3b.
import { beforeAll, describe, expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { runRaspi3b } from './qemu.ts';

const CLI = path.resolve(import.meta.dirname, '../../tools/cli/raspvisor.mjs');
let root: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-dialect-'));
  fs.cpSync(path.join(import.meta.dirname, 'fixtures/assembly/dialect-guests'), path.join(root, 'guests'), { recursive: true });
  fs.writeFileSync(path.join(root, 'raspvisor.json'), JSON.stringify({ layouts: { corestack: { stackCheck: 'percore' } } }));
  await build({ root, log: () => {} });
}, 600_000);

const image = (g: string) => path.join(root, 'build', `${g}.bin`);

/** Our emulator: UART output until `until` appears (or the timeout). */
async function emu(g: string, until: string, extra: string[] = []): Promise<{ output: string; code: number }> {
  const r = await execa('node', [CLI, 'run', '--kernel', image(g), '--until', until, '--timeout', '60', ...extra], { reject: false, timeout: 90_000, stdin: 'ignore' });
  return { output: r.stdout.replace(/\r\n/g, '\n'), code: r.exitCode ?? -1 };
}

async function both(g: string, until: string): Promise<[string, string]> {
  const [ours, qemu] = await Promise.all([emu(g, until), runRaspi3b(image(g), new RegExp(until.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '.*\n'), 30_000)]);
  return [ours.output, qemu.output];
}

describe('volatile and atomics', () => {
  test('a flag polled with volatile_load32 is released by the timer IRQ handler', async () => {
    for (const out of await both('poll', 'ticks')) {
      expect(out).toMatch(/poll: waiting\npoll: released after some spins, ticks 1(\n|$)/);
    }
  }, 120_000);

  test('a spin lock taken by four cores, atomics beside it', async () => {
    for (const out of await both('spin', 'atomic')) {
      expect(out).toContain('spin: cas 5 7 swap 7 now 11 trylock 10\n');
      expect(out).toMatch(/spin: counter 2000 atomic 2000(\n|$)/);
    }
  }, 120_000);
});

describe('the address of a .S symbol', () => {
  test('a vector table installed through addr.<symbol> takes a brk and returns', async () => {
    for (const out of await both('vecaddr', 'back from the handler')) {
      expect(out).toMatch(/vecaddr: addresses agree\nvecaddr: VBAR_EL2 set\nvecaddr: sync exception, ESR_EL2 0xf2000000\nvecaddr: back from the handler(\n|$)/);
    }
  }, 120_000);

  test('@external declare const of a code symbol is a located error naming the address form', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-dialect-bad-'));
    for (const d of ['common', 'vecaddr']) fs.cpSync(path.join(import.meta.dirname, 'fixtures/assembly/dialect-guests', d), path.join(bad, 'guests', d), { recursive: true });
    const main = path.join(bad, 'guests/vecaddr/main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('@external("aarch64", "addr.my_vectors") declare const my_vectors: u64;', '@external("env", "my_vectors") declare const my_vectors: u64;'));
    const r = await execa('node', [CLI, 'build', '-C', bad], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/guests\/vecaddr\/main\.ts:6:11: error: 'my_vectors' is code \(in \.text\): this declaration would read its first instruction word, not its address/);
    expect(r.stderr).toContain('@external("aarch64", "addr.my_vectors") declare const my_vectors: u64;');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+:\d+\)/);
    expect(fs.existsSync(path.join(bad, 'build/vecaddr.bin'))).toBe(false);
  }, 120_000);
});

/** V8 runs the program's own wasm: what it prints through rv_uart_putc (low byte, as the UART). */
function v8Output(g: string): string {
  const mod = new WebAssembly.Module(fs.readFileSync(path.join(root, 'build', g, `${g}.wasm`)));
  let out = '';
  const imports: Record<string, Record<string, unknown>> = {};
  for (const i of WebAssembly.Module.imports(mod)) {
    imports[i.module] ??= {};
    const as: Record<string, (v: any) => void> = {
      rv_uart_putc: (c: number) => (out += String.fromCharCode(c & 0xff)),
      rv_uart_putdec: (v: bigint) => (out += BigInt.asUintN(64, v).toString()),
      rv_uart_puthex: (v: bigint) => (out += '0x' + BigInt.asUintN(64, v).toString(16)),
    };
    imports[i.module][i.name] = as[i.name] ?? (() => 0);
  }
  (new WebAssembly.Instance(mod, imports as WebAssembly.Imports).exports.main as () => void)();
  return out;
}

describe('the standard library at start-up (MMU on by the runtime)', () => {
  test('string and number formatting print what V8 prints for the same wasm', async () => {
    const expected = v8Output('strings');
    expect(expected).toMatch(/^-2147483648\n12345\|1518f\|11111111\n18446744073709551615 -9007199254740993\n.*done\n$/s);
    const [ours, qemu] = await both('strings', 'done');
    // The UART turns "\n" into "\r\n" (normalised above); our run stops right at "done".
    expect(ours.replace(/\n?$/, '\n')).toBe(expected);
    expect(qemu).toBe(expected);
  }, 120_000);
});

describe('faults are reported, and the emulator stays stoppable', () => {
  const REPORT = /\nexception: synchronous, current EL with SPx, at EL2: EC 0x3c \(BRK instruction\), ESR 0xf2000000, FAR 0x0, ELR 0x8[0-9a-f]{4} \(main\+0x[0-9a-f]+\)(\n|$)/;

  test('a BRK nobody handles: the default vectors print class, ESR, FAR, ELR with the function', async () => {
    const [ours, qemu] = await both('fault', 'ELR');
    for (const out of [ours, qemu]) {
      expect(out).toMatch(/^fault: before\n/);
      expect(out).toMatch(REPORT);
      expect(out).not.toContain('fault: after');
    }
    expect(ours.replace(/\n?$/, '\n')).toBe(qemu);
  }, 120_000);

  test('a data abort in a .S routine: FAR, and no function of the compiled program claimed', async () => {
    const [ours, qemu] = await both('abort4g', 'ELR');
    expect(qemu).toMatch(/\nexception: synchronous, current EL with SPx, at EL2: EC 0x25 \(data abort\), ESR 0x96000044, FAR 0x100000000, ELR 0x8[0-9a-f]{4}\n/);
    expect(ours.replace(/\n?$/, '\n')).toBe(qemu);
  }, 120_000);

  test('VBAR_EL2 = 0xd2800000, then brk #0: --timeout and --max-insns still end the run', async () => {
    const t0 = Date.now();
    const r = await execa('node', [CLI, 'run', '--kernel', image('vbarbad'), '--timeout', '3'], { reject: false, timeout: 60_000, stdin: 'ignore' });
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toContain('wall-clock timeout (--timeout) reached');
    expect(Date.now() - t0).toBeLessThan(55_000);
    const m = await execa('node', [CLI, 'run', '--kernel', image('vbarbad'), '--max-insns', '200000'], { reject: false, timeout: 60_000, stdin: 'ignore' });
    expect(m.timedOut).toBe(false);
    expect(m.stderr).toContain('instruction budget (--max-insns) used up');
  }, 130_000);
});

describe('the stack check follows the stack in use', () => {
  test('a stack at 0x10000-0x20000: calls work there once __stack_limit moves with it, overflow still trapped', async () => {
    const [ours, qemu] = await both('lowstack', 'exhausted');
    for (const out of [ours, qemu]) {
      expect(out).toMatch(/lowstack: limit 0x44000\nlowstack: depth 100, ran below 0x20000\nlowstack: limit back to 0x44000\n/);
      expect(out).toMatch(/\nwasm trap: call stack exhausted at 0x8[0-9a-f]{4} \(\w*down\+0x[0-9a-f]+\)/);
      expect(out).not.toContain('not caught');
    }
  }, 120_000);
});

describe('per-core stack limits (stackCheck "percore")', () => {
  test('each core moves only its own limit; core 1 overflowing is stopped in its own stack', async () => {
    const [ours, qemu] = await both('corestack', 'intact');
    for (const out of [ours, qemu]) {
      expect(out).toContain('corestack: core 0 limit 0x44000\n');
      expect(out).toMatch(/wasm trap: call stack exhausted at 0x8[0-9a-f]{4} \(\w*down\+0x[0-9a-f]+\)/);
      expect(out).toMatch(/corestack: core 1 limit 0x74000\ncorestack: core 2 limit 0x6c000\ncorestack: core 3 limit 0x64000\ncorestack: core 0 limit still 0x44000\ncorestack: core 1 stopped in its own stack\ncorestack: core 2's stack intact/);
    }
  }, 120_000);
});

describe('small ones (item 10)', () => {
  test('running out of heap says so', async () => {
    const [ours, qemu] = await both('oom', 'memorySize');
    for (const out of [ours, qemu]) expect(out).toMatch(/oom: allocating\n\nwasm trap: unreachable at 0x8[0-9a-f]{4} \(out of memory: the heap reached memorySize, in _lib_rt_stub_\w+\+0x[0-9a-f]+\)/);
  }, 120_000);

  test('objdump into a closed pipe ends quietly; --gdb 99999 is a one-line error', async () => {
    const elf = path.join(root, 'build/oom.elf');
    const r = await execa(`node ${CLI} objdump ${elf} | head -2`, { shell: true, reject: false });
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
    const g = await execa('node', [CLI, 'run', '--kernel', image('oom'), '--gdb', '99999'], { reject: false, timeout: 30_000, stdin: 'ignore' });
    expect(g.exitCode).toBe(1);
    expect(g.stderr.trim()).toMatch(/^error: --gdb 99999: a TCP port is 1-65535$|--gdb 99999: a TCP port is 1-65535/);
    expect(g.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  test('an hvc immediate out of range is located at its declaration', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-dialect-hvc-'));
    fs.cpSync(path.join(import.meta.dirname, 'fixtures/assembly/dialect-guests/common'), path.join(bad, 'guests/common'), { recursive: true });
    fs.mkdirSync(path.join(bad, 'guests/hvc'));
    fs.writeFileSync(path.join(bad, 'guests/hvc/main.ts'), '@external("aarch64", "hvc.99999") declare function hvcBig(a: u64, b: u64, c: u64, d: u64): u64;\nexport function main(): void {\n  hvcBig(0, 0, 0, 0);\n}\n');
    const r = await execa('node', [CLI, 'build', '-C', bad], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/guests\/hvc\/main\.ts:1:11: error: "aarch64\.hvc\.99999": immediate must be 0-65535/);
  }, 60_000);
});

describe('gdb-multiarch sees the system registers', () => {
  test('at a breakpoint in the vector handler: ESR_EL2, ELR_EL2 (the brk), VBAR_EL2 (the table), and a write read back', async () => {
    const elf = path.join(root, 'build/vecaddr.elf');
    // Oracles from llvm-objdump: the table's symbol and the one brk of main.
    const syms = (await execa('llvm-objdump', ['-t', elf])).stdout;
    const table = BigInt('0x' + /^([0-9a-f]+) .* my_vectors$/m.exec(syms)![1]);
    const dis = (await execa('llvm-objdump', ['-d', '--no-show-raw-insn', elf])).stdout;
    const main = dis.slice(dis.indexOf('<main>:'));
    const brk = BigInt('0x' + /^\s*([0-9a-f]+):\s+brk\s+#0(x0)?$/m.exec(main)![1]);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const emu = execa('node', [CLI, 'run', '--kernel', image('vecaddr'), '--gdb', String(port), '--timeout', '90'], { reject: false, stdin: 'ignore' });
    await new Promise((r) => setTimeout(r, 4000));
    const g = await execa('gdb-multiarch', ['-nx', '-batch', '-ex', 'set architecture aarch64', '-ex', `file ${elf}`, '-ex', `target remote 127.0.0.1:${port}`,
      '-ex', 'break on_sync', '-ex', 'continue', '-ex', 'p/x $ESR_EL2', '-ex', 'p/x $ELR_EL2', '-ex', 'p/x $VBAR_EL2',
      '-ex', 'set $TPIDR_EL2 = 0x1234abcd', '-ex', 'p/x $TPIDR_EL2', '-ex', 'kill'], { reject: false, timeout: 60_000, all: true });
    emu.kill();
    await emu;
    const values = [...g.stdout.matchAll(/^\$\d+ = (0x[0-9a-f]+)/gm)].map((m) => BigInt(m[1]));
    expect(values, g.all).toEqual([0xf2000000n, brk, table, 0x1234abcdn]);
  }, 120_000);
});

describe('zero-filled static data stays out of the image', () => {
  test('32 KiB of zero tables between data: image smaller than the tables, data where it belongs', async () => {
    expect(fs.statSync(image('zeros')).size).toBeLessThan(32768);
    const expected = v8Output('zeros');
    expect(expected).toBe(`zeros: head sum 55, tables nonzero 0, tail ${(0xdeadbeef ^ 0x12345678) >>> 0} 42, tail after the tables\n`);
    const [ours, qemu] = await both('zeros', 'the tables');
    expect(ours.replace(/\n?$/, '\n')).toBe(expected);
    expect(qemu).toBe(expected);
  }, 120_000);
});
