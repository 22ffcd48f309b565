// The BCM2836/7 ARM-local peripherals at 0x40000000 (Quad-A7 control, QA7_rev3.4): routing of
// the GPU interrupt, each core's generic-timer lines and mailboxes, the local timer, and the
// per-core IRQ/FIQ source registers. It is the only thing that drives the cores' IRQ/FIQ pins.
import type { MmioDevice, TimedDevice } from './device.ts';

export const LOCAL_REG = {
  CONTROL: 0x00,
  CORE_TIMER_PRESCALER: 0x08,
  GPU_INT_ROUTING: 0x0c,
  PMU_ROUTING_SET: 0x10,
  PMU_ROUTING_CLEAR: 0x14,
  CORE_TIMER_LS: 0x1c,
  CORE_TIMER_MS: 0x20,
  LOCAL_INT_ROUTING: 0x24,
  AXI_COUNTERS: 0x2c,
  AXI_IRQ: 0x30,
  LOCAL_TIMER_CONTROL: 0x34,
  LOCAL_TIMER_WRITE_FLAGS: 0x38,
  TIMER_INT_CONTROL0: 0x40, // + 4 * core
  MAILBOX_INT_CONTROL0: 0x50, // + 4 * core
  IRQ_SOURCE0: 0x60, // + 4 * core
  FIQ_SOURCE0: 0x70, // + 4 * core
  MAILBOX_SET0: 0x80, // + 16 * core + 4 * mailbox
  MAILBOX_CLEAR0: 0xc0, // + 16 * core + 4 * mailbox
} as const;

/** Bits of the per-core source registers and of the timer control registers. */
export const LOCAL_SRC = { CNTPS: 0, CNTPNS: 1, CNTHP: 2, CNTV: 3, MAILBOX0: 4, GPU: 8, PMU: 9, AXI: 10, LOCAL_TIMER: 11 } as const;

/** The local timer counts down at the crystal's 38.4 MHz. */
export const LOCAL_TIMER_HZ = 38_400_000;

export interface CoreOutputs {
  setIrq(core: number, level: boolean): void;
  setFiq(core: number, level: boolean): void;
}

export class LocalBlock implements MmioDevice, TimedDevice {
  readonly name = 'ARM-local block';
  private control = 0;
  private prescaler = 0x80000000;
  private gpuRouting = 0;
  private localRouting = 0;
  private timerControl = [0, 0, 0, 0];
  private mailboxControl = [0, 0, 0, 0];
  private mailboxes = new Uint32Array(16);
  /** Generic-timer lines per core, in this block's bit order (CNTPS, CNTPNS, CNTHP, CNTV). */
  private timerLines = [0, 0, 0, 0];
  private gpuIrq = false;
  private gpuFiq = false;
  // Local timer.
  private ltControl = 0;
  private ltFlag = false;
  private ltStartNs = 0;
  private now = 0;
  private coreTimerHigh = 0;
  private outIrq = [false, false, false, false];
  private outFiq = [false, false, false, false];

  constructor(
    private readonly cores: CoreOutputs,
    /** The 64-bit core-timer count (the generic counter) at a given time. */
    private readonly counterAt: (nowNs: number) => number = (ns) => Math.floor(ns * 0.0192),
  ) {}

  setTimerLines(core: number, lines: number): void {
    if (this.timerLines[core] === (lines & 0xf)) return; // called every slice: usually unchanged
    this.timerLines[core] = lines & 0xf;
    this.update();
  }

  setGpuOutputs(irq: boolean, fiq: boolean): void {
    this.gpuIrq = irq;
    this.gpuFiq = fiq;
    this.update();
  }

  private ltPeriodNs(): number {
    return ((this.ltControl & 0x0fffffff) * 1e9) / LOCAL_TIMER_HZ;
  }

  sync(nowNs: number): void {
    this.now = nowNs;
    if ((this.ltControl & (1 << 28)) && !this.ltFlag) {
      const p = this.ltPeriodNs();
      if (p > 0 && nowNs >= this.ltStartNs + p) {
        this.ltFlag = true;
        // The counter reloads and keeps running; the next expiry is a period later.
        this.ltStartNs += p * Math.floor((nowNs - this.ltStartNs) / p);
        this.update();
      }
    }
  }

  nextEventNs(): number {
    if (!(this.ltControl & (1 << 28)) || this.ltFlag) return Infinity;
    const p = this.ltPeriodNs();
    return p > 0 ? this.ltStartNs + p : Infinity;
  }

