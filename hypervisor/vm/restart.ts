// Restarting a VM in place (`?rN` on the console, PSCI SYSTEM_RESET from the guest): the VM
// comes back as at boot, from its image, with fresh memory, while the other VMs run on.
//
// Vm.restart() stops every vCPU (IPIs to the cores running one) and marks the VM; the work
// below waits until no core runs any of its vCPUs (the scheduler calls restartWhenFree when a
// vCPU of a marked VM leaves its core; Vm.restart calls it at once). Then, under the `hyp`
// lock: its pages and stage-2 tables go back to the pool, its TLB entries (its VMID) and the
// instruction caches are invalidated before any of those pages can be handed out again, every
// vCPU is as at power-on (EL1h, DAIF masked, MMU off, registers and FP/SIMD zero, PC = entry;
// vCPU 0 on, the others off for PSCI CPU_ON), its devices and ARM-local block are as at
// power-on, the console forgets its unshown output and unread input, its counters restart
// (but the restart count), and the image is read again (the card, or the copy in kernel8.img).
//
// Nothing is allocated: every structure of a VM is made once, at boot, and reset here (the
// runtime never frees; a VM restarted any number of times costs neither heap nor pool).
import { VTTBR_EL2, dsb_ish, ic_ialluis, isb, tlbi_vmalls12e1is } from "aarch64";
import { Vm, setRestartHook } from "./vm";
import { reloadVm } from "./vm-set";
import { fpsimdForget } from "../arch/fpsimd";
import { consoleVmRestarted } from "../console/console";

/** Drops every TLB entry of the VM's VMID on every core (TLBI by VMID acts on the VMID in
 *  VTTBR_EL2: this core's is the VM's for the time of the TLBI). VMALLS12E1 rather than
 *  VMALLE1: with the guest's MMU off its entries are stage 2 only. Then the I-caches, which
 *  may hold its code at host addresses that another VM may get next. */
function forgetTranslations(vm: Vm): void {
  const saved = VTTBR_EL2.read();
  dsb_ish(); // the emptied tables visible before the invalidation
  VTTBR_EL2.write(vm.stage2.vttbr(vm.vmId));
  isb();
  tlbi_vmalls12e1is();
  dsb_ish();
  ic_ialluis();
  dsb_ish();
  VTTBR_EL2.write(saved);
  isb();
}

/** Restarts `vm` if it is marked for a restart and no core runs any of its vCPUs. */
export function restartWhenFree(vm: Vm): void {
  if (!vm.restartPending) return;
  for (let i = 0; i < vm.vcpus.length; i++) if (unchecked(vm.vcpus[i]).core >= 0) return;
  vm.restartPending = false;
  vm.stage2.freeAll();
  forgetTranslations(vm);
  for (let i = 0; i < vm.vcpus.length; i++) {
    const v = unchecked(vm.vcpus[i]);
    fpsimdForget(v.fp); // (a vCPU leaving its core already gave its registers back)
    v.powerOn(vm.entry);
  }
  vm.local.reset();
  vm.devices.reset();
  vm.stats.reset();
  vm.restarts++;
  vm.stopReason = "";
  vm.reportedSysregs.length = 0;
  vm.actlr = 0;
  vm.csselr = 0;
  vm.viLevel = false;
  consoleVmRestarted(vm.vmId);
  reloadVm(vm, vm.restartByGuest); // a missing or unreadable image stops it again, with its report
}

setRestartHook(restartWhenFree);
