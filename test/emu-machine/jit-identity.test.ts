// The machine's conformance images (four cores, interrupts, timers, MMIO, the SD card) with the
// translator off and on (every page translated at its first entry): the same UART transcript,
// end reason and instruction count of every core, since interrupts are taken at the same
// instruction boundaries and virtual time derives from executed instructions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../tools/emu/machine/launch.ts';
import { parseInputScript } from '../../tools/emu/machine/input-script.ts';
import { runMachine } from '../../tools/emu/machine/runner.ts';
import { buildImage, CONFORMANCE, knownSdImage, tempDir, type BuiltImage, warmCpu } from './conformance-images.ts';

const END = '\nEND\n';

async function run(kernel: string, jit: boolean, o: { sd?: string; input?: string; inputAfter?: string; uart?: 'mini' | 'pl011' }) {
  let out = '';
  const want = o.uart ?? 'mini';
  const { machine } = await launch({ kernel, sd: o.sd, jit, jitHot: 1, onOutput: (b, uart) => { if (uart === want) out += String.fromCharCode(b); } });
  if (o.input) machine.queueInput([...(o.inputAfter ? [{ kind: 'wait' as const, text: o.inputAfter }] : []), ...parseInputScript(o.input)]);
  const r = await runMachine(machine, { maxInsns: 200_000_000, until: END });
  return { out, reason: r.reason, insns: r.insns, perCore: [0, 1, 2, 3].map((c) => machine.cpu.insnCount(c)) };
}

describe('conformance images: translation on and off', () => {
  let dir = '';
  const built = new Map<string, BuiltImage>();
  let sd = '';
  beforeAll(async () => {
    await warmCpu();
    dir = tempDir('jit-identity');
    for (const c of CONFORMANCE) built.set(c.name, await buildImage(c.name, dir));
    sd = path.join(dir, 'sd.img');
    knownSdImage(sd);
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  for (const c of CONFORMANCE) {
    it(`${c.name}: same transcript and instruction counts`, async () => {
      const b = built.get(c.name)!;
      const kernel = c.format === 'elf' ? b.elf : b.img;
      const o = { sd: c.sd ? sd : undefined, input: c.input, inputAfter: c.inputAfter, uart: c.uart };
      const off = await run(kernel, false, o);
      const on = await run(kernel, true, o);
      expect(off.reason).toBe('until');
      expect(on).toEqual(off);
    }, 300_000);
  }
});
