// A virtual CPU: what a core needs to run it again. Its general registers live in `frame`
// (vectors.S saves and restores them there) and right after them its FP/SIMD save area `fp`
// (used while another vCPU or the hypervisor has the registers, arch/fpsimd.ts); its EL1
// system registers in `el1` while it is off a core (arch/world-switch.ts). `index` is its
// number in its VM (MPIDR Aff0 as the guest sees it, VMPIDR_EL2); `core` the physical core
// running it now (-1: none; the scheduler's run queue, under the `hyp` lock).
import { FRAME_SIZE, FRAME_VTIMER_MASKED, setElr, setSpsr, setX } from "../arch/frame";
import { EL1_COUNT, EL1_SCTLR, EL1_VMPIDR, EL1_VPIDR, SCTLR_EL1_RESET } from "../arch/world-switch";
import { FPSIMD_AREA } from "../arch/fpsimd";
import { MIDR_EL1 } from "aarch64";

export const VCPU_RUNNABLE: u32 = 0;
export const VCPU_BLOCKED: u32 = 1; // in WFI, until a virtual interrupt is pending
export const VCPU_STOPPED: u32 = 2; // its VM stopped (a fault, an exit, ?k)
export const VCPU_OFF: u32 = 3; // powered off (PSCI): a secondary before CPU_ON, or after CPU_OFF

/** SPSR as the C original enters a guest: EL1h, D, A, I, F masked. */
const SPSR_EL1H_MASKED: u64 = (0xf << 6) | 0x5;
const MPIDR_RES1: u64 = <u64>1 << 31;

export class Vcpu {
  readonly frameArray: StaticArray<u64> = new StaticArray<u64>(<i32>((FRAME_SIZE + FPSIMD_AREA) / 8));
  readonly el1: StaticArray<u64> = new StaticArray<u64>(EL1_COUNT);
  state: u32 = VCPU_RUNNABLE;
  /** The physical core running it (-1: none). */
  core: i32 = -1;

  /** The vCPU at reset: PC = entry, EL1h with DAIF masked, MMU off, registers zero; vCPU 0
   *  runnable, the others off until the guest starts them (PSCI CPU_ON). */
  constructor(entry: u64, public index: u32) {
    this.reset(entry, 0);
    unchecked(this.el1[EL1_VMPIDR] = MPIDR_RES1 | index);
    unchecked(this.el1[EL1_VPIDR] = MIDR_EL1.read());
    if (index != 0) this.state = VCPU_OFF;
  }

  /** Registers as at power-on, then PC = `entry`, x0 = `context` (PSCI CPU_ON). */
  reset(entry: u64, context: u64): void {
    const f = this.frame;
    for (let i: u32 = 0; i < 31; i++) setX(f, i, 0);
    setX(f, 0, context);
    setElr(f, entry);
    setSpsr(f, SPSR_EL1H_MASKED);
    const vmpidr = unchecked(this.el1[EL1_VMPIDR]);
    const vpidr = unchecked(this.el1[EL1_VPIDR]);
    for (let i = 0; i < EL1_COUNT; i++) unchecked(this.el1[i] = 0);
    unchecked(this.el1[EL1_SCTLR] = SCTLR_EL1_RESET);
    unchecked(this.el1[EL1_VMPIDR] = vmpidr);
    unchecked(this.el1[EL1_VPIDR] = vpidr);
    store<u64>(f + FRAME_VTIMER_MASKED, 0);
  }

  /** As at the VM's power-on (a restart): every register zero, FP/SIMD included, then as the
   *  constructor leaves it: vCPU 0 runnable at `entry`, the others off. */
  powerOn(entry: u64): void {
    memory.fill(changetype<usize>(this.frameArray), 0, <usize>this.frameArray.length * 8);
    this.reset(entry, 0);
    this.state = this.index == 0 ? VCPU_RUNNABLE : VCPU_OFF;
  }

  get frame(): usize {
    return changetype<usize>(this.frameArray);
  }

  get fp(): usize {
    return changetype<usize>(this.frameArray) + FRAME_SIZE; // vectors.S FRAME_FP
  }
}
