// FP/SIMD registers, switched lazily. A vCPU comes on with CPTR_EL2.TFP set unless it already
// owns the core's FP/SIMD registers; its first FP instruction then traps (EC 0x07), and only
// then are the previous owner's V0-V31/FPSR/FPCR saved and its own loaded (fpsimd.S). A VM
// that never touches FP costs nothing; no VM ever sees another's registers (a fresh vCPU's
// area is zero).
import { CPTR_EL2, isb } from "aarch64";
import { MAX_CORES, coreId } from "./percpu";

// @ts-ignore: decorator
@external("env", "fpsimd_save") declare function fpsimd_save(area: usize): void;
// @ts-ignore: decorator
@external("env", "fpsimd_restore") declare function fpsimd_restore(area: usize): void;

export const FPSIMD_AREA: u32 = 528;
const CPTR_RES1: u64 = 0x33ff;
const CPTR_TFP: u64 = 1 << 10;

/** Per core: the FP area whose contents are live in the registers (0: none). */
const owner = new StaticArray<usize>(MAX_CORES);

/** Called when `area`'s vCPU comes onto this core. */
export function fpsimdSwitchIn(area: usize): void {
  CPTR_EL2.write(unchecked(owner[coreId()]) == area ? CPTR_RES1 : CPTR_RES1 | CPTR_TFP);
  isb();
}

/** The FP trap of the vCPU owning `area`: hand it the registers. */
export function fpsimdTrap(area: usize): void {
  const core = coreId();
  CPTR_EL2.write(CPTR_RES1);
  isb();
  const prev = unchecked(owner[core]);
  if (prev != 0) fpsimd_save(prev);
  fpsimd_restore(area);
  unchecked(owner[core] = area);
}

/** A vCPU going away for good: its registers must not be saved into freed memory later. */
export function fpsimdForget(area: usize): void {
  for (let c: u32 = 0; c < MAX_CORES; c++) if (unchecked(owner[c]) == area) unchecked(owner[c] = 0);
}
