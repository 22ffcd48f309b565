// The hypervisor's own timer: the EL2 physical timer (CNTHP_*), which no guest can read or
// program. Its interrupt reaches the core through the ARM-local block (QA7: core timer
// interrupt control, nCNTHPIRQ bit 2). It ends time slices and wakes the scheduler when a
// guest's system-timer compare value comes due. Guest time (the VMs' system timer, 1 MHz) is
// derived from the generic counter too, so both run on one clock.
import { CNTHP_CTL_EL2, CNTHP_CVAL_EL2, CNTPCT_EL0, CNTFRQ_EL0, isb, mmio_write32 } from "aarch64";

const LOCAL_TIMER_INT_CONTROL0: u32 = 0x40000040; // + 4 * core
const CNTHPIRQ: u32 = 1 << 2;
const CNTVIRQ: u32 = 1 << 3; // the guest's virtual timer exits too (vdev/arm-local.ts)
const CTL_ENABLE: u64 = 1;
const CTL_IMASK: u64 = 2;

let freq: u64 = 19200000;
// The instant this core's current exit (or idle wake-up) works at: read once by clockRefresh()
// so that every device of every VM sees one time per exit and the conversion to µs is paid
// once (a guest reading its counter twice takes two exits, so it still sees time move).
let clockTicks: u64 = 0;
let clockMicros: u64 = 0;

export function hypTimerInit(core: u32): void {
  freq = CNTFRQ_EL0.read();
  if (freq == 0) freq = 19200000;
  CNTHP_CTL_EL2.write(CTL_IMASK);
  mmio_write32(LOCAL_TIMER_INT_CONTROL0 + core * 4, CNTHPIRQ | CNTVIRQ);
  clockRefresh();
}

export function nowTicks(): u64 {
  isb();
  return CNTPCT_EL0.read();
}

export function microsToTicks(us: u64): u64 {
  // us * freq / 10^6 without overflow for any realistic time (freq < 2^27).
  return (us / 1000000) * freq + ((us % 1000000) * freq) / 1000000;
}

export function ticksToMicros(t: u64): u64 {
  return (t / freq) * 1000000 + ((t % freq) * 1000000) / freq;
}

/** Takes the present as the instant of this exit: at its start (exits/dispatch.ts) and
 *  whenever the core wakes from waiting (exits/irq.ts pollInterrupts). */
export function clockRefresh(): void {
  const t = nowTicks();
  if (t == clockTicks) return;
  clockTicks = t;
  clockMicros = ticksToMicros(t);
}

/** Guest time in µs (the VMs' system timer counts this), as of the last clockRefresh(). */
export function guestMicros(): u64 {
  return clockMicros;
}

/** Interrupt at counter value `deadline` (u64.MAX_VALUE: none). */
export function hypTimerArm(deadline: u64): void {
  if (deadline == u64.MAX_VALUE) {
    CNTHP_CTL_EL2.write(CTL_IMASK);
    return;
  }
  CNTHP_CVAL_EL2.write(deadline);
  CNTHP_CTL_EL2.write(CTL_ENABLE);
}

/** Quiet the interrupt until the scheduler arms the timer again. */
export function hypTimerAck(): void {
  CNTHP_CTL_EL2.write(CTL_IMASK);
}
