// Virtual time. By default time is a function of executed instructions only (one instruction
// = 1 ns of a core's time, every core running in lock-step slices), so a run with the same
// input is repeatable to the byte. --realtime instead reads the host's monotonic clock.
export const NS_PER_INSN = 1;
/** The generic counter of the BCM2837 runs from the 19.2 MHz crystal. */
export const COUNTER_HZ = 19_200_000;
export const COUNTER_TICKS_PER_NS = COUNTER_HZ / 1e9;

export class Clock {
  /** Virtual nanoseconds since power-on. */
  now = 0;
  private readonly wallStart = process.hrtime.bigint();

  constructor(readonly realtime: boolean) {}

  counter(): number {
    return Math.floor(this.now * COUNTER_TICKS_PER_NS);
  }

  static counterToNs(ticks: number): number {
    return Math.ceil(ticks / COUNTER_TICKS_PER_NS);
  }

  wallNs(): number {
    return Number(process.hrtime.bigint() - this.wallStart);
  }

  /** In real-time mode, move virtual time up to the wall clock (never backwards). */
  followWall(): void {
    if (this.realtime) this.now = Math.max(this.now, this.wallNs());
  }
}
