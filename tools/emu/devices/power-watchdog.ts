// Power management / watchdog at 0x3F100000: RSTC, RSTS and WDOG, each written with the
// password 0x5A in the top byte. Setting the full-reset configuration in RSTC arms a reset
// that fires when the watchdog count (16 µs ticks) runs out — how every Pi kernel reboots.
import type { MmioDevice, TimedDevice } from './device.ts';

export const PM_REG = { RSTC: 0x1c, RSTS: 0x20, WDOG: 0x24 } as const;
export const PM_PASSWORD = 0x5a000000;
const RSTC_WRCFG_MASK = 0x30;
const RSTC_WRCFG_FULL_RESET = 0x20;
const WDOG_TICK_NS = 16_000;

export class PowerWatchdog implements MmioDevice, TimedDevice {
  readonly name = 'power management / watchdog';
  private rstc = 0;
  private rsts = 0x1000; // "had power-on reset"
  private wdog = 0;
  private deadline = Infinity;
  private now = 0;

  /** `onReset(partition)`: RSTS bits 0,2,4,6,8,10 hold the boot partition the firmware reads. */
  constructor(private readonly onReset: (rsts: number) => void) {}

  sync(nowNs: number): void {
    this.now = nowNs;
    if (nowNs >= this.deadline) {
      this.deadline = Infinity;
      this.onReset(this.rsts);
    }
  }

  nextEventNs(): number {
    return this.deadline;
  }

  read(offset: number): number {
    switch (offset) {
      case PM_REG.RSTC: return this.rstc;
      case PM_REG.RSTS: return this.rsts;
      case PM_REG.WDOG: {
        if (this.deadline === Infinity) return this.wdog;
        return Math.max(0, Math.ceil((this.deadline - this.now) / WDOG_TICK_NS)) & 0xfffff;
      }
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    if ((value & 0xff000000) >>> 0 !== PM_PASSWORD) return; // writes without the password are ignored
    switch (offset) {
      case PM_REG.RSTC:
        this.rstc = value & 0xffffff;
        if ((value & RSTC_WRCFG_MASK) === RSTC_WRCFG_FULL_RESET) this.deadline = this.now + this.wdog * WDOG_TICK_NS;
        else if (value & 0x2) this.deadline = Infinity; // "reset" bit clears the watchdog
        break;
      case PM_REG.RSTS: this.rsts = value & 0xfff; break;
      case PM_REG.WDOG: this.wdog = value & 0xfffff; break;
    }
  }
}
