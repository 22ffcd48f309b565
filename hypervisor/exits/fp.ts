// EC 0x07: the vCPU's first FP/SIMD instruction since it came on this core (CPTR_EL2.TFP).
// Give it its registers and run the instruction again (ELR is left as is).
import { Vm } from "../vm/vm";
import { fpsimdTrap } from "../arch/fpsimd";

export function handleFpTrap(vm: Vm): void {
  fpsimdTrap(vm.vcpu.fp);
}
