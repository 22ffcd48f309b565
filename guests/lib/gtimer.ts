// The ARM generic timer of this core, EL1 physical timer (CNTP): counter CNTPCT_EL0 at
// CNTFRQ_EL0 Hz (19.2 MHz on the Pi 3). Its interrupt reaches the core through the ARM-local
// block (CNTPNSIRQ, bit 1 of the core's timer interrupt control and IRQ source registers).
import { CNTFRQ_EL0, CNTPCT_EL0, CNTP_TVAL_EL0, CNTP_CTL_EL0, isb, mmio_read32, mmio_write32 } from "aarch64";
import { CORE0_TIMER_IRQCNTL, CORE0_IRQ_SOURCE } from "./devices";

const CTL_ENABLE: u64 = 1;
const CTL_ISTATUS: u64 = 4;
const CNTPNSIRQ: u32 = 1 << 1;

export function counterHz(): u64 { return CNTFRQ_EL0.read(); }

export function counterNow(): u64 {
  isb(); // the counter read is not reordered before earlier instructions
  return CNTPCT_EL0.read();
}

/** Interrupt after `micros`; route the timer's line to core 0's IRQ. */
export function genericTimerArm(micros: u64): void {
  CNTP_TVAL_EL0.write(counterHz() * micros / 1000000);
  CNTP_CTL_EL0.write(CTL_ENABLE);
  mmio_write32(CORE0_TIMER_IRQCNTL, CNTPNSIRQ);
}

export function genericTimerPending(): bool {
  return (CNTP_CTL_EL0.read() & CTL_ISTATUS) != 0 && (mmio_read32(CORE0_IRQ_SOURCE) & CNTPNSIRQ) != 0;
}

export function genericTimerStop(): void {
  CNTP_CTL_EL0.write(0);
}
