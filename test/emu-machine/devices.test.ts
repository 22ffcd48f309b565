// Register behaviour of each peripheral model against the BCM2835 ARM Peripherals manual,
// the QA7 (ARM-local) document, the PL011 TRM and the SD specifications.
import { describe, expect, it } from 'vitest';
import { AUX_REG, AuxMiniUart } from '../../tools/emu/devices/aux-uart.ts';
import { CM_LOCK, Cprman } from '../../tools/emu/devices/cprman.ts';
import { EMMC_INT, EMMC_REG, Emmc } from '../../tools/emu/devices/emmc.ts';
import { GPIO_REG, Gpio } from '../../tools/emu/devices/gpio.ts';
import { GPU_IRQ, INTC_REG, LegacyInterruptController } from '../../tools/emu/devices/legacy-intc.ts';
import { LOCAL_REG, LocalBlock } from '../../tools/emu/devices/local-block.ts';
import { MBOX_EMPTY, MBOX_REG, Mailbox } from '../../tools/emu/devices/mailbox.ts';
import { PL011_INT, PL011_REG, Pl011Uart } from '../../tools/emu/devices/pl011.ts';
import { PM_REG, PowerWatchdog } from '../../tools/emu/devices/power-watchdog.ts';
import { MemoryStore, SdCard } from '../../tools/emu/devices/sd-card.ts';
import { SYSTIMER_REG, SystemTimer } from '../../tools/emu/devices/system-timer.ts';

describe('clock manager (CPRMAN)', () => {
  const PW = 0x5a000000;
  // Linux's clk-bcm2835 arithmetic on the registers: PLL = 19.2 MHz * (NDIV + FRAC / 2^20) / PDIV
  // (x2 with ANA1's prescaler bit), channel = PLL / DIV, clock = parent * 4096 / DIV (12.12)
  const pll = (c: Cprman, ctrl: number, frac: number, ana1: number) => {
    const v = c.read(ctrl), pre = (c.read(ana1) >> 14) & 1 ? 2 : 1;
    return 19.2e6 * pre * ((v & 0x3ff) + c.read(frac) / 2 ** 20) / ((v >> 12) & 7);
  };
  it('starts as the firmware leaves it: PLLC 2.4 GHz, VPU 400 MHz (the mini-UART 50 MHz base baud), UART 48 MHz', () => {
    const c = new Cprman();
    const pllc = pll(c, 0x1120, 0x1220, 0x1034);
    expect(pllc).toBe(2400e6);
    const core0 = pllc / (c.read(0x1620) & 0xff), per = pllc / (c.read(0x1520) & 0xff);
    expect(c.read(0x008) & 0xf).toBe(5); // VPU source: PLLC_CORE0
    expect(core0 * 4096 / c.read(0x00c)).toBe(400e6);
    expect(c.read(0x0f0) & 0xf).toBe(6); // UART source: PLLD_PER
    const plld = pll(c, 0x1140, 0x1240, 0x1054), uart = (plld / (c.read(0x1540) & 0xff)) * 4096 / c.read(0x0f4);
    expect(Math.round(uart / 1e3)).toBe(48000);
    expect(per).toBe(1200e6);
  });
  it('CM_LOCK: a PLL is locked when powered and out of analogue reset; writes need the password', () => {
    const c = new Cprman();
    expect(c.read(CM_LOCK)).toBe(0x1f00);
    c.write(0x1120, 4, c.read(0x1120) | 1 << 16); // no password: ignored
    expect(c.read(CM_LOCK)).toBe(0x1f00);
    c.write(0x1120, 4, PW | c.read(0x1120) | 1 << 16); // PLLC PWRDN
    expect(c.read(CM_LOCK)).toBe(0x1b00);
    c.write(0x10c, 4, PW | c.read(0x10c) | 1 << 8); // PLLD ANARST
    expect(c.read(CM_LOCK)).toBe(0x1300);
    c.write(0x1120, 4, PW | (c.read(0x1120) & ~(1 << 16)));
    c.write(0x10c, 4, PW | (c.read(0x10c) & ~(1 << 8)));
    expect(c.read(CM_LOCK)).toBe(0x1f00);
  });
  it('a clock\'s BUSY bit follows ENABLE; registers read back without the password byte', () => {
    const c = new Cprman();
    expect(c.read(0x0f0) & 0x90).toBe(0x90); // UART enabled and busy
    c.write(0x0f0, 4, PW | (c.read(0x0f0) & ~0x10));
    expect(c.read(0x0f0) & 0x90).toBe(0);
    c.write(0x0f4, 4, PW | 0x1234);
    expect(c.read(0x0f4)).toBe(0x1234);
  });
});

