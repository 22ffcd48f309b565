// One VM's peripherals: the devices it sees in the Pi's peripheral window 0x3F000000-
// 0x3FFFFFFF, how an MMIO exit finds the one an address belongs to, and the interrupt lines
// the hypervisor turns into HCR_EL2.VI/VF. Everything in the window without a model reads as
// zero and ignores writes (RAZ/WI), counted in `unhandled`, as the C original did for GPIO,
// PL011, EMMC and the rest (a VM must not reach the real SD card or the hypervisor's UART).
import { GuestClock, GuestMemory, MmioDevice } from "./device";
import { VirtualIntc } from "./intc";
import { VirtualSystemTimer } from "./system-timer";
import { VirtualAuxUart } from "./aux-uart";
import { VirtualGpio } from "./gpio";
import { VirtualMailbox } from "./mailbox";

export const PERIPHERAL_BASE: u64 = 0x3F000000;
export const PERIPHERAL_END: u64 = 0x40000000; // exclusive

export class VmDevices {
  readonly intc: VirtualIntc;
  readonly timer: VirtualSystemTimer;
  readonly uart: VirtualAuxUart;
  readonly gpio: VirtualGpio;
  readonly mailbox: VirtualMailbox;
  /** Accesses to the peripheral window that no device models (RAZ/WI). */
  unhandled: u32 = 0;
  private devices: StaticArray<MmioDevice>;

  constructor(clock: GuestClock, memory: GuestMemory, public vmId: u32, public name: string) {
    // Built in locals first: AssemblyScript wants every field set before `this` is used.
    const intc = new VirtualIntc();
    const timer = new VirtualSystemTimer(clock, intc);
    const uart = new VirtualAuxUart(intc);
    const gpio = new VirtualGpio();
    const mailbox = new VirtualMailbox(memory, vmId);
    // Most used first: the UART (every guest polls it), then timer and interrupt controller.
    const d = new StaticArray<MmioDevice>(5);
    d[0] = uart;
    d[1] = timer;
    d[2] = intc;
    d[3] = mailbox;
    d[4] = gpio;
    this.intc = intc;
    this.timer = timer;
    this.uart = uart;
    this.gpio = gpio;
    this.mailbox = mailbox;
    this.devices = d;
  }

  /** Every device as at power-on, for a VM restarted in place (the system timer's counter
   *  keeps counting; output the console has not shown yet stays). */
  reset(): void {
    for (let i = 0; i < this.devices.length; i++) unchecked(this.devices[i]).reset();
    this.unhandled = 0;
  }

  /** Whether `ipa` lies in the peripheral window (the MMIO a VM may touch). */
  static inWindow(ipa: u64): bool {
    return ipa >= PERIPHERAL_BASE && ipa < PERIPHERAL_END;
  }

  /** The device whose window holds `ipa`, or null. */
  find(ipa: u64): MmioDevice | null {
    for (let i = 0; i < this.devices.length; i++) {
      const d = unchecked(this.devices[i]);
      if (d.holds(ipa)) return d;
    }
    return null;
  }

  /** An MMIO load by the guest: the device's answer, or 0 (counted) where there is none.
   *  As on the peripheral bus (and tools/emu/machine/bus.ts): the device sees the aligned
   *  32-bit register; a byte or halfword load gets its lane of it; a 64-bit load gets the
   *  32-bit register zero-extended. */
  mmioRead(ipa: u64, width: u32): u64 {
    const d = this.find(ipa);
    if (d === null) {
      this.unhandled++;
      return 0;
    }
    const offset = <u32>(ipa - <u64>d.base);
    const v = <u32>d.read(offset & ~3, width);
    if (width >= 4) return v;
    return (v >> ((offset & 3) * 8)) & (width == 1 ? 0xFF : 0xFFFF);
  }

  /** An MMIO store by the guest: a narrow store lands in its lane of the 32-bit register. */
  mmioWrite(ipa: u64, width: u32, value: u64): void {
    const d = this.find(ipa);
    if (d === null) {
      this.unhandled++;
      return;
    }
    const offset = <u32>(ipa - <u64>d.base);
    const lane = width == 1 ? <u32>value & 0xFF : <u32>value & 0xFFFF;
    const v = width >= 4 ? <u32>value : lane << ((offset & 3) * 8);
    d.write(offset & ~3, width, v);
  }

  /** The VM's IRQ line (-> HCR_EL2.VI): brings the timer up to the VM's present first. */
  irqAsserted(): bool {
    this.timer.sync();
    return this.intc.irqOut;
  }

  /** The VM's FIQ line (-> HCR_EL2.VF): FIQ_CONTROL's source, when raised. */
  fiqAsserted(): bool {
    this.timer.sync();
    return this.intc.fiqOut;
  }

  /** Both lines at once for the ARM-local block (LINE_IRQ 1, LINE_FIQ 2), each only if asked
   *  for: the timer brought to the present once. (Inlined: it runs on every exit.) */
  @inline lines(irq: bool, fiq: bool): u32 {
    this.timer.sync();
    return (irq && this.intc.irqOut ? 1 : 0) | (fiq && this.intc.fiqOut ? 2 : 0);
  }

  /** Guest µs of the earliest unmatched compare channel (NO_EVENT: none): the hypervisor
   *  takes an exit then so that the match is raised on time. */
  nextTimerEvent(): u64 {
    this.timer.sync();
    return this.timer.nextEvent();
  }
}
