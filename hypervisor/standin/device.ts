// STAND-IN for hyp-vdev's vdev/device.ts (same API) until it lands on main.
export abstract class MmioDevice {
  constructor(public base: u32, public size: u32) {}
  abstract read(offset: u32, width: u32): u64;
  abstract write(offset: u32, width: u32, value: u64): void;
}
export interface GuestClock { nowMicros(): u64; }
export interface GuestMemory {
  translate(ipa: u64, write: bool): u64;
  sizeBytes(): u64;
}
