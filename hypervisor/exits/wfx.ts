// WFI/WFE (HCR_EL2.TWI/TWE). WFI: the vCPU waits until its VM has a virtual interrupt pending
// (the scheduler wakes it; with nothing else to run the core itself waits in WFI). WFE: the
// vCPU gives up the rest of its slice. Either way it resumes after the instruction.
import { Vm } from "../vm/vm";
import { skipInstruction } from "../arch/frame";
import { VCPU_BLOCKED } from "../vm/vcpu";
import { requestYield, currentVcpu } from "../vm/scheduler";

const ISS_WFE: u32 = 1;

export function handleWfx(vm: Vm, frame: usize, iss: u32): void {
  vm.stats.wfx++;
  skipInstruction(frame);
  if ((iss & ISS_WFE) != 0) {
    requestYield();
    return;
  }
  const v = currentVcpu();
  if (vm.local.lines(v.index) != 0) return; // an interrupt already pending: WFI completes
  v.state = VCPU_BLOCKED;
}
