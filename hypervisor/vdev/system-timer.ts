// A VM's BCM2835 system timer (ARM Peripherals manual, ch. 12) at 0x3F003000: a 1 MHz 64-bit
// counter (CLO/CHI) and four 32-bit compare channels C0-C3. When the counter's low word
// becomes equal to Cn, CS bit Mn is set and GPU interrupt n is raised until the guest writes 1
// to Mn. Mirrors tools/emu/devices/system-timer.ts.
//
// Time is the VM's own (GuestClock, from hyp-core): every counter value between two looks at
// the clock is checked against all four channels, so a match is never missed however long the
// VM was away, and nextEvent() tells the hypervisor when to take an exit so that the match is
// raised on time. (The C original checked only at VM entry with a 10 ms floor, and only C1/C3.)
import { GuestClock, MmioDevice, NO_EVENT } from "./device";
import { VirtualIntc, IRQ_SYSTEM_TIMER_0 } from "./intc";
import { guestEventsChanged } from "../vm/guest-events";

export const SYSTEM_TIMER_BASE: u32 = 0x3F003000;
export const SYSTEM_TIMER_SIZE: u32 = 0x1C;

// Register offsets (manual section 12.1).
export const CS: u32 = 0x00; // control/status: M0-M3 match bits, write 1 to clear
export const CLO: u32 = 0x04; // counter, low 32 bits
export const CHI: u32 = 0x08; // counter, high 32 bits
export const C0: u32 = 0x0C; // compare 0-3
export const C1: u32 = 0x10;
export const C2: u32 = 0x14;
export const C3: u32 = 0x18;

const CHANNELS: i32 = 4;

export class VirtualSystemTimer extends MmioDevice {
  private cs: u32 = 0;
  private compare: StaticArray<u32> = new StaticArray<u32>(CHANNELS);
  /** The counter value (µs) up to which matches have been checked. */
  private checkedUs: u64 = 0;
  private nowUs: u64 = 0;
  /** nextEvent(), kept up to date: until the counter reaches it no channel can match, so a
   *  look at the clock before then is one comparison (it happens several times per exit). */
  private dueUs: u64 = 0;

  constructor(private clock: GuestClock, private intc: VirtualIntc) {
    super(SYSTEM_TIMER_BASE, SYSTEM_TIMER_SIZE);
    this.dueUs = this.earliestMatch();
  }

  /** The counter keeps running (it is not the ARM's to reset); matches and compares clear. */
  reset(): void {
    this.sync();
    this.cs = 0;
    for (let n = 0; n < CHANNELS; n++) {
      unchecked((this.compare[n] = 0));
      this.intc.setGpuIrq(IRQ_SYSTEM_TIMER_0 + n, false);
    }
    this.dueUs = this.earliestMatch();
    guestEventsChanged();
  }

  /** Brings the timer up to the VM's present: raises every channel whose value the counter
   *  passed since the last look. Inlined: it runs several times per exit, and the usual case
   *  (nothing due) is two loads and a comparison. */
  @inline sync(): void {
    const us = this.clock.nowMicros();
    if (us >= this.dueUs) {
      this.raiseUpTo(us);
      return;
    }
    // No channel's value lies in checkedUs+1 .. us: nothing to raise.
    if (us > this.checkedUs) this.checkedUs = us;
    if (us > this.nowUs) this.nowUs = us;
  }

  /** Raises every channel whose value lies in checkedUs+1 .. us (us > checkedUs). */
  private raiseUpTo(us: u64): void {
    const span = us - this.checkedUs; // counter values checkedUs+1 .. us are new
    const lo = <u32>(this.checkedUs + 1);
    for (let n = 0; n < CHANNELS; n++) {
      const dist = <u64>(unchecked(this.compare[n]) - lo); // u32 arithmetic: wraps like the counter
      if (dist < span) this.setMatch(n);
    }
    this.checkedUs = us;
    this.nowUs = us;
    this.dueUs = this.earliestMatch();
  }

  /** Guest µs at which the next unmatched channel matches (NO_EVENT: all four are matched and
   *  wait for the guest to clear them). */
  nextEvent(): u64 {
    return this.dueUs;
  }

  private earliestMatch(): u64 {
    let best = NO_EVENT;
    const lo = <u32>(this.checkedUs + 1);
    for (let n = 0; n < CHANNELS; n++) {
      if ((this.cs & (1 << n)) != 0) continue; // matched: no new edge until cleared
      const at = this.checkedUs + 1 + <u64>(unchecked(this.compare[n]) - lo);
      if (at < best) best = at;
    }
    return best;
  }

  private setMatch(n: i32): void {
    this.cs |= 1 << n;
    this.intc.setGpuIrq(IRQ_SYSTEM_TIMER_0 + n, true);
  }

  read(offset: u32, width: u32): u64 {
    this.sync();
    switch (offset) {
      case CS: return this.cs;
      case CLO: return <u32>this.nowUs;
      case CHI: return <u32>(this.nowUs >> 32);
      case C0: case C1: case C2: case C3: return unchecked(this.compare[(offset - C0) >> 2]);
      default: return 0;
    }
  }

  write(offset: u32, width: u32, value64: u64): void {
    this.sync();
    const value = <u32>value64;
    switch (offset) {
      case CS:
        for (let n = 0; n < CHANNELS; n++) {
          if (((value & this.cs) >> n) & 1) {
            this.cs &= ~(1 << n);
            this.intc.setGpuIrq(IRQ_SYSTEM_TIMER_0 + n, false);
          }
        }
        break;
      case C0: case C1: case C2: case C3:
        unchecked((this.compare[(offset - C0) >> 2] = value));
        break;
      // CLO and CHI are read-only.
    }
    this.dueUs = this.earliestMatch();
    guestEventsChanged(); // (the scheduler keeps the earliest event of all VMs)
  }
}