describe('legacy interrupt controller', () => {
  it('pends enabled GPU sources in pending 1/2 and the basic register, drives IRQ', () => {
    const outs: [boolean, boolean][] = [];
    const ic = new LegacyInterruptController((i, f) => outs.push([i, f]));
    ic.setGpuIrq(GPU_IRQ.SYSTEM_TIMER_1, true);
    expect(ic.read(INTC_REG.IRQ_PENDING_1)).toBe(0); // not enabled: not shown (as QEMU)
    ic.write(INTC_REG.ENABLE_IRQS_1, 4, 1 << 1);
    expect(ic.read(INTC_REG.IRQ_PENDING_1)).toBe(2);
    expect(ic.read(INTC_REG.IRQ_BASIC_PENDING)).toBe(1 << 8);
    expect(outs.at(-1)).toEqual([true, false]);
    ic.write(INTC_REG.DISABLE_IRQS_1, 4, 1 << 1);
    expect(ic.read(INTC_REG.ENABLE_IRQS_1)).toBe(0);
    expect(outs.at(-1)).toEqual([false, false]);
  });
  it('mirrors GPU IRQ 57 (UART) in basic pending bit 19 and 62 (SD) in bit 20', () => {
    const ic = new LegacyInterruptController();
    ic.write(INTC_REG.ENABLE_IRQS_2, 4, (1 << (57 - 32)) | (1 << (62 - 32)));
    ic.setGpuIrq(57, true);
    ic.setGpuIrq(62, true);
    expect(ic.read(INTC_REG.IRQ_PENDING_2)).toBe(((1 << 25) | (1 << 30)) >>> 0);
    expect(ic.read(INTC_REG.IRQ_BASIC_PENDING)).toBe((1 << 9) | (1 << 19) | (1 << 20));
  });
  it('routes the FIQ-selected source to FIQ and not IRQ', () => {
    const ic = new LegacyInterruptController();
    ic.write(INTC_REG.ENABLE_IRQS_1, 4, 1 << 29);
    ic.write(INTC_REG.FIQ_CONTROL, 4, 0x80 | 29);
    ic.setGpuIrq(GPU_IRQ.AUX, true);
    expect([ic.irqOut, ic.fiqOut]).toEqual([false, true]);
    ic.write(INTC_REG.FIQ_CONTROL, 4, 0);
    expect([ic.irqOut, ic.fiqOut]).toEqual([true, false]);
  });
});

