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
  await build({ root, log: () => {} });
}, 180_000);

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
