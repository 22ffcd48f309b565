// Whole systems with the translator off and on: the hypervisor's five-VM card (mini-os, echo,
// mini-os, echo, mini-os from the card's FAT32 partition, stage 2, VMID switches, the console
// switched with ?l/?2/?1 and a typed line) and mini-os bare (high half, TTBR0/TTBR1, EL0
// processes forked, killed and freed). Virtual time derives from executed instructions, so the
// UART transcript and every core's instruction count must be the same byte for byte with
// translation off, on (normal hotness) and on translating every page at its first entry.
// The expected texts are the guests' own (test/guests, test/hypervisor compare them with QEMU).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../tools/emu/machine/launch.ts';
import { parseInputScript } from '../../tools/emu/machine/input-script.ts';
import { runMachine } from '../../tools/emu/machine/runner.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'tools/cli/raspvisor.mjs');
const MODES: Array<[string, { jit: boolean; jitHot?: number }]> = [['off', { jit: false }], ['on', { jit: true }], ['on, hot 1', { jit: true, jitHot: 1 }]];

async function run(o: { image?: string; kernel?: string }, jit: { jit: boolean; jitHot?: number }, until: string, input?: string, maxInsns = 1_500_000_000) {
  const { machine } = await launch({ ...o, ...jit });
  if (input) machine.queueInput(parseInputScript(input));
  const r = await runMachine(machine, { maxInsns, until });
  return { out: machine.output, reason: r.reason, insns: r.insns, perCore: [0, 1, 2, 3].map((c) => machine.cpu.insnCount(c)) };
}

let card = '';
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-jit-sys-'));
  card = path.join(dir, 'sdcard.img');
  await execa('node', [CLI, 'image', '-o', card], { cwd: REPO });
}, 900_000);

describe('whole systems: translation on and off', () => {
  it('the five-VM card: boot, mini-os processes, ?l, ?2 and a typed line, ?1', async () => {
    const until = 'switched to VM 1 (mini-os)';
    const input = '\\w{abcde}?l\\w{out-dropped}?2\\w{switched to VM 2}hi\\r\\p{20}?1';
    const r: Record<string, Awaited<ReturnType<typeof run>>> = {};
    for (const [name, m] of MODES) r[name] = await run({ image: card }, m, until, input);
    expect(r.off.reason).toBe('until');
    const text = r.off.out.replace(/\r\n/g, '\n');
    expect(text).toContain('INFO[5]: loaded\n');
    expect(text).toContain('mini-os: process 3 exited with code 7, freed 7 pages, 512 free\n');
    expect(text).toMatch(/console: switched to VM 2 \(echo\)\nException level: 1\nhi/);
    expect(r.on).toEqual(r.off);
    expect(r['on, hot 1']).toEqual(r.off);
  }, 900_000);

  it('mini-os bare: the boot, the killed probe, fork and exit, the preemptive demo', async () => {
    const kernel = path.join(REPO, 'build/mini-os.bin');
    const r: Record<string, Awaited<ReturnType<typeof run>>> = {};
    for (const [name, m] of MODES) r[name] = await run({ kernel }, m, 'never printed', undefined, 300_000_000);
    expect(r.off.reason).toBe('max-insns');
    expect(r.off.out).toMatch(/User process\r?\n[1-5]+[a-e]+[1-5]+/);
    const text = r.off.out.replace(/\r\n/g, '\n');
    expect(text).toContain('mini-os: process 2 killed: data abort at 0xffff000000080000 (ESR 0x9200000e, ELR 0x6c)\n');
    expect(r.on).toEqual(r.off);
    expect(r['on, hot 1']).toEqual(r.off);
  }, 900_000);
});
