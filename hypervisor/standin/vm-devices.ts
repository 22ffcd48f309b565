// STAND-IN for hyp-vdev's vdev/vm-devices.ts (same API): the mini-UART only; the rest RAZ/WI.
import { MmioDevice, GuestClock, GuestMemory } from "./device";
import { VirtualAuxUart } from "./aux-uart";

export class VmDevices {
  readonly uart: VirtualAuxUart = new VirtualAuxUart();
  unhandled: u32 = 0;
  constructor(public clock: GuestClock, public memory: GuestMemory, public vmId: u32, public name: string) {}
  find(ipa: u64): MmioDevice | null {
    const u = this.uart;
    if (ipa >= <u64>u.base && ipa < <u64>u.base + <u64>u.size) return u;
    return null;
  }
  irqAsserted(): bool { return false; }
  fiqAsserted(): bool { return false; }
  nextTimerEvent(): u64 { return u64.MAX_VALUE; }
}
