// The core's API as the machine and the GDB stub use it: breakpoints and single step, WFI and
// interrupt wake-up, generic-timer outputs and deadlines, the exclusive monitor across cores,
// decoded-code invalidation (guest stores and host writes), MMIO bus accesses. Snippets are
// assembled with GNU as; expected values follow from the ARM ARM.
import { describe, it, expect, afterAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execa } from 'execa';
import { createCpu, StopReason } from '../../tools/emu/cpu.ts';
import { tmpDir } from './oracle.ts';

const dir = tmpDir('emu-api-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
async function asm(src: string): Promise<Uint8Array> {
  const base = path.join(dir, `s${n++}`);
  fs.writeFileSync(`${base}.s`, src);
  await execa('aarch64-linux-gnu-as', ['-o', `${base}.o`, `${base}.s`]);
  await execa('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', `${base}.o`, `${base}.bin`]);
  return fs.readFileSync(`${base}.bin`);
}

describe('CPU core API', () => {
  it('A53 PMU and debug registers: PMCR_EL0 (Arm, Cortex-A53, N = 6) keeps its ID bits; breakpoint/watchpoint pairs read back', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm(`
      mrs x0, pmcr_el0
      mov x1, #-1
      msr pmcr_el0, x1
      mrs x2, pmcr_el0
      mov x3, #0x1230
      msr dbgbvr5_el1, x3
      msr dbgwcr3_el1, x1
      mrs x4, dbgbvr5_el1
      mrs x5, dbgwcr3_el1
      msr pmevtyper5_el0, x3
      mrs x6, pmevtyper5_el0
      b .
    `), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.run(0, 11);
    // TRM: PMCR_EL0 IMP 0x41, IDCODE 0x03, N 6; P and C read as zero, E/D/X/DP/LC are written
    expect([0, 2, 4, 5, 6].map((r) => cpu.getX(0, r))).toEqual([0x41033000n, 0x41033079n, 0x1230n, 0xffffffffffffffffn, 0x1230n]);
  });

  it('breakpoints stop before the instruction; single step; skip once', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm('mov x0, #1\nadd x0, x0, #2\nadd x0, x0, #3\nb .\n'), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.addBreakpoint(0x1004n);
    expect(cpu.run(0, 100)).toBe(StopReason.Breakpoint);
    expect(cpu.getPc(0)).toBe(0x1004n);
    expect(cpu.getX(0, 0)).toBe(1n);
    cpu.skipBreakpointOnce();
    expect(cpu.run(0, 1)).toBe(StopReason.Budget);
    expect([cpu.getPc(0), cpu.getX(0, 0), cpu.lastRunCount(0)]).toEqual([0x1008n, 3n, 1]);
    cpu.removeBreakpoint(0x1004n);
    cpu.run(0, 1);
    expect(cpu.getX(0, 0)).toBe(6n);
    expect(cpu.insnCount(0)).toBe(3);
  });

  it('WFI stops the core; a raised IRQ line wakes it into the IRQ vector', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm(`
      adr x0, vec
      msr VBAR_EL1, x0
      msr DAIFClr, #2
      wfi
      mov x6, #1
      b .
      .balign 0x800
vec:  .skip 0x280
      mov x7, #0x42
      mrs x8, ELR_EL1
      b .
`), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    expect(cpu.run(0, 1000)).toBe(StopReason.Wfi);
    expect(cpu.getPc(0)).toBe(0x1010n);
    cpu.setIrq(0, true);
    cpu.run(0, 3);
    expect(cpu.getX(0, 7)).toBe(0x42n);
    expect(cpu.getX(0, 8)).toBe(0x1010n); // preferred return: the instruction after WFI
    expect(cpu.getX(0, 6)).toBe(0n);
    expect(cpu.exceptionStats()).toEqual({ IRQ: 1 });
  });

  it('generic timer: deadline, output line, TimerChanged', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm(`
      mov x0, #100
      msr CNTP_TVAL_EL0, x0
      mov x0, #1
      msr CNTP_CTL_EL0, x0
      mrs x1, CNTPCT_EL0
1:    b 1b
`), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.setCounter(0, 1000, 1);
    cpu.run(0, 4);
    expect(cpu.nextTimerDeadline(0)).toBe(1101); // TVAL written after 1 instruction
    expect(cpu.timerLines(0)).toBe(0);
    expect(cpu.run(0, 1000)).toBe(StopReason.TimerChanged);
    expect(cpu.timerLines(0)).toBe(1); // CNTPNSIRQ
    expect(cpu.counter(0)).toBeGreaterThanOrEqual(1101);
    expect(cpu.getX(0, 1)).toBe(1004n);
  });

  it('exclusive monitor: a store by another core makes STXR fail', async () => {
    const cpu = await createCpu({ cores: 2, ramBytes: 1 << 20 });
    const code = await asm('ldxr x1, [x2]\nstxr w4, x5, [x2]\nb .\n');
    const other = await asm('str x3, [x2]\nb .\n');
    cpu.ram.set(code, 0x1000);
    cpu.ram.set(other, 0x2000);
    for (const [interfere, expectStatus] of [[false, 0n], [true, 1n]] as const) {
      cpu.reset(0, { pc: 0x1000, el: 1 });
      cpu.reset(1, { pc: 0x2000, el: 1 });
      for (const c of [0, 1]) cpu.setX(c, 2, 0x8000n);
      cpu.setX(1, 3, 0x77n);
      cpu.setX(0, 5, 0x55n);
      cpu.run(0, 1);
      if (interfere) cpu.run(1, 1);
      cpu.run(0, 1);
      expect(cpu.getX(0, 4)).toBe(expectStatus);
      expect(new DataView(cpu.ram.buffer, cpu.ram.byteOffset).getBigUint64(0x8000, true)).toBe(interfere ? 0x77n : 0x55n);
    }
  });

  it('decoded code is invalidated by guest stores and host writes', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm(`
      bl fn
      mov x9, x0
      ldr w3, newinsn
      adr x4, fn
      str w3, [x4]
      dc cvau, x4
      dsb ish
      ic ivau, x4
      dsb ish
      isb
      bl fn
      b .
fn:   mov x0, #5
      ret
newinsn: mov x0, #7
`), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.run(0, 20);
    expect([cpu.getX(0, 9), cpu.getX(0, 0)]).toEqual([5n, 7n]);
    // host write (GDB/loader) over the now-decoded function
    const movX0_9 = await asm('mov x0, #9\n');
    expect(cpu.writeVirt(0, 0x1030n, movX0_9)).toBe(true);
    cpu.setPc(0, 0x1030n);
    cpu.run(0, 1);
    expect(cpu.getX(0, 0)).toBe(9n);
  });

  it('MMIO: accesses outside RAM go to the bus; 8-byte accesses are split', async () => {
    const log: string[] = [];
    const cpu = await createCpu({
      cores: 1, ramBytes: 1 << 20,
      bus: { read: (c, pa, size) => { log.push(`r${size}@${pa.toString(16)}`); return 0xabcd1234; }, write: (c, pa, size, v) => { log.push(`w${size}@${pa.toString(16)}=${v.toString(16)}`); } },
    });
    cpu.ram.set(await asm('str x1, [x2]\nldrh w3, [x2, #2]\nldr x4, [x2]\nstrb w1, [x2, #1]\nb .\n'), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.setX(0, 1, 0x1122334455667788n);
    cpu.setX(0, 2, 0x3f000000n);
    cpu.run(0, 4);
    expect(log).toEqual(['w4@3f000000=55667788', 'w4@3f000004=11223344', 'r2@3f000002', 'r4@3f000000', 'r4@3f000004', 'w1@3f000001=88']);
    expect(cpu.getX(0, 3)).toBe(0x1234n);
    expect(cpu.getX(0, 4)).toBe(0xabcd1234abcd1234n);
  });
});

