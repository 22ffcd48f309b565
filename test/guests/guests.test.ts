// The example guests booted bare: each in our emulator (`raspvisor run --kernel`) and under
// qemu-system-aarch64 -M raspi3b -kernel (the oracle), with the same transcript. Expected texts
// are written out here by hand from what each guest is meant to print.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { runOurs, runQemu } from './machines.ts';

let images: Record<string, string> = {};

beforeAll(async () => {
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-guests-'));
  const r = await build({ buildDir, only: ['test_binary', 'echo', 'mini-os'], log: () => {} });
  images = Object.fromEntries(r.programs.map((p) => [p.name, p.image]));
}, 900_000);

describe('test_binary', () => {
  const expected = 'test_binary: HVC #777 made at EL1\nhypercall ABI version: not supported (no hypervisor)\n';
  test('our emulator: the HVC #777 and the version call answered by the bare stand-in', async () => {
    const r = await runOurs(images.test_binary, '(no hypervisor)');
    expect(r.matched, r.stderr).toBe(true);
    // --until stops once the text is out: the line's end may or may not follow
    expect(r.output.replace(/\n?$/, '\n')).toBe(expected);
  }, 300_000);
  test('qemu: the same transcript', async () => {
    const r = await runQemu(images.test_binary, (o) => o.includes('hypervisor)\n'));
    expect(r.output).toBe(expected);
  }, 120_000);
});

describe('echo', () => {
  const banner = 'Exception level: 1\n';
  // Typed: one key at a time. Pasted: more bytes at once than the UART's 8-byte FIFO holds.
  const typed = 'hello, echo\r';
  const pasted = 'The quick brown fox jumps over the lazy dog 0123456789 !@#$%^&*() ' + 'pasted line two, still in one go\r';
  test('our emulator: banner, typed keys echoed', async () => {
    const keys = [...typed].map((c) => (c === '\r' ? '\\r' : c)).join('\\p{20}');
    const r = await runOurs(images.echo, 'echo\r', `\\w{${banner.trimEnd()}}${keys}`);
    expect(r.matched, r.stderr).toBe(true);
    expect(r.output).toBe(banner + typed);
  }, 300_000);
  test('our emulator: pasted input echoed completely, in order', async () => {
    const r = await runOurs(images.echo, 'in one go\r', `\\w{${banner.trimEnd()}}${pasted.replace('\r', '\\r')}`);
    expect(r.matched, r.stderr).toBe(true);
    expect(r.output).toBe(banner + pasted);
  }, 300_000);
  test('qemu: typed keys echoed, the same transcript', async () => {
    const r = await runQemu(images.echo, (o) => o.endsWith('echo\r'), banner, [...typed], 30);
    expect(r.output).toBe(banner + typed);
  }, 120_000);
  test('qemu: pasted input echoed completely, in order', async () => {
    const r = await runQemu(images.echo, (o) => o.endsWith('in one go\r'), banner, [pasted]);
    expect(r.output).toBe(banner + pasted);
  }, 120_000);
});

describe('mini-os', () => {
  // Up to the demo: deterministic (each step waits for the one before).
  const prefix =
    'mini-os: booted at EL2, kernel at 0xffff000000080000, MMU and caches on\n' +
    'mini-os: address base 0xffff000000000000, 512 pages free\n' +
    'Kernel process started. EL 1\n' +
    'probe: reading kernel memory at 0xffff000000080000\n' +
    // EL0 read of an EL1-only page: data abort from a lower EL, permission fault at level 2
    'mini-os: process 2 killed: data abort at 0xffff000000080000 (ESR 0x9200000e, ELR 0x6c)\n' +
    'mini-os: process 2 freed 7 pages, 512 free\n' +
    'short-lived: sleep 2 ticks, then exit(7)\n' +
    'mini-os: process 3 exited with code 7, freed 7 pages, 512 free\n' +
    'User process\n';
  const DEMO_CHARS = 1500;
  let ours = '';
  let qemu = '';
  const demo = (out: string) => out.slice(prefix.length);

  beforeAll(async () => {
    const done = (o: string) => o.length >= prefix.length + DEMO_CHARS;
    // ours: an instruction budget long enough for DEMO_CHARS (about 0.4M instructions each)
    const [a, b] = await Promise.all([
      runOurs(images['mini-os'], 'never printed', undefined, ['--max-insns', '800000000']),
      runQemu(images['mini-os'], done, undefined, [], 0, 60_000),
    ]);
    ours = a.output;
    qemu = b.output;
  }, 900_000);

  test('our emulator and qemu: the same boot, probe and exit transcript', () => {
    expect(ours.slice(0, prefix.length)).toBe(prefix);
    expect(qemu.slice(0, prefix.length)).toBe(prefix);
  });

  test('a user process reading kernel memory is killed, the system goes on, exit frees it all', () => {
    const free = Number(/(\d+) pages free\n/.exec(prefix)![1]);
    for (const out of [ours, qemu]) {
      const freed = [...out.matchAll(/freed (\d+) pages, (\d+) free/g)];
      expect(freed.length).toBe(2);
      for (const m of freed) expect(Number(m[2])).toBe(free); // every page back
      expect(out).toContain('User process\n'); // and on after the fault
    }
  });

  for (const [name, get] of [['our emulator', () => ours], ['qemu', () => qemu]] as const) {
    test(`${name}: 12345 and abcde interleaved by preemption`, () => {
      const d = demo(get()).slice(0, DEMO_CHARS);
      expect(d.length).toBe(DEMO_CHARS);
      expect(d).toMatch(/^[1-5a-e]+$/);
      // each process's own characters keep their order (none lost or repeated)
      const digits = d.replace(/[a-e]/g, '');
      const letters = d.replace(/[1-5]/g, '');
      expect(digits).toBe('12345'.repeat(Math.ceil(digits.length / 5) + 1).slice(0, digits.length));
      expect(letters).toBe('abcde'.repeat(Math.ceil(letters.length / 5) + 1).slice(0, letters.length));
      // neither yields (a busy loop between characters): only the timer makes them alternate
      const runs = d.match(/[1-5]+|[a-e]+/g)!;
      expect(runs.length).toBeGreaterThanOrEqual(4);
    });
  }
});
