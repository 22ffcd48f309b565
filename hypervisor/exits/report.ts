// One-line reports on the console: INFO/WARN lines tagged with the VM's id, as the C original
// prints them ("INFO[2]: loaded"), and stopping a VM with the reason.
import { ESR_EL2, FAR_EL2 } from "aarch64";
import { Vm } from "../vm/vm";
import { getElr } from "../arch/frame";
import { fpsimdForget } from "../arch/fpsimd";
import { currentFrame } from "../arch/percpu";
import { consoleLine, consoleVmLine } from "../console/console";

export function hex(v: u64): string {
  return "0x" + v.toString(16);
}

export function info(vm: Vm, text: string): void {
  consoleLine("INFO[" + vm.vmId.toString() + "]: " + text);
}

/** Warnings about a VM are rate-limited per VM by the console (a guest cannot flood it). */
export function warn(vm: Vm, text: string): void {
  consoleVmLine(vm.vmId, "WARN[" + vm.vmId.toString() + "]: " + text);
}

/** A hypervisor line about no VM in particular. */
export function note(text: string): void {
  consoleLine(text);
}

/** Stops the VM for good: one line with the reason and, when it was running (`inExit`),
 *  where its vCPU was. The other VMs go on. */
export function stopVm(vm: Vm, reason: string, inExit: bool = true): void {
  if (vm.isStopped()) return;
  vm.stopAll();
  vm.stopReason = reason;
  for (let i = 0; i < vm.vcpus.length; i++) fpsimdForget(vm.vcpus[i].fp);
  if (!inExit) {
    warn(vm, "stopped: " + reason);
    return;
  }
  warn(vm, "stopped: " + reason + " (ELR_EL2 " + hex(getElr(currentFrame())) + ", ESR_EL2 " +
    hex(ESR_EL2.read()) + ", FAR_EL2 " + hex(FAR_EL2.read()) + ")");
}
