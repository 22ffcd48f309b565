// EC 0x07: the vCPU's first FP/SIMD instruction since it came on this core (CPTR_EL2.TFP).
// Give it its registers and run the instruction again (ELR is left as is).
import { Vm } from "../vm/vm";
import { fpsimdTrap } from "../arch/fpsimd";
import { currentFrame } from "../arch/percpu";
import { FRAME_SIZE } from "../arch/frame";

export function handleFpTrap(vm: Vm): void {
  fpsimdTrap(currentFrame() + FRAME_SIZE); // the current vCPU's save area follows its frame
}