describe('ARM-local block', () => {
  const make = () => {
    const irq = [false, false, false, false], fiq = [false, false, false, false];
    const lb = new LocalBlock({ setIrq: (c, l) => (irq[c] = l), setFiq: (c, l) => (fiq[c] = l) });
    return { lb, irq, fiq };
  };
  it('gates each core timer line by its control register; FIQ wins over IRQ', () => {
    const { lb, irq, fiq } = make();
    lb.setTimerLines(1, 0b0010); // CNTPNS
    expect(irq[1]).toBe(false);
    lb.write(LOCAL_REG.TIMER_INT_CONTROL0 + 4, 4, 0b0010);
    expect(irq[1]).toBe(true);
    expect(lb.read(LOCAL_REG.IRQ_SOURCE0 + 4)).toBe(2);
    lb.write(LOCAL_REG.TIMER_INT_CONTROL0 + 4, 4, 0b0010_0010);
    expect([irq[1], fiq[1]]).toEqual([false, true]);
    expect(lb.read(LOCAL_REG.FIQ_SOURCE0 + 4)).toBe(2);
  });
  it('routes the GPU interrupt to the core in GPU_INT_ROUTING', () => {
    const { lb, irq } = make();
    lb.write(LOCAL_REG.GPU_INT_ROUTING, 4, 2);
    lb.setGpuOutputs(true, false);
    expect(irq).toEqual([false, false, true, false]);
    expect(lb.read(LOCAL_REG.IRQ_SOURCE0 + 8)).toBe(1 << 8);
  });
  it('mailboxes: write-set, read, write-clear, interrupt when enabled', () => {
    const { lb, irq } = make();
    lb.write(LOCAL_REG.MAILBOX_INT_CONTROL0 + 12, 4, 1 << 3);
    lb.write(LOCAL_REG.MAILBOX_SET0 + 16 * 3 + 12, 4, 0x5);
    lb.write(LOCAL_REG.MAILBOX_SET0 + 16 * 3 + 12, 4, 0x30);
    expect(lb.read(LOCAL_REG.MAILBOX_CLEAR0 + 16 * 3 + 12)).toBe(0x35);
    expect(irq[3]).toBe(true);
    expect(lb.read(LOCAL_REG.IRQ_SOURCE0 + 12)).toBe(1 << 7);
    lb.write(LOCAL_REG.MAILBOX_CLEAR0 + 16 * 3 + 12, 4, 0x35);
    expect(irq[3]).toBe(false);
  });
  it('local timer: reload counts at 38.4 MHz, flag in bit 31, cleared by bit 31 of the write-flags register', () => {
    const { lb, irq } = make();
    lb.write(LOCAL_REG.LOCAL_INT_ROUTING, 4, 0);
    lb.write(LOCAL_REG.LOCAL_TIMER_CONTROL, 4, (1 << 28) | (1 << 29) | 38400); // 1 ms
    expect(lb.nextEventNs()).toBe(1_000_000);
    lb.sync(999_999);
    expect(lb.read(LOCAL_REG.LOCAL_TIMER_CONTROL) >>> 31).toBe(0);
    lb.sync(1_000_000);
    expect(lb.read(LOCAL_REG.LOCAL_TIMER_CONTROL) >>> 31).toBe(1);
    expect(irq[0]).toBe(true);
    expect(lb.read(LOCAL_REG.IRQ_SOURCE0)).toBe(1 << 11);
    lb.write(LOCAL_REG.LOCAL_TIMER_WRITE_FLAGS, 4, 1 << 31);
    expect(irq[0]).toBe(false);
    expect(lb.nextEventNs()).toBe(2_000_000);
  });
});

describe('system timer', () => {
  it('matches when the low counter word reaches Cn, sets Mn until written 1', () => {
    const lines = [false, false, false, false];
    const st = new SystemTimer([0, 1, 2, 3].map((n) => (l: boolean) => (lines[n] = l)));
    st.sync(5_000);
    expect(st.read(SYSTIMER_REG.CLO)).toBe(5);
    st.write(SYSTIMER_REG.C3, 4, 105);
    expect(st.nextEventNs()).toBe(105_000);
    st.sync(104_999);
    expect(st.read(SYSTIMER_REG.CS)).toBe(0);
    st.sync(250_000); // passing over the compare value still matches
    expect(st.read(SYSTIMER_REG.CS)).toBe(8);
    expect(lines[3]).toBe(true);
    st.write(SYSTIMER_REG.CS, 4, 8);
    expect(st.read(SYSTIMER_REG.CS)).toBe(0);
    expect(lines[3]).toBe(false);
  });
  it('has a 64-bit counter (CHI) and compares modulo 2^32', () => {
    const st = new SystemTimer();
    st.sync((2 ** 32 + 7) * 1000);
    expect(st.read(SYSTIMER_REG.CHI)).toBe(1);
    expect(st.read(SYSTIMER_REG.CLO)).toBe(7);
    expect(st.read(SYSTIMER_REG.CS)).toBe(0xf); // the low word passed every compare value (all 0)
    st.write(SYSTIMER_REG.CS, 4, 0xf);
    st.write(SYSTIMER_REG.C0, 4, 10);
    st.sync((2 ** 32 + 10) * 1000);
    expect(st.read(SYSTIMER_REG.CS)).toBe(1);
  });
});