  /** The pending sources of one core (IRQ source register layout), before the IRQ/FIQ split. */
  private sources(core: number): { irq: number; fiq: number } {
    let irq = 0, fiq = 0;
    const tc = this.timerControl[core];
    for (let b = 0; b < 4; b++) {
      if (!((this.timerLines[core] >> b) & 1)) continue;
      if ((tc >> (4 + b)) & 1) fiq |= 1 << b;
      else if ((tc >> b) & 1) irq |= 1 << b;
    }
    const mc = this.mailboxControl[core];
    for (let m = 0; m < 4; m++) {
      if (this.mailboxes[core * 4 + m] === 0) continue;
      if ((mc >> (4 + m)) & 1) fiq |= 1 << (4 + m);
      else if ((mc >> m) & 1) irq |= 1 << (4 + m);
    }
    if (this.gpuIrq && (this.gpuRouting & 3) === core) irq |= 1 << LOCAL_SRC.GPU;
    if (this.gpuFiq && ((this.gpuRouting >> 2) & 3) === core) fiq |= 1 << LOCAL_SRC.GPU;
    if (this.ltFlag && (this.ltControl & (1 << 29))) {
      const r = this.localRouting & 7;
      if (r === core) irq |= 1 << LOCAL_SRC.LOCAL_TIMER;
      else if (r === core + 4) fiq |= 1 << LOCAL_SRC.LOCAL_TIMER;
    }
    return { irq, fiq };
  }

  private update(): void {
    for (let c = 0; c < 4; c++) {
      const s = this.sources(c);
      const irq = s.irq !== 0, fiq = s.fiq !== 0;
      if (irq !== this.outIrq[c]) { this.outIrq[c] = irq; this.cores.setIrq(c, irq); }
      if (fiq !== this.outFiq[c]) { this.outFiq[c] = fiq; this.cores.setFiq(c, fiq); }
    }
  }

  read(offset: number): number {
    const core = (offset >> 2) & 3;
    if (offset >= LOCAL_REG.MAILBOX_CLEAR0 && offset < 0x100) return this.mailboxes[(offset - 0xc0) >> 2];
    if (offset >= LOCAL_REG.MAILBOX_SET0 && offset < 0xc0) return 0; // write-only
    switch (offset & ~0xc) {
      case LOCAL_REG.TIMER_INT_CONTROL0: return this.timerControl[core];
      case LOCAL_REG.MAILBOX_INT_CONTROL0: return this.mailboxControl[core];
      case LOCAL_REG.IRQ_SOURCE0: return this.sources(core).irq;
      case LOCAL_REG.FIQ_SOURCE0: return this.sources(core).fiq;
    }
    switch (offset) {
      case LOCAL_REG.CONTROL: return this.control;
      case LOCAL_REG.CORE_TIMER_PRESCALER: return this.prescaler;
      case LOCAL_REG.GPU_INT_ROUTING: return this.gpuRouting;
      case LOCAL_REG.LOCAL_INT_ROUTING: return this.localRouting;
      case LOCAL_REG.CORE_TIMER_LS: {
        const v = this.counterAt(this.now);
        this.coreTimerHigh = Math.floor(v / 2 ** 32) >>> 0;
        return v >>> 0;
      }
      case LOCAL_REG.CORE_TIMER_MS: return this.coreTimerHigh;
      case LOCAL_REG.LOCAL_TIMER_CONTROL:
        return ((this.ltControl & 0x3fffffff) | (this.ltFlag ? 0x80000000 : 0)) >>> 0;
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    const core = (offset >> 2) & 3;
    if (offset >= LOCAL_REG.MAILBOX_SET0 && offset < 0x100) {
      const i = (offset & 0x3f) >> 2;
      this.mailboxes[i] = offset < LOCAL_REG.MAILBOX_CLEAR0 ? this.mailboxes[i] | value : this.mailboxes[i] & ~value;
      this.update();
      return;
    }
    switch (offset & ~0xc) {
      case LOCAL_REG.TIMER_INT_CONTROL0: this.timerControl[core] = value & 0xff; this.update(); return;
      case LOCAL_REG.MAILBOX_INT_CONTROL0: this.mailboxControl[core] = value & 0xff; this.update(); return;
    }
    switch (offset) {
      case LOCAL_REG.CONTROL: this.control = value; break;
      case LOCAL_REG.CORE_TIMER_PRESCALER: this.prescaler = value; break;
      case LOCAL_REG.GPU_INT_ROUTING: this.gpuRouting = value & 0xf; break;
      case LOCAL_REG.LOCAL_INT_ROUTING: this.localRouting = value & 7; break;
      case LOCAL_REG.LOCAL_TIMER_CONTROL: {
        const wasOn = (this.ltControl & (1 << 28)) !== 0;
        this.ltControl = value & 0x3fffffff;
        if (!wasOn && (value & (1 << 28))) this.ltStartNs = this.now;
        break;
      }
      case LOCAL_REG.LOCAL_TIMER_WRITE_FLAGS:
        if (value & (1 << 31)) this.ltFlag = false;
        if (value & (1 << 30)) this.ltStartNs = this.now;
        else if (value & (1 << 31)) {
          // The timer kept running while the flag was up; its next expiry follows on.
          const p = this.ltPeriodNs();
          if (p > 0) while (this.ltStartNs + p <= this.now) this.ltStartNs += p;
        }
        break;
      default: return;
    }
    this.update();
  }
}
