// BCM2835 system timer at 0x3F003000 (ARM Peripherals manual, ch. 12): a free-running 1 MHz
// 64-bit counter and four 32-bit compare channels. When the low word of the counter becomes
// equal to Cn, match bit Mn in CS is set and GPU interrupt n is raised until software writes 1
// to Mn.
import type { IrqLine, MmioDevice, TimedDevice } from './device.ts';

export const SYSTIMER_REG = {
  CS: 0x00,
  CLO: 0x04,
  CHI: 0x08,
  C0: 0x0c,
  C1: 0x10,
  C2: 0x14,
  C3: 0x18,
} as const;

const TWO32 = 2 ** 32;

export class SystemTimer implements MmioDevice, TimedDevice {
  readonly name = 'system timer';
  private cs = 0;
  private compare = [0, 0, 0, 0];
  /** The counter value (µs) up to which matches have been checked. */
  private checkedUs = 0;

  /** `epochNs`: the machine time at which this timer was powered on (it counts from 0). */
  constructor(private readonly irqs: IrqLine[] = [], private readonly epochNs = 0) {}

  private nowUs = 0;

  sync(nowNs: number): void {
    const us = Math.floor((nowNs - this.epochNs) / 1000);
    if (us <= this.checkedUs) { this.nowUs = Math.max(this.nowUs, us); return; }
    const span = us - this.checkedUs; // counter values checkedUs+1 .. us are new
    for (let n = 0; n < 4; n++) {
      const lo = (this.checkedUs + 1) % TWO32;
      const dist = (this.compare[n] - lo + TWO32) % TWO32;
      if (dist < span) this.setMatch(n);
    }
    this.checkedUs = us;
    this.nowUs = us;
  }

  nextEventNs(): number {
    let best = Infinity;
    for (let n = 0; n < 4; n++) {
      if (this.cs & (1 << n)) continue; // already matched: no new edge to wait for
      const lo = (this.checkedUs + 1) % TWO32;
      const dist = (this.compare[n] - lo + TWO32) % TWO32;
      best = Math.min(best, (this.checkedUs + 1 + dist) * 1000 + this.epochNs);
    }
    return best;
  }

  private setMatch(n: number): void {
    this.cs |= 1 << n;
    this.irqs[n]?.(true);
  }

  read(offset: number): number {
    switch (offset) {
      case SYSTIMER_REG.CS: return this.cs;
      case SYSTIMER_REG.CLO: return this.nowUs % TWO32;
      case SYSTIMER_REG.CHI: return Math.floor(this.nowUs / TWO32) >>> 0;
      case SYSTIMER_REG.C0: case SYSTIMER_REG.C1: case SYSTIMER_REG.C2: case SYSTIMER_REG.C3:
        return this.compare[(offset - SYSTIMER_REG.C0) >> 2];
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    switch (offset) {
      case SYSTIMER_REG.CS:
        for (let n = 0; n < 4; n++) {
          if ((value >> n) & 1 && this.cs & (1 << n)) {
            this.cs &= ~(1 << n);
            this.irqs[n]?.(false);
          }
        }
        break;
      case SYSTIMER_REG.C0: case SYSTIMER_REG.C1: case SYSTIMER_REG.C2: case SYSTIMER_REG.C3:
        this.compare[(offset - SYSTIMER_REG.C0) >> 2] = value;
        break;
    }
  }
}