describe('stage-1 translation through TTBR1_EL1 (a kernel in the high half)', () => {
  it('walks 4 levels for VA 0xffff000000080000 (T1SZ 16) and faults outside both ranges', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 4 << 20 });
    const dv = new DataView(cpu.ram.buffer, cpu.ram.byteOffset);
    // tables at 0x100000 (L0), 0x101000 (L1), 0x102000 (L2); L2 maps 2 MiB blocks identity
    dv.setBigUint64(0x100000, 0x101000n | 3n, true);
    dv.setBigUint64(0x101000, 0x102000n | 3n, true);
    for (let i = 0; i < 2; i++) dv.setBigUint64(0x102000 + i * 8, (BigInt(i) << 21n) | 0x701n, true); // AF, ISH, block, EL1 RW
    dv.setBigUint64(0x1800, 0x1122334455667788n, true);
    cpu.ram.set(await asm(`
      ldr x1, =0xffff000000001800
      ldr x2, [x1]
      ldr x3, =0x0000800000000000
      ldr x4, [x3]
      b .
`), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.setSysreg(0, 'MAIR_EL1', 0xffn);
    // T0SZ 16 with EPD0 (no lower range), T1SZ 16, TG1 4 KiB (0b10), IPS 40 bits
    cpu.setSysreg(0, 'TCR_EL1', 16n | (1n << 7n) | (16n << 16n) | (2n << 30n) | (2n << 32n));
    cpu.setSysreg(0, 'TTBR1_EL1', 0x100000n);
    cpu.setSysreg(0, 'SCTLR_EL1', 0x30d00801n);
    cpu.setHostExceptions(0, true);
    // the code itself runs at its physical address: map nothing for it and enter via the high alias
    cpu.setPc(0, 0xffff000000001000n);
    expect(cpu.run(0, 10)).toBe(StopReason.Exception);
    expect(cpu.getX(0, 2)).toBe(0x1122334455667788n);
    const e = cpu.lastException(0);
    // the lower range is disabled (EPD0): translation fault level 0, FAR = the VA
    expect([e.ec, Number(e.esr & 0x3fn), e.far]).toEqual([0x25, 0x04, 0x0000800000000000n]);
    expect(cpu.translate(0, 0xffff000000001800n)).toBe(0x1800n);
    expect(cpu.translate(0, 0x1800n)).toBe(null);
  });
});