describe('AUX mini-UART', () => {
  const make = () => {
    const tx: number[] = [];
    let irq = false;
    const u = new AuxMiniUart((b) => tx.push(b), (l) => (irq = l));
    u.write(AUX_REG.ENABLES, 4, 1);
    return { u, tx, irq: () => irq };
  };
  it('IER bit 0 enables the receive interrupt (datasheet erratum), IIR says 10 = receive', () => {
    const { u, irq } = make();
    u.write(AUX_REG.MU_IER, 4, 1);
    expect(irq()).toBe(false);
    u.receive(0x41);
    expect(irq()).toBe(true);
    expect(u.read(AUX_REG.IRQ)).toBe(1);
    expect(u.read(AUX_REG.MU_IIR)).toBe(0xc4);
    expect(u.read(AUX_REG.MU_IO)).toBe(0x41);
    expect(irq()).toBe(false);
    expect(u.read(AUX_REG.MU_IIR)).toBe(0xc3);
  });
  it('IER bit 1 is the transmit interrupt: always pending, the FIFO being empty', () => {
    const { u, irq } = make();
    u.write(AUX_REG.MU_IER, 4, 2);
    expect(irq()).toBe(true);
    expect(u.read(AUX_REG.MU_IIR)).toBe(0xc2);
  });
  it('LSR/STAT report data ready, transmitter empty/idle and FIFO levels; 8-byte FIFO', () => {
    const { u } = make();
    expect(u.read(AUX_REG.MU_LSR)).toBe(0x60);
    for (let i = 0; i < 8; i++) u.receive(i);
    expect(u.canReceive()).toBe(false);
    expect(u.read(AUX_REG.MU_LSR)).toBe(0x61);
    expect((u.read(AUX_REG.MU_STAT) >> 16) & 0xf).toBe(8);
    u.receive(9);
    expect(u.read(AUX_REG.MU_LSR) & 2).toBe(2); // overrun, cleared by the read
    expect(u.read(AUX_REG.MU_LSR) & 2).toBe(0);
  });
  it('DLAB exposes the baud divisor through IO/IER; BAUD reads back; TX needs CNTL bit 1', () => {
    const { u, tx } = make();
    u.write(AUX_REG.MU_BAUD, 4, 270);
    u.write(AUX_REG.MU_LCR, 4, 0x83);
    expect(u.read(AUX_REG.MU_IO)).toBe(270 & 0xff);
    expect(u.read(AUX_REG.MU_IER)).toBe(1);
    u.write(AUX_REG.MU_LCR, 4, 3);
    u.write(AUX_REG.MU_IO, 4, 0x42);
    u.write(AUX_REG.MU_CNTL, 4, 1);
    u.write(AUX_REG.MU_IO, 4, 0x43);
    expect(tx).toEqual([0x42]);
  });
  it('is gated off until AUX_ENABLES bit 0 is set', () => {
    const tx: number[] = [];
    const u = new AuxMiniUart((b) => tx.push(b));
    u.write(AUX_REG.MU_IO, 4, 0x41);
    expect(tx).toEqual([]);
    expect(u.canReceive()).toBe(false);
  });
});

