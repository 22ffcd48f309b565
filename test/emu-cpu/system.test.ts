// System-level images (test/emu-cpu/images/cpu_system*.S, built with our assembler and linker)
// run on the bare core with a minimal bus: mini-UART output, the ARM-local timer-interrupt
// routing register of core 0, and the PM watchdog that ends the run. The transcript must equal
// the one qemu-system-aarch64 -M raspi3b prints for the same ELF (checked here when QEMU is
// installed; the expected text below is QEMU's output, every syndrome checked against the
// ARM ARM by hand).
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { assembleToObject } from '../../tools/asm/index.ts';
import { link } from '../../tools/elf/linker.ts';
import { createCpu, StopReason } from '../../tools/emu/cpu.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const LIB_DIR = path.join(here, '../emu-machine/images'); // shared uart/puthex/poweroff routines

const EXPECTED_2 = `EL2 MMU on
EL2 ESR=97c8804e FAR=20000100
30c50839
EL1
EL2 ESR=5a000002
EL2 ESR=62300400
guest MMU on
EL1 ESR=56000099
EL1 ESR=9200000e FAR=20000040
EL1 ESR=6234f801
EL1 ESR=07e00000
EL1 ESR=02000000
EL1 ESR=5600dead
EL2 ESR=5a000001
done

END
`;

const EXPECTED_3 = `EL1
EL2 ESR=5a000001
pending but masked
vFIQ
EL2 ESR=5a000002
after
EL2 ESR=5a000003
pending but masked
vSError ESR_EL1=be000000
after
000
EL2 ESR=5a000004
EL2 IRQ CNTHP_CTL=00000005
after
EL2 ESR=5a000005
after
EL2 ESR=5a000009
done

END
`;

// QEMU 7.2 reports a stage-2 fault on a stage-1 table walk with the level of the stage-1
// lookup; the ARM ARM (AArch64.SecondStageWalk returns the stage-2 fault record) and our core
// give the stage-2 level. The two lines where they differ (stage-2 level 3, stage-1 level 2)
// are written here as the ARM ARM has them; QEMU_4 maps them back for the oracle check.
const EXPECTED_4 = `AT at EL2
0000000000600a00
0000000002200b00
0000000000000a1f
ff00000000601b80
ff00000002201b80
ff00000000606b80
0000000000000a1f
ff00000002206b80
ff00000000605b80
0000000000000a0f
0400000000607b80
0400000002207b00
000000000000080f
ff00000000600b00
000000000000081d
000000000000081d
ff00000000606b80
0000000000000a1f
0400000002200b00
0000000000000b0d
0000000000000b0d
0000000000000b0f
000000000000080d
0000000000000b1f
ff00000002201b80
EL1
1111
2222
2222
1111
EL2 ESR=92000086 FAR=40000008 HPFAR=00008000
EL2 ESR=920001c6 FAR=40000008 HPFAR=00008000
EL2 ESR=93c0804f FAR=00601000 HPFAR=00006060
EL1 ESR=96000007 FAR=00605000
EL2 ESR=82000007 FAR=00602000 HPFAR=00006050
EL2 ESR=82000087 FAR=80000000 HPFAR=00006050
000000000000080f
done

END
`;
const QEMU_4: Array<[string, string]> = [
  ['0000000000000b0f\n000000000000080d', '0000000000000b0d\n000000000000080d'], // AT S1E1R 0x80000000
  ['0000000000000b1f\n', '0000000000000b1d\n'],                                 // HCR_EL2.PTW, stage-2 level 3
  ['ESR=82000087 FAR=80000000', 'ESR=82000086 FAR=80000000'],                     // fetch, walk at stage-2 level 3
];

export const EXPECTED = `EL3
EL2
EL2 ESR=5a000012
EL3 ESR=5e000007
EL1
EL1 ESR=56000034
EL1 ESR=02000000
EL2 ESR=07e00000
EL2 ESR=5e000000
EL2 ESR=6230000f
EL2 ESR=93830006 FAR=20000010 HPFAR=00200000
EL2 ESR=93c6804e FAR=20200008 HPFAR=00202000
MMU on
EL1 ESR=9600004f FAR=10000008
EL1 ESR=96000007 FAR=10001010
PAR=ff00000000083b80
PAR=000000000000080f
1111111111111111
2222222222222222
vIRQ
after vIRQ
timer IRQ CNTV_CTL=00000005
EL1 ESR=3a000000
resumed
EL1 ESR=8a000000 FAR=0008032e
resumed
done

END
`;

