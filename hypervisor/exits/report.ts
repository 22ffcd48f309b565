// One-line reports on the console: INFO/WARN lines tagged with the VM's id, as the C original
// prints them ("INFO[2]: loaded"), and stopping a VM with the reason.
//
// Lines a guest can cause on every exit (the legacy HVC line, unknown system registers) are
// written in pieces (warnBegin, part/partDec/partHex, warnEnd): nothing is allocated, and
// nothing at all is done while the VM's console budget is spent. The runtime never frees, so
// a string built per exit would let a guest exhaust the hypervisor's heap.
import { ESR_EL2, FAR_EL2 } from "aarch64";
import { Vm } from "../vm/vm";
import { getElr } from "../arch/frame";
import { fpsimdForget } from "../arch/fpsimd";
import { currentFrame } from "../arch/percpu";
import {
  consoleLine, consoleVmLineBegin, consoleLineBegin, consoleText, consoleDecimal, consoleHex, consoleLineEnd,
} from "../console/console";

export function hex(v: u64): string {
  return "0x" + v.toString(16);
}

function tag(kind: string, vm: Vm): void {
  consoleText(kind);
  consoleText("[");
  consoleDecimal(vm.vmId);
  consoleText("]: ");
}

export function info(vm: Vm, text: string): void {
  consoleLineBegin();
  tag("INFO", vm);
  consoleText(text);
  consoleLineEnd();
}

/** "INFO[n]: exited with code N" (the VM_EXIT hypercall). */
export function infoExit(vm: Vm, code: u64): void {
  consoleLineBegin();
  tag("INFO", vm);
  consoleText("exited with code ");
  consoleDecimal(code);
  consoleLineEnd();
}

/** Starts "WARN[n]: " if the VM's console budget allows (false: write nothing more). */
export function warnBegin(vm: Vm): bool {
  if (!consoleVmLineBegin(vm.vmId)) return false;
  tag("WARN", vm);
  return true;
}

export function part(s: string): void {
  consoleText(s);
}

export function partDec(v: u64): void {
  consoleDecimal(v);
}

export function partHex(v: u64): void {
  consoleHex(v);
}

export function warnEnd(): void {
  consoleLineEnd();
}

/** Warnings about a VM are rate-limited per VM by the console (a guest cannot flood it). */
export function warn(vm: Vm, text: string): void {
  if (!warnBegin(vm)) return;
  part(text);
  warnEnd();
}

/** A hypervisor line about no VM in particular. */
export function note(text: string): void {
  consoleLine(text);
}

/** Stops the VM (until `?r` restarts it): one line with the reason and, when it was running
 *  (`inExit`), where its vCPU was. The other VMs go on. */
export function stopVm(vm: Vm, reason: string, inExit: bool = true): void {
  if (!stopBegin(vm, reason)) return;
  part(reason);
  stopEnd(inExit);
}

/** stopVm with the reason written in pieces (part, partHex, partDec) between stopBegin and
 *  stopEnd: nothing allocated, so a VM that faults and is restarted any number of times costs
 *  no heap. `what` is kept as the VM's stop reason (a constant string). False: already stopped
 *  (write nothing). */
export function stopBegin(vm: Vm, what: string): bool {
  if (vm.isStopped()) return false;
  vm.stopAll();
  vm.stopReason = what;
  for (let i = 0; i < vm.vcpus.length; i++) fpsimdForget(vm.vcpus[i].fp);
  consoleLineBegin(); // always shown: one per stop, whatever the VM's budget
  tag("WARN", vm);
  part("stopped: ");
  return true;
}

/** Ends a stop line: where the vCPU was, when it stopped in its own exit (`inExit`). */
export function stopEnd(inExit: bool = true): void {
  if (inExit) {
    part(" (ELR_EL2 ");
    partHex(getElr(currentFrame()));
    part(", ESR_EL2 ");
    partHex(ESR_EL2.read());
    part(", FAR_EL2 ");
    partHex(FAR_EL2.read());
    part(")");
  }
  warnEnd();
}
