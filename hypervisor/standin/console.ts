// STAND-IN for hyp-vdev's console/console.ts (same API): the foreground VM (1) is printed
// line by line (so hypervisor lines never split a guest's line); no escapes, no input.
import { puts, putc } from "../uart";
import { VirtualAuxUart } from "./aux-uart";

export interface ConsoleVm {
  id(): u32; name(): string; stateName(): string;
  uart(): VirtualAuxUart;
  tableRow(): string;
}
const vms: ConsoleVm[] = [];
let line = "";
export function consoleInit(): void {}
export function consoleAddVm(vm: ConsoleVm): void { vms.push(vm); }
export function consoleRxInterrupt(): void {}
export function consolePump(): void {
  if (vms.length == 0) return;
  const u = vms[0].uart();
  for (let c = u.txPop(); c >= 0; c = u.txPop()) {
    if (c == 13) continue;
    line += String.fromCharCode(c);
    if (c == 10) {
      puts(line);
      line = "";
    }
  }
}
export function consoleLine(s: string): void { puts(s); puts("\n"); }
export function foregroundVm(): u32 { return 1; }
