// The console's state: the VMs it knows (ids 1..count, in a table indexed by id) and which
// one is in the foreground (its output is printed, typed bytes go to it).
import { ConsoleSlot } from "./console-vm";

/** ?1-?9 reach nine VMs. */
export const MAX_CONSOLE_VMS: u32 = 9;

export const slots = new StaticArray<ConsoleSlot | null>(MAX_CONSOLE_VMS + 1);
export let vmCount: u32 = 0;
/** Id of the foreground VM, 0 while there is none. */
export let foreground: u32 = 0;

export function setVmCount(n: u32): void {
  vmCount = n;
}
export function setForeground(id: u32): void {
  foreground = id;
}

/** The slot of VM `id`, or null. */
export function slot(id: u32): ConsoleSlot | null {
  return id >= 1 && id <= vmCount ? slots[id] : null;
}