describe('SP alignment (SCTLR_ELx.SA; QEMU does not model it, so the expected values are the ARM ARM\'s)', () => {
  it('a load through a misaligned SP_EL0 at EL1t raises EC 0x26 to the SP0 vector', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm(`
      adr x0, vec
      msr VBAR_EL1, x0
      ldr x0, =0x8008
      msr SP_EL0, x0
      msr SPSel, #0
      ldr x1, [sp]
      mov x9, #1
      b .
      .balign 0x800
vec:  mrs x7, ESR_EL1
      mrs x8, ELR_EL1
      b .
`), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.setSysreg(0, 'SCTLR_EL1', 0x30d00808n); // SA
    cpu.run(0, 9);
    expect(cpu.getX(0, 7)).toBe(0x9a000000n);
    expect(cpu.getX(0, 8)).toBe(0x1014n);
    expect(cpu.getX(0, 9)).toBe(0n);
  });
});

describe('alignment checking and execution-state rules (expected values from the ARM ARM)', () => {
  it('SCTLR_EL1.A: an unaligned load takes an alignment fault (DFSC 0x21)', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm('ldr x1, [x2]\nb .\n'), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 1 });
    cpu.setX(0, 2, 0x8001n);
    cpu.setSysreg(0, 'SCTLR_EL1', 0x30d00802n); // A
    cpu.setHostExceptions(0, true);
    expect(cpu.run(0, 2)).toBe(StopReason.Exception);
    const e = cpu.lastException(0);
    expect([e.esr, e.far]).toEqual([0x96000021n, 0x8001n]);
  });
  it('ERET to EL1 with HCR_EL2.RW = 0 (EL1 would be AArch32) is an illegal return', async () => {
    const cpu = await createCpu({ cores: 1, ramBytes: 1 << 20 });
    cpu.ram.set(await asm(`
      msr HCR_EL2, xzr
      mov x0, #0x3c5
      msr SPSR_EL2, x0
      adr x0, 1f
      msr ELR_EL2, x0
      eret
1:    nop
`), 0x1000);
    cpu.reset(0, { pc: 0x1000, el: 2 });
    cpu.setHostExceptions(0, true);
    expect(cpu.run(0, 10)).toBe(StopReason.Exception);
    const e = cpu.lastException(0);
    expect([e.ec, e.targetEl, e.elr]).toEqual([0x0e, 2, 0x1018n]); // illegal execution state, still EL2
  });
});