describe('PL011', () => {
  it('resets with TXFE|RXFE, PrimeCell ids, RX interrupt through IMSC/MIS/ICR', () => {
    const tx: number[] = [];
    let irq = false;
    const u = new Pl011Uart((b) => tx.push(b), (l) => (irq = l));
    expect(u.read(PL011_REG.FR)).toBe(0x90);
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map((o) => u.read(o))).toEqual([0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
    u.write(PL011_REG.CR, 4, 0x301);
    u.write(PL011_REG.DR, 4, 0x55);
    expect(tx).toEqual([0x55]);
    u.write(PL011_REG.IMSC, 4, PL011_INT.RX);
    u.receive(0x61);
    expect(irq).toBe(true);
    expect(u.read(PL011_REG.MIS)).toBe(PL011_INT.RX);
    expect(u.read(PL011_REG.FR) & 0x10).toBe(0);
    expect(u.read(PL011_REG.DR)).toBe(0x61);
    expect(irq).toBe(false);
  });
});

describe('GPIO', () => {
  it('stores function selects; set/clear drive the level; pulls latch on the clock', () => {
    const g = new Gpio();
    g.write(0x04, 4, (2 << 12) | (2 << 15)); // GPIO14/15 ALT5
    expect(g.functionOf(14)).toBe(2);
    expect(g.read(0x04)).toBe((2 << 12) | (2 << 15));
    g.write(GPIO_REG.GPSET0, 4, 1 << 21);
    expect(g.read(GPIO_REG.GPLEV0)).toBe(1 << 21);
    g.write(GPIO_REG.GPCLR0, 4, 1 << 21);
    expect(g.read(GPIO_REG.GPLEV0)).toBe(0);
    g.write(GPIO_REG.GPPUD, 4, 2);
    g.write(GPIO_REG.GPPUDCLK0, 4, (1 << 14) | (1 << 15));
    expect([g.pull[14], g.pull[15], g.pull[16]]).toEqual([2, 2, 0]);
  });
});

describe('mailbox property channel', () => {
  it('answers board revision, ARM/VC memory and clock rate tags in place', () => {
    const ram = new Uint8Array(0x2000);
    const dv = new DataView(ram.buffer);
    const words = [0, 0, 0x00010002, 4, 0, 0, 0x00010005, 8, 0, 0, 0, 0x00010006, 8, 0, 0, 0, 0x00030002, 8, 0, 2, 0, 0x0badbad0, 4, 0, 0x77, 0];
    words[0] = words.length * 4;
    words.forEach((w, i) => dv.setUint32(0x1000 + i * 4, w >>> 0, true));
    const mb = new Mailbox(() => ram);
    expect(mb.read(MBOX_REG.STATUS)).toBe(MBOX_EMPTY);
    mb.write(MBOX_REG.WRITE, 4, 0x1000 | 8);
    expect(mb.read(MBOX_REG.STATUS)).toBe(0);
    expect(mb.read(MBOX_REG.READ)).toBe(0x1008);
    const w = (i: number) => dv.getUint32(0x1000 + i * 4, true);
    expect(w(1)).toBe(0x80000000);
    expect([w(4), w(5)]).toEqual([0x80000004, 0xa02082]);
    expect([w(9), w(10)]).toEqual([0, 0x3c000000]);
    expect([w(14), w(15)]).toEqual([0x3c000000, 0x04000000]);
    expect(w(20)).toBe(48_000_000); // UART clock
    expect([w(23), w(24)]).toEqual([0, 0x77]); // unknown tag untouched
  });
});

describe('EMMC host with an SD card', () => {
  const image = () => {
    const bytes = new Uint8Array(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 9)) & 0xff;
    return bytes;
  };
  const cmd = (e: Emmc, index: number, arg: number, flags: number) => {
    e.write(EMMC_REG.INTERRUPT, 4, 0xffffffff);
    e.write(EMMC_REG.ARG1, 4, arg);
    e.write(EMMC_REG.CMDTM, 4, ((index << 24) | flags) >>> 0);
    return { int: e.read(EMMC_REG.INTERRUPT), resp: e.read(EMMC_REG.RESP0) };
  };
  const init = (e: Emmc) => {
    e.write(EMMC_REG.IRPT_MASK, 4, 0xffffffff);
    cmd(e, 0, 0, 0);
    expect(cmd(e, 8, 0x1aa, 0x20000).resp).toBe(0x1aa);
    cmd(e, 55, 0, 0x20000);
    const ocr = cmd(e, 41, 0x40ff8000, 0x20000).resp;
    expect(ocr >>> 31).toBe(1);
    expect((ocr >>> 30) & 1).toBe(0); // 64 KiB card: standard capacity
    cmd(e, 2, 0, 0x10000);
    const rca = cmd(e, 3, 0, 0x20000).resp >>> 16;
    cmd(e, 7, rca << 16, 0x30000);
  };
  it('reads single and multiple blocks word by word with READ_RDY/DATA_DONE', () => {
    const bytes = image();
    const e = new Emmc(new SdCard(new MemoryStore(bytes)));
    init(e);
    e.write(EMMC_REG.BLKSIZECNT, 4, (2 << 16) | 512);
    const r = cmd(e, 18, 1024, 0x220032); // SDSC: byte address of block 2
    expect(r.int & (EMMC_INT.CMD_DONE | EMMC_INT.READ_RDY)).toBe(EMMC_INT.CMD_DONE | EMMC_INT.READ_RDY);
    const got = new Uint8Array(1024);
    const dv = new DataView(got.buffer);
    for (let i = 0; i < 256; i++) dv.setUint32(i * 4, e.read(EMMC_REG.DATA), true);
    expect(got).toEqual(bytes.subarray(1024, 2048));
    expect(e.read(EMMC_REG.INTERRUPT) & EMMC_INT.DATA_DONE).toBe(EMMC_INT.DATA_DONE);
    // The card still sends until CMD12: another read command is illegal and gets no answer.
    e.write(EMMC_REG.BLKSIZECNT, 4, (1 << 16) | 512);
    expect(cmd(e, 17, 0, 0x220010).int & EMMC_INT.CTO_ERR).toBe(EMMC_INT.CTO_ERR);
    cmd(e, 12, 0, 0x30000);
    expect(cmd(e, 17, 0, 0x220010).int & EMMC_INT.READ_RDY).toBe(EMMC_INT.READ_RDY);
    for (let i = 0; i < 128; i++) e.read(EMMC_REG.DATA);
    // With auto-CMD12 (CMDTM bits 3:2 = 01) the host stops the card itself.
    e.write(EMMC_REG.BLKSIZECNT, 4, (1 << 16) | 512);
    cmd(e, 18, 0, 0x220036);
    for (let i = 0; i < 128; i++) e.read(EMMC_REG.DATA);
    expect(cmd(e, 17, 512, 0x220010).int & EMMC_INT.READ_RDY).toBe(EMMC_INT.READ_RDY);
  });
  it('writes blocks (CMD24) and flags an unknown command with a timeout error', () => {
    const bytes = image();
    const e = new Emmc(new SdCard(new MemoryStore(bytes)));
    init(e);
    e.write(EMMC_REG.BLKSIZECNT, 4, (1 << 16) | 512);
    expect(cmd(e, 24, 512 * 5, 0x220000).int & EMMC_INT.WRITE_RDY).toBe(EMMC_INT.WRITE_RDY);
    for (let i = 0; i < 128; i++) e.write(EMMC_REG.DATA, 4, 0xdeadbeef);
    expect(e.read(EMMC_REG.INTERRUPT) & EMMC_INT.DATA_DONE).toBe(EMMC_INT.DATA_DONE);
    expect(new DataView(bytes.buffer).getUint32(512 * 5 + 508, true)).toBe(0xdeadbeef);
    const bad = cmd(e, 60, 0, 0x20000);
    expect(bad.int & (EMMC_INT.ERR | EMMC_INT.CTO_ERR)).toBe(EMMC_INT.ERR | EMMC_INT.CTO_ERR);
  });
  it('a card over 2 GiB is SDHC: CCS set, block addressing, CSD version 2', () => {
    const card = new SdCard({ blocks: 8 * 1024 * 1024, read: (lba, out) => out.fill(lba & 0xff), write: () => {} });
    card.command(0, 0);
    card.command(55, 0);
    const r = card.command(41, 0x40ff8000);
    expect(r.kind === 'r48' && (r.value >>> 30) & 1).toBe(1);
    card.command(2, 0);
    card.command(3, 0);
    const csd = card.command(9, 0x45670000);
    expect(csd.kind === 'r136' && csd.words[3] >>> 22).toBe(1); // CSD_STRUCTURE (bits 127:126) = 1
  });
  it('IRPT_MASK decides which events become flags', () => {
    const e = new Emmc(new SdCard(new MemoryStore(image())));
    cmd(e, 0, 0, 0);
    expect(e.read(EMMC_REG.INTERRUPT)).toBe(0);
  });
});

