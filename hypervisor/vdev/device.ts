// What a VM's emulated device offers the hypervisor's MMIO exit handler, and what the
// hypervisor offers the devices in return: the VM's clock and the VM's memory. Mirrors
// tools/emu/devices/device.ts (our emulator's bus interface), with windows in guest-physical
// addresses (IPAs) because every VM sees the peripherals at the Pi's 0x3F000000.

/** A device behind a window of the VM's MMIO space. Offsets are relative to `base`. */
export abstract class MmioDevice {
  constructor(public base: u32, public size: u32) {}

  /** Whether `ipa` falls in this device's window. */
  holds(ipa: u64): bool {
    return ipa >= <u64>this.base && ipa < <u64>this.base + <u64>this.size;
  }

  /** A load of `width` bytes (1, 2, 4, 8). Registers are 32 bits wide: narrower and wider
   *  accesses see the 32-bit value (zero-extended), as on the BCM2835's peripheral bus. */
  abstract read(offset: u32, width: u32): u64;
  abstract write(offset: u32, width: u32, value: u64): void;
}

/** The VM's view of time, in system-timer ticks (1 MHz). hyp-core implements it. */
export interface GuestClock {
  nowMicros(): u64;
}

/** Guest-physical memory as the VM sees it (through its stage 2). hyp-core implements it. */
export interface GuestMemory {
  /** Host PA for a guest IPA, or NOT_MAPPED when unmapped / outside the VM's RAM. */
  translate(ipa: u64, write: bool): u64;
  sizeBytes(): u64;
}

/** translate()'s answer for an IPA the VM has no RAM at. */
export const NOT_MAPPED: u64 = u64.MAX_VALUE;
/** nextEvent()'s answer when nothing is due. */
export const NO_EVENT: u64 = u64.MAX_VALUE;
