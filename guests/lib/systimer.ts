// The BCM2835 system timer: a free-running 1 MHz counter (CLO/CHI) and four compare channels;
// a channel whose compare value the counter reaches sets its bit in CS and raises GPU IRQ n
// (channels 1 and 3 are the ARM's; enable IRQ_SYSTEM_TIMER_1 in lib/intc.ts).
import { mmio_read32, mmio_write32 } from "aarch64";
import { TIMER_CS, TIMER_CLO, TIMER_CHI, TIMER_C } from "./devices";

/** Microseconds since the counter started (64-bit, read consistently). */
export function timerNow(): u64 {
  let hi = mmio_read32(TIMER_CHI);
  let lo = mmio_read32(TIMER_CLO);
  const hi2 = mmio_read32(TIMER_CHI);
  if (hi2 != hi) {
    hi = hi2;
    lo = mmio_read32(TIMER_CLO);
  }
  return (<u64>hi << 32) | lo;
}

/** The low 32 bits of the counter (what the compare registers match against). */
export function timerLow(): u32 {
  return mmio_read32(TIMER_CLO);
}

/** Raise channel n's interrupt `micros` from now. */
export function timerArm(n: u32, micros: u32): void {
  let next = mmio_read32(TIMER_CLO) + micros;
  mmio_write32(TIMER_C(n), next);
  mmio_write32(TIMER_CS, 1 << n);
  // Descheduled for longer than `micros` between the read and the write (a loaded host, a
  // VM): the counter is past the compare and would match only after 2^32 us. Again from now.
  while (<i32>(mmio_read32(TIMER_CLO) - next) >= 0 && !timerMatched(n)) {
    next = mmio_read32(TIMER_CLO) + micros;
    mmio_write32(TIMER_C(n), next);
  }
}

/** Acknowledge channel n's match and raise it again `period` after the previous compare value
 *  (a periodic tick that does not drift with interrupt latency). */
export function timerRearm(n: u32, period: u32): void {
  let next = mmio_read32(TIMER_C(n)) + period;
  // Late by more than a period (a slow host, a descheduled VM): the next compare would be
  // 2^32 us away; count from now instead.
  if (<i32>(mmio_read32(TIMER_CLO) - next) >= 0) next = mmio_read32(TIMER_CLO) + period;
  mmio_write32(TIMER_C(n), next);
  mmio_write32(TIMER_CS, 1 << n);
  // The counter may also pass `next` between that check and the write (the VM descheduled,
  // or the host's thread under QEMU, whose counter follows the host's clock): the compare
  // then lies behind the counter and the tick stops. Checked again after the write.
  while (<i32>(mmio_read32(TIMER_CLO) - next) >= 0 && !timerMatched(n)) {
    next = mmio_read32(TIMER_CLO) + period;
    mmio_write32(TIMER_C(n), next);
  }
}

export function timerMatched(n: u32): bool {
  return (mmio_read32(TIMER_CS) & (1 << n)) != 0;
}

/** Busy-wait (for drivers' short settle times; schedulers should sleep instead). */
export function delayMicros(us: u32): void {
  const start = mmio_read32(TIMER_CLO);
  while (mmio_read32(TIMER_CLO) - start < us) {}
}
