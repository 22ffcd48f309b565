// Per-VM budget for hypervisor messages about a VM (WARN lines...): a guest that makes the
// hypervisor complain on every exit must not flood the console. A token bucket: BURST lines at
// once, then one per REFILL_MICROS; lines over budget are counted and reported as one line
// when the budget allows again. Time is the real system timer's counter (CLO), read directly:
// it only ever runs forward, and reading it changes nothing.
import { mmio_read32 } from "aarch64";

const SYSTEM_TIMER_CLO: u32 = 0x3F003004;
export const LINE_BURST: u32 = 10;
export const REFILL_MICROS: u32 = 100000; // 10 lines per second, sustained

export function nowMicros(): u32 {
  return mmio_read32(SYSTEM_TIMER_CLO);
}

export class LineBudget {
  private tokens: u32 = LINE_BURST;
  private lastRefill: u32 = 0;
  private started: bool = false;
  /** Lines refused since the last one printed. */
  suppressed: u32 = 0;

  /** Whether a line may be printed now (takes a token). */
  take(): bool {
    const now = nowMicros();
    if (!this.started) {
      this.started = true;
      this.lastRefill = now;
    }
    const earned = (now - this.lastRefill) / REFILL_MICROS; // u32 arithmetic: CLO wraps
    if (earned > 0) {
      this.tokens = min(LINE_BURST, this.tokens + earned);
      this.lastRefill += earned * REFILL_MICROS;
    }
    if (this.tokens == 0) {
      this.suppressed++;
      return false;
    }
    this.tokens--;
    return true;
  }
}
