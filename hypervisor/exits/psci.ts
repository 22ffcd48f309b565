// PSCI 0.2 (Arm DEN 0022) for a VM's vCPUs, reached through `hvc #0` and `smc #0` alike (SMC
// Calling Convention: function id in w0, arguments x1-x3, result in x0). The "CPUs" are the
// VM's vCPUs; MPIDR affinity level 0 is the vCPU number (VMPIDR_EL2), levels 1-3 are 0.
//  - PSCI_VERSION: 0.2.
//  - CPU_ON (x1 target MPIDR, x2 entry, x3 context id): the vCPU starts at the entry at EL1h
//    with the MMU and caches off, DAIF masked, x0 = context id; any free core takes it.
//  - CPU_OFF: the calling vCPU is powered off (CPU_ON may start it again); no return.
//  - AFFINITY_INFO (x1 target, x2 lowest affinity level: 0 or 1): 0 ON, 1 OFF.
//  - CPU_SUSPEND: a standby: like WFI (returns 0 when an interrupt is pending).
//  - MIGRATE_INFO_TYPE: 2 (no trusted OS that would need migrating).
//  - SYSTEM_OFF: the VM stops ("powered off"). SYSTEM_RESET: the VM restarts from its image
//    with fresh memory, as the console's ?r does (vm/restart.ts); no return.
// Every other id of the PSCI range answers NOT_SUPPORTED.
import { Vm } from "../vm/vm";
import { Vcpu, VCPU_OFF, VCPU_STOPPED, VCPU_BLOCKED, VCPU_RUNNABLE } from "../vm/vcpu";
import { getX, setX } from "../arch/frame";
import { info } from "./report";
import { consoleVmLineBegin, consoleText, consoleDecimal, consoleLineEnd } from "../console/console";

export const PSCI_VERSION: u32 = 0x84000000;
export const PSCI_CPU_SUSPEND_32: u32 = 0x84000001;
export const PSCI_CPU_SUSPEND_64: u32 = 0xC4000001;
export const PSCI_CPU_OFF: u32 = 0x84000002;
export const PSCI_CPU_ON_32: u32 = 0x84000003;
export const PSCI_CPU_ON_64: u32 = 0xC4000003;
export const PSCI_AFFINITY_INFO_32: u32 = 0x84000004;
export const PSCI_AFFINITY_INFO_64: u32 = 0xC4000004;
export const PSCI_MIGRATE_INFO_TYPE: u32 = 0x84000006;
export const PSCI_SYSTEM_OFF: u32 = 0x84000008;
export const PSCI_SYSTEM_RESET: u32 = 0x84000009;

const VERSION_0_2: u64 = 0x00000002; // major 0 << 16 | minor 2
const SUCCESS: i64 = 0;
const NOT_SUPPORTED: i64 = -1;
const INVALID_PARAMETERS: i64 = -2;
const ALREADY_ON: i64 = -4;
const AFF_ON: i64 = 0;
const AFF_OFF: i64 = 1;
const MIGRATE_NOT_NEEDED: i64 = 2;

/** Whether w0 is in PSCI's part of the standard secure service range (0x84000000-1F, and
 *  the SMC64 forms 0xC4000000-1F). */
export function isPsci(fn: u32): bool {
  return (fn & 0xBFFFFFE0) == 0x84000000;
}

/** The vCPU of `vm` that MPIDR value `mpidr` names, or null (levels 1-3 must be 0). */
function target(vm: Vm, mpidr: u64): Vcpu | null {
  if ((mpidr & 0xFF00FFFF00) != 0) return null;
  const i = <i32>(mpidr & 0xFF);
  return i < vm.vcpus.length ? unchecked(vm.vcpus[i]) : null;
}

function cpuOn(vm: Vm, frame: usize, fn: u32): i64 {
  let entry = getX(frame, 2);
  let context = getX(frame, 3);
  let mpidr = getX(frame, 1);
  if (fn == PSCI_CPU_ON_32) {
    entry &= 0xFFFFFFFF;
    context &= 0xFFFFFFFF;
    mpidr &= 0xFFFFFFFF;
  }
  const t = target(vm, mpidr);
  if (t === null) return INVALID_PARAMETERS;
  if (t.state != VCPU_OFF) return ALREADY_ON;
  if (entry >= vm.memoryBytes || (entry & 3) != 0) return INVALID_PARAMETERS; // a physical address in its RAM
  t.reset(entry, context);
  t.state = VCPU_RUNNABLE; // a core takes it (the scheduler wakes an idle one)
  return SUCCESS;
}

function affinityInfo(vm: Vm, frame: usize, fn: u32): i64 {
  let mpidr = getX(frame, 1);
  if (fn == PSCI_AFFINITY_INFO_32) mpidr &= 0xFFFFFFFF;
  const level = getX(frame, 2);
  if (level > 1) return INVALID_PARAMETERS;
  if (level == 1) {
    // The one cluster: ON while any vCPU is.
    if ((mpidr & 0xFF00FF0000) != 0) return INVALID_PARAMETERS;
    for (let i = 0; i < vm.vcpus.length; i++) {
      const s = unchecked(vm.vcpus[i]).state;
      if (s != VCPU_OFF && s != VCPU_STOPPED) return AFF_ON;
    }
    return AFF_OFF;
  }
  const t = target(vm, mpidr);
  if (t === null) return INVALID_PARAMETERS;
  return t.state == VCPU_OFF || t.state == VCPU_STOPPED ? AFF_OFF : AFF_ON;
}

/** Serves PSCI call `fn` of vCPU `v` (its registers in `frame`; ELR already past the call). */
export function handlePsci(vm: Vm, v: Vcpu, frame: usize, fn: u32): void {
  let r: i64 = NOT_SUPPORTED;
  switch (fn) {
    case PSCI_VERSION: r = <i64>VERSION_0_2; break;
    case PSCI_CPU_ON_32:
    case PSCI_CPU_ON_64: r = cpuOn(vm, frame, fn); break;
    case PSCI_CPU_OFF:
      v.state = VCPU_OFF; // the scheduler takes it off the core
      return;
    case PSCI_AFFINITY_INFO_32:
    case PSCI_AFFINITY_INFO_64: r = affinityInfo(vm, frame, fn); break;
    case PSCI_CPU_SUSPEND_32:
    case PSCI_CPU_SUSPEND_64:
      if (vm.local.lines(v.index) == 0) v.state = VCPU_BLOCKED;
      r = SUCCESS;
      break;
    case PSCI_MIGRATE_INFO_TYPE: r = MIGRATE_NOT_NEEDED; break;
    case PSCI_SYSTEM_OFF:
      info(vm, "powered off (PSCI SYSTEM_OFF)");
      vm.stopAll();
      vm.stopReason = "powered off";
      return;
    case PSCI_SYSTEM_RESET:
      // (Within the VM's console budget: a guest resetting in a loop cannot flood the console.)
      if (consoleVmLineBegin(vm.vmId)) {
        consoleText("INFO[");
        consoleDecimal(vm.vmId);
        consoleText("]: reset (PSCI SYSTEM_RESET): restarting");
        consoleLineEnd();
      }
      vm.resetByGuest(); // once this vCPU and its siblings have left their cores
      return;
  }
  setX(frame, 0, <u64>r);
}