async function build(dir: string, name: string): Promise<{ elf: string; img: Uint8Array }> {
  const obj = await assembleToObject(path.join(here, 'images', `${name}.S`), { includeDirs: [LIB_DIR] });
  const r = link([{ name: `${name}.o`, bytes: obj }], { base: 0x80000n });
  const elf = path.join(dir, `${name}.elf`);
  fs.writeFileSync(elf, r.elf);
  return { elf, img: r.binary };
}

/** Run an image at 0x80000 from EL3 on one core with the minimal bus; returns the transcript. */
export async function runOnCore(img: Uint8Array, maxInsns = 50_000_000): Promise<string> {
  let out = '';
  let halted = false;
  let localTimerCtl = 0;
  const cpu = await createCpu({
    cores: 1, ramBytes: 64 << 20,
    bus: {
      read: (_c, pa) => (pa === 0x3f215054 ? 0x60 : pa === 0x40000040 ? localTimerCtl : 0),
      write: (_c, pa, _s, v) => {
        if (pa === 0x3f215040) out += String.fromCharCode(v & 0xff);
        else if (pa === 0x40000040) localTimerCtl = v;
        else if (pa === 0x3f10001c && (v & 0xffffff30) === 0x5a000020) halted = true;
      },
    },
  });
  cpu.ram.set(img, 0x80000);
  cpu.reset(0, { pc: 0x80000, el: 3 });
  cpu.setCounter(0, 0, 1);
  let total = 0;
  while (!halted && total < maxInsns) {
    const why = cpu.run(0, 100_000);
    total += cpu.lastRunCount(0);
    if (why === StopReason.TimerChanged || why === StopReason.Budget) {
      const lines = cpu.timerLines(0);
      // ARM-local block: bits 0-3 of the core timer control enable CNTPS/CNTPNS/CNTHP/CNTV as IRQ
      const map = [8, 1, 4, 2]; // control bit i -> core timerLines bit
      let irq = false;
      for (let i = 0; i < 4; i++) if ((localTimerCtl >> i) & 1 && lines & map[i]) irq = true;
      cpu.setIrq(0, irq);
    } else if (why === StopReason.Wfi || why === StopReason.Wfe) {
      if (halted) break;
      const d = cpu.nextTimerDeadline(0);
      if (!Number.isFinite(d)) break;
      cpu.setCounter(0, d, 1);
    } else break;
  }
  return out;
}

const IMAGES: Array<[string, string, string, Array<[string, string]>?]> = [
  ['cpu_system', 'EL3->EL2->EL1: SVC/HVC/SMC, UNDEF, TWI/TSC/TID3, stage-2 and stage-1 faults, AT, TLBI, virtual and timer IRQs, illegal return, PC alignment', EXPECTED],
  ['cpu_system2', 'EL2 stage-1 MMU and fault, guest stage 1 through stage 2, TVM trap, EL0 SVC/fault/CNTKCTL/nTWI/UNDEF', EXPECTED_2],
  // WFE right after an ERET finds the event register set (exception returns set it), so it is
  // not trapped by TWE; QEMU never traps WFE at all.
  ['cpu_system3', 'virtual FIQ and SError, CNTHP timer IRQ to EL2 through the local block, WFE after ERET', EXPECTED_3],
  ['cpu_system4', 'AT S1E*/S12E* at EL2 with stage 2 on (walks through stage 2, PAR of both stages, PTW faults, HCR_EL2.PTW), TLBI IPAS2E1IS/VAE1/VMALLS12E1, S1PTW aborts of loads, fetches and AT from EL1', EXPECTED_4, QEMU_4],
];

describe('system-level images', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-sys-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, what, expected, qemuDiffs] of IMAGES) {
    it(`${name} (${what}): our core`, async () => {
      const { img } = await build(dir, name);
      expect(await runOnCore(img)).toBe(expected);
    });
    it(`${name}: qemu-system-aarch64 -M raspi3b prints the same transcript (oracle)`, async () => {
      const { elf } = await build(dir, name);
      const r = await execa('qemu-system-aarch64', ['-M', 'raspi3b', '-kernel', elf, '-serial', 'null', '-serial', 'stdio', '-display', 'none', '-no-reboot', '-monitor', 'none'],
        { reject: false, timeout: 60_000, stripFinalNewline: false });
      let want = expected;
      for (const [ours, qemu] of qemuDiffs ?? []) { expect(want).toContain(ours); want = want.replace(ours, qemu); }
      expect(String(r.stdout)).toBe(want);
    });
  }
});
