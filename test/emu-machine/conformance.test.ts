// Conformance: the same images (written in assembly, built with our assembler and linker) give
// the same UART transcript under qemu-system-aarch64 -M raspi3b and under raspvisor.
// Values the architecture fixes (exception syndromes) are also checked against the ARM ARM.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../../tools/emu/machine/launch.ts';
import { parseInputScript } from '../../tools/emu/machine/input-script.ts';
import { runMachine } from '../../tools/emu/machine/runner.ts';
import { buildImage, CONFORMANCE, knownSdImage, runQemu, tempDir, type BuiltImage, warmCpu } from './conformance-images.ts';

const END = '\nEND\n';

export async function runRaspvisor(kernel: string, opts: { sd?: string; input?: string; inputAfter?: string; maxInsns?: number; uart?: 'mini' | 'pl011' } = {}): Promise<{ out: string; reason: string; insns: number }> {
  let out = '';
  const want = opts.uart ?? 'mini';
  const { machine } = await launch({ kernel, sd: opts.sd, onOutput: (b, uart) => { if (uart === want) out += String.fromCharCode(b); } });
  if (opts.input) machine.queueInput([...(opts.inputAfter ? [{ kind: 'wait' as const, text: opts.inputAfter }] : []), ...parseInputScript(opts.input)]);
  const r = await runMachine(machine, { maxInsns: opts.maxInsns ?? 200_000_000, until: END });
  return { out, reason: r.reason, insns: r.insns };
}

describe('conformance images: raspvisor vs QEMU raspi3b', () => {
  let dir = '';
  const built = new Map<string, BuiltImage>();
  let sd = '';
  beforeAll(async () => {
    await warmCpu();
    dir = tempDir('conformance');
    for (const c of [...CONFORMANCE.map((c) => c.name), 'qemu_gaps']) built.set(c, await buildImage(c, dir));
    sd = path.join(dir, 'sd.img');
    knownSdImage(sd);
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  for (const c of CONFORMANCE) {
    it(`${c.name}: same transcript`, async () => {
      const b = built.get(c.name)!;
      const kernel = c.format === 'elf' ? b.elf : b.img;
      // QEMU writes through to the card image; give it its own copy.
      let qemuSd: string | undefined;
      if (c.sd) { qemuSd = path.join(dir, `${c.name}-qemu-sd.img`); fs.copyFileSync(sd, qemuSd); }
      const [qemu, ours] = await Promise.all([
        runQemu(kernel, { sd: qemuSd, input: c.input, inputAfter: c.inputAfter, uart: c.uart }),
        runRaspvisor(kernel, { sd: c.sd ? sd : undefined, input: c.input, inputAfter: c.inputAfter, uart: c.uart }),
      ]);
      expect(qemu).toContain(END); // the oracle itself got to the end
      expect(ours.reason).toBe('until');
      expect(ours.out).toBe(qemu.slice(0, qemu.indexOf(END) + END.length));
    });
  }

  it('el_levels: syndromes are the ARM ARM values (EC 0x15/0x16/0x17, IL, imm16)', async () => {
    const r = await runRaspvisor(built.get('el_levels')!.elf);
    expect(r.out).toContain('ESR_EL1=56000042'); // EC 0x15 SVC64 << 26 | IL | 0x42
    expect(r.out).toContain('ESR_EL2=5a000007'); // EC 0x16 HVC64
    expect(r.out).toContain('ESR_EL3=5e000009'); // EC 0x17 SMC64
    expect(r.out.split('\n').slice(0, 4)).toEqual(['EL3', 'EL2', 'EL1', 'EL0']);
  });

  it('stage2_mmio: the data abort syndrome says ISV, word size, SRT 2, read, level-2 translation fault', async () => {
    const r = await runRaspvisor(built.get('stage2_mmio')!.img);
    // EC 0x24 | IL | ISV | SAS=2 | SRT=2 | DFSC 0b000110
    expect(r.out).toContain('ESR_EL2=93820006 HPFAR_EL2=003f2150 FAR_EL2=3f215054');
  });

  it('is deterministic: the same image and input give the same bytes and instruction count', async () => {
    const b = built.get('uart_rx_irq')!;
    const a1 = await runRaspvisor(b.img, { input: 'hello.', inputAfter: 'ready\n' });
    const a2 = await runRaspvisor(b.img, { input: 'hello.', inputAfter: 'ready\n' });
    expect(a1.out).toContain('[h 1 4][e 1 4][l 1 4][l 1 4][o 1 4][. 1 4]');
    expect(a2).toEqual(a1);
  });

  it('documents where QEMU differs from a Pi 3 (CNTFRQ, unimplemented mini-UART registers)', async () => {
    const b = built.get('qemu_gaps')!;
    const [qemu, ours] = await Promise.all([runQemu(b.img), runRaspvisor(b.img)]);
    // QEMU 7.2: the generic timer runs at 62.5 MHz and AUX_MU_BAUD/LCR/SCRATCH read as 0.
    expect(qemu).toContain('CNTFRQ_EL0=03b9aca0 AUX_MU_BAUD=0000 AUX_MU_LCR=00 AUX_MU_SCRATCH=00');
    // A Pi 3: 19.2 MHz from the crystal; the registers read back what was written.
    expect(ours.out).toContain('CNTFRQ_EL0=0124f800 AUX_MU_BAUD=010e AUX_MU_LCR=03 AUX_MU_SCRATCH=a5');
  });
});
