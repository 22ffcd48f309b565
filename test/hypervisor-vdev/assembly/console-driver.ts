// Test driver: the console (hypervisor/console/) with VMs whose only device is a virtual
// mini-UART; the real mini-UART behind it is our emulator's model, given to the wasm as the
// "aarch64" MMIO imports by test/hypervisor-vdev/console.test.ts.
import { VirtualAuxUart, AUX_BASE, AUX_MU_IO, AUX_MU_LSR, AUX_ENABLES } from "../../../hypervisor/vdev/aux-uart";
import { VirtualIntc } from "../../../hypervisor/vdev/intc";
import { ConsoleVm, consoleVmRestarted, consoleText, consoleDecimal, consoleAddVm, consoleInit, consoleLine, consolePump, consoleRxInterrupt, consoleVmLine, foregroundVm } from "../../../hypervisor/console/console";

class TestVm implements ConsoleVm {
  u: VirtualAuxUart = new VirtualAuxUart(new VirtualIntc());
  constructor(public vmId: u32, public vmName: string) {}
  id(): u32 {
    return this.vmId;
  }
  name(): string {
    return this.vmName;
  }
  stopped: bool = false;
  stateName(): string {
    return this.stopped ? "stopped" : "running";
  }
  stop(): void {
    this.stopped = true;
  }
  restarts: u32 = 0;
  restart(): void {
    this.stopped = false;
    this.restarts++;
    consoleVmRestarted(this.vmId); // the real VM calls it once its vCPUs left their cores
  }
  uart(): VirtualAuxUart {
    return this.u;
  }
  tableRow(): void {
    consoleText("row-of-");
    consoleText(this.vmName);
    if (this.restarts > 0) {
      consoleText("-r");
      consoleDecimal(this.restarts);
    }
  }
}

const vms = new StaticArray<TestVm | null>(12);
const NAMES: StaticArray<string> = ["", "mini-os", "echo", "mini-os", "echo", "mini-os", "a", "b", "c", "d", "e", "f"];

export { consoleInit, consolePump, consoleRxInterrupt, foregroundVm };

/** Adds VM `id` (its UART enabled by the "guest", as a guest's start-up does). */
export function addVm(id: u32): void {
  const vm = new TestVm(id, NAMES[id]);
  vm.u.write(AUX_ENABLES, 4, 1);
  vms[id] = vm;
  consoleAddVm(vm);
}

/** The guest of VM `id` writes a byte to its UART (without looking at LSR). */
export function guestPut(id: u32, b: u32): void {
  vms[id]!.u.write(AUX_MU_IO, 4, b);
}
export function guestLsr(id: u32): u32 {
  return <u32>vms[id]!.u.read(AUX_MU_LSR, 4);
}
/** The guest reads one byte if LSR says there is one; -1 else. */
export function guestGet(id: u32): i32 {
  const u = vms[id]!.u;
  if ((u.read(AUX_MU_LSR, 4) & 1) == 0) return -1;
  return <i32>u.read(AUX_MU_IO, 4);
}
export function txDropped(id: u32): u32 {
  return vms[id]!.u.txDropped;
}
export function line(which: u32): void {
  consoleLine(which == 0 ? "INFO[1]: loading..." : "WARN[2]: something");
}
export function vmLine(id: u32): void {
  consoleVmLine(id, "WARN: flood");
}
