// kvm-unit-tests-style guests, bare and as VMs of the hypervisor, in our emulator and under
// qemu-system-aarch64 -M raspi3b (the oracle): `selftest` takes and returns from SVC, an
// undefined instruction, BRK and data aborts on a load and a store, checking ESR/ELR/FAR; its
// transcript is written out here from the ARM ARM's encodings and the ELF's symbols.
// `micro-bench` times HVC round trips and mini-UART LSR reads: its numbers are not
// deterministic across machines (QEMU's counter runs at 62.5 MHz in host time, ours at
// 19.2 MHz in instruction time), so they are masked and checked for sense.
import { beforeAll, describe, expect, test } from 'vitest';
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../tools/build/index.ts';
import { runOurs, runQemu, hypervisorWith } from './machines.ts';

const bare: Record<string, { image: string; elf: string }> = {};
let kernel = '';
let selftestExpected = '';

// `--until` stops once the text is out: the line's end may or may not follow
const line = (o: string) => o.replace(/\n?$/, '\n');
const hex = (n: bigint) => '0x' + n.toString(16);

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-kvm-unit-'));
  const r = await build({ buildDir: dir, only: ['selftest', 'micro-bench'], log: () => {} });
  for (const p of r.programs) bare[p.name] = { image: p.image, elf: p.elf };
  kernel = await hypervisorWith(['micro-bench', 'selftest']);
  // The excepting instructions' addresses from the symbol table (same image bare and as a VM:
  // both load at 0x80000).
  const nm = (await execa('llvm-nm', [bare.selftest.elf])).stdout;
  const at = (s: string) => BigInt('0x' + new RegExp(`^([0-9a-f]+) \\w ${s}$`, 'm').exec(nm)![1]);
  const far = 0x1_0000_0000n; // outside TTBR0's 32-bit range: level 0 translation fault
  selftestExpected =
    'selftest: EL1, vectors\n' +
    // EC 0x15 SVC64, IL, imm16; ELR: the instruction after the SVC
    `PASS: svc #0x1234 (ESR 0x56001234, ELR ${hex(at('st_svc_insn') + 4n)})\n` +
    // EC 0x00 unknown reason, IL; ELR: the undefined instruction itself
    `PASS: udf (undefined instruction) (ESR 0x2000000, ELR ${hex(at('st_udf_insn'))})\n` +
    // EC 0x3c BRK64, IL, the immediate
    `PASS: brk #0x77 (ESR 0xf2000077, ELR ${hex(at('st_brk_insn'))})\n` +
    // EC 0x25 data abort at the same EL, IL, DFSC 0b000100; WnR for the store; FAR exact
    `PASS: data abort on a load (ESR 0x96000004, ELR ${hex(at('st_load_insn'))}, FAR ${hex(far)})\n` +
    `PASS: data abort on a store (ESR 0x96000044, ELR ${hex(at('st_store_insn'))}, FAR ${hex(far + 8n)})\n` +
    'selftest: 5 tests, 0 failures\n';
}, 900_000);

const vmLoaded = 'INFO[2]: loaded\n';
/** VM 2's output after the console switched to it. */
const afterSwitch = (o: string) => o.slice(o.indexOf('switched to VM 2 (selftest)\n') + 'switched to VM 2 (selftest)\n'.length);

describe('selftest: EL1 exceptions taken and returned from', () => {
  test('bare, our emulator', async () => {
    const r = await runOurs(bare.selftest.image, '0 failures');
    expect(r.matched, r.stderr).toBe(true);
    expect(line(r.output)).toBe(selftestExpected);
  }, 300_000);
  test('bare, qemu', async () => {
    const r = await runQemu(bare.selftest.image, (o) => o.includes('failures\n'));
    expect(r.output).toBe(selftestExpected);
  }, 120_000);
  test('as VM 2 of the hypervisor, our emulator and qemu', async () => {
    const ours = await runOurs(kernel, '0 failures', '\\w{micro-bench: done}?2');
    expect(ours.matched, ours.stderr).toBe(true);
    expect(line(afterSwitch(ours.output))).toBe(selftestExpected);
    const q = await runQemu(kernel, (o) => afterSwitch(o).includes('failures\n'), 'micro-bench: done\n', ['?2'], 0, 90_000);
    expect(afterSwitch(q.output)).toBe(selftestExpected);
  }, 400_000);
});

describe('micro-bench: exit costs the guest sees', () => {
  const shape = (answer: string) =>
    'micro-bench: EL1, counter HZ Hz, 256 iterations each\n' +
    `hyp_call: ${answer}\n` +
    'hyp_call: 256 calls, T ticks, N ns each\n' +
    'mmio_read: AUX_MU_LSR 0x60\n' +
    'mmio_read: 256 calls, T ticks, N ns each\n' +
    'micro-bench: done\n';
  const bareAnswer = 'answered NOT_SUPPORTED (no hypervisor: the bare EL2 stand-in)';
  const mask = (o: string) => o.replace(/counter \d+ Hz/, 'counter HZ Hz').replace(/\d+ ticks, \d+\.\d ns each/g, 'T ticks, N ns each');
  const nsEach = (o: string, name: string) => Number(new RegExp(`${name}: 256 calls, \\d+ ticks, (\\d+\\.\\d) ns each`).exec(o)![1]);
  const fromBench = (o: string) => o.slice(o.indexOf('micro-bench: EL1'));
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    const [a, b, c, d] = await Promise.all([
      runOurs(bare['micro-bench'].image, 'micro-bench: done'),
      runQemu(bare['micro-bench'].image, (o) => o.includes('done\n')),
      runOurs(kernel, 'micro-bench: done'),
      runQemu(kernel, (o) => o.includes('micro-bench: done\n'), undefined, [], 0, 90_000),
    ]);
    Object.assign(runs, { oursBare: line(a.output), qemuBare: b.output, oursVm: line(fromBench(c.output)), qemuVm: fromBench(d.output) });
  }, 400_000);

  test('bare: the same transcript in both machines, numbers aside', () => {
    expect(mask(runs.oursBare)).toBe(shape(bareAnswer));
    expect(mask(runs.qemuBare)).toBe(shape(bareAnswer));
  });
  test('as a VM: the hypervisor answers the version call; the same transcript in both, numbers aside', () => {
    expect(mask(runs.oursVm)).toBe(shape('answered version 1.0'));
    expect(mask(runs.qemuVm)).toBe(shape('answered version 1.0'));
  });
  test('an exit to the hypervisor costs more than the bare stand-in or device read, in both machines', () => {
    for (const [b, v] of [[runs.oursBare, runs.oursVm], [runs.qemuBare, runs.qemuVm]]) {
      expect(nsEach(v, 'hyp_call')).toBeGreaterThan(nsEach(b, 'hyp_call'));
      expect(nsEach(v, 'mmio_read')).toBeGreaterThan(5 * nsEach(b, 'mmio_read'));
    }
    // ours: time is instructions (1 ns each), so an HVC round trip is some hundreds of them
    expect(nsEach(runs.oursVm, 'hyp_call')).toBeGreaterThan(100);
    expect(nsEach(runs.oursVm, 'hyp_call')).toBeLessThan(20_000);
  });
});
