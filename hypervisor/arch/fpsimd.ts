// FP/SIMD registers, switched lazily. The registers belong to one vCPU of the core at a time
// (the per-core owner word, arch/percpu.ts) or to nobody. vectors.S runs EL2 with
// CPTR_EL2.TFP set and re-enters a vCPU with TFP clear only if it is the owner; another
// vCPU's first FP instruction traps (EC 0x07) and lands here: the owner's V0-V31/FPSR/FPCR
// are saved, the vCPU's own loaded (fpsimd.S), and the instruction runs again. The
// hypervisor's own FP use (vectors.S el2_sync) saves the owner's and leaves nobody owning
// them. A VM that never touches FP costs nothing; no VM ever sees another's registers (a
// fresh vCPU's area is zero).
import { CPTR_EL2, isb } from "aarch64";
import { fpOwner, setFpOwner } from "./percpu";

// @ts-ignore: decorator
@external("env", "fpsimd_save") declare function fpsimd_save(area: usize): void;
// @ts-ignore: decorator
@external("env", "fpsimd_restore") declare function fpsimd_restore(area: usize): void;

export const FPSIMD_AREA: u32 = 528;
const CPTR_RES1: u64 = 0x33ff;

/** The FP trap of the vCPU whose save area is `area`: hand it the registers. */
export function fpsimdTrap(area: usize): void {
  CPTR_EL2.write(CPTR_RES1);
  isb();
  const prev = fpOwner();
  if (prev == area) return;
  if (prev != 0) fpsimd_save(prev);
  fpsimd_restore(area);
  setFpOwner(area);
}

/** A vCPU going away for good: its registers are not worth saving any more. */
export function fpsimdForget(area: usize): void {
  if (fpOwner() == area) setFpOwner(0);
}