describe('power management watchdog', () => {
  it('needs the 0x5A password and resets after WDOG 16 µs ticks', () => {
    let resets = 0;
    const pm = new PowerWatchdog(() => resets++);
    pm.write(PM_REG.WDOG, 4, 10);
    expect(pm.read(PM_REG.WDOG)).toBe(0);
    pm.write(PM_REG.WDOG, 4, 0x5a000000 | 10);
    pm.write(PM_REG.RSTC, 4, 0x5a000020);
    expect(pm.nextEventNs()).toBe(160_000);
    pm.sync(159_999);
    expect(resets).toBe(0);
    pm.sync(160_000);
    expect(resets).toBe(1);
  });
});

// SDHOST with no card (QEMU's bcm2835_sdhost without a drive; a Pi 3 with its card on EMMC):
// a command that expects a response times out, one without a response completes, the NEW flag
// always clears, status bits are write-1-to-clear, the other registers read back.
describe('SDHOST (no card)', () => {
  it('fails commands that expect a response, completes the others, W1C status', async () => {
    const { SdHost, SDHOST_REG: R, SDCMD_NEW, SDCMD_FAIL, SDCMD_NO_RESPONSE, SDHSTS_CMD_TIME_OUT } = await import('../../tools/emu/devices/sdhost.ts');
    const h = new SdHost();
    h.write(R.SDCMD, 4, SDCMD_NEW | SDCMD_NO_RESPONSE | 0); // CMD0
    expect(h.read(R.SDCMD, 4)).toBe(SDCMD_NO_RESPONSE);
    expect(h.read(R.SDHSTS, 4)).toBe(0);
    h.write(R.SDARG, 4, 0x1aa);
    h.write(R.SDCMD, 4, SDCMD_NEW | 8); // CMD8 wants R7
    expect(h.read(R.SDCMD, 4)).toBe(SDCMD_FAIL | 8);
    expect(h.read(R.SDHSTS, 4)).toBe(SDHSTS_CMD_TIME_OUT);
    h.write(R.SDHSTS, 4, SDHSTS_CMD_TIME_OUT);
    expect(h.read(R.SDHSTS, 4)).toBe(0);
    expect(h.read(R.SDARG, 4)).toBe(0x1aa);
    h.write(R.SDCDIV, 4, 0x148);
    expect(h.read(R.SDCDIV, 4)).toBe(0x148);
    expect(h.read(R.SDRSP0, 4)).toBe(0);
  });
});
