// A virtual CPU: what the core needs to run it again. Its general registers live in `frame`
// (vectors.S saves and restores them there) and right after them its FP/SIMD save area `fp`
// (used while another vCPU or the hypervisor has the registers, arch/fpsimd.ts); its EL1
// system registers in `el1` while it is off the core (arch/world-switch.ts).
import { FRAME_SIZE, setElr, setSpsr } from "../arch/frame";
import { EL1_COUNT, EL1_SCTLR, EL1_VMPIDR, EL1_VPIDR, SCTLR_EL1_RESET } from "../arch/world-switch";
import { FPSIMD_AREA } from "../arch/fpsimd";
import { MIDR_EL1 } from "aarch64";

export const VCPU_RUNNABLE: u32 = 0;
export const VCPU_BLOCKED: u32 = 1; // in WFI, until a virtual interrupt is pending
export const VCPU_STOPPED: u32 = 2;

/** SPSR as the C original enters a guest: EL1h, D, A, I, F masked. */
const SPSR_EL1H_MASKED: u64 = (0xf << 6) | 0x5;
const MPIDR_RES1: u64 = <u64>1 << 31;

export class Vcpu {
  readonly frameArray: StaticArray<u64> = new StaticArray<u64>(<i32>((FRAME_SIZE + FPSIMD_AREA) / 8));
  readonly el1: StaticArray<u64> = new StaticArray<u64>(EL1_COUNT);
  state: u32 = VCPU_RUNNABLE;

  /** The vCPU at reset: PC = entry, EL1h with DAIF masked, MMU off, registers zero. */
  constructor(entry: u64, index: u32) {
    setElr(this.frame, entry);
    setSpsr(this.frame, SPSR_EL1H_MASKED);
    unchecked(this.el1[EL1_SCTLR] = SCTLR_EL1_RESET);
    unchecked(this.el1[EL1_VMPIDR] = MPIDR_RES1 | index);
    unchecked(this.el1[EL1_VPIDR] = MIDR_EL1.read());
  }

  get frame(): usize {
    return changetype<usize>(this.frameArray);
  }

  get fp(): usize {
    return changetype<usize>(this.frameArray) + FRAME_SIZE; // vectors.S FRAME_FP
  }
}
