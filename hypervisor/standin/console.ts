// STAND-IN for hyp-vdev's console/console.ts (same API): the foreground VM (1) is printed
// line-buffered as it writes; no escapes, no input.
import { puts, putc } from "../uart";
import { VirtualAuxUart } from "./aux-uart";

export interface ConsoleVm {
  id(): u32; name(): string; stateName(): string;
  uart(): VirtualAuxUart;
  tableRow(): string;
}
const vms: ConsoleVm[] = [];
export function consoleInit(): void {}
export function consoleAddVm(vm: ConsoleVm): void { vms.push(vm); }
export function consoleRxInterrupt(): void {}
export function consolePump(): void {
  if (vms.length == 0) return;
  const u = vms[0].uart();
  for (let c = u.txPop(); c >= 0; c = u.txPop()) putc(<u32>c);
}
export function consoleLine(s: string): void { puts(s); puts("\n"); }
export function foregroundVm(): u32 { return 1; }
