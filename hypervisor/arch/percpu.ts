// Per-core state. TPIDR_EL2 of each core points at its PerCpu record; vectors.S reads its
// first two words (the current vCPU's frame, the EL2 stack top). Sized for all four cores so
// that the SMP issue only has to start them.
import { TPIDR_EL2, MPIDR_EL1 } from "aarch64";

export const MAX_CORES: u32 = 4;
const RECORD: u32 = 64;
const PC_FRAME: u32 = 0; // vectors.S: current vCPU frame
const PC_STACK_TOP: u32 = 8; // vectors.S: EL2 stack top of this core
const PC_CORE: u32 = 16;
const PC_FP_OWNER: u32 = 24; // vectors.S: FP/SIMD area whose contents are in the registers (0: none)

const records = memory.data(<i32>(RECORD * MAX_CORES), 64);

export function coreId(): u32 {
  return <u32>(MPIDR_EL1.read() & 3);
}

/** Called once per core, before it first enters a guest. */
export function percpuInit(core: u32, stackTop: u64): void {
  const r = records + core * RECORD;
  store<u64>(r + PC_FRAME, 0);
  store<u64>(r + PC_STACK_TOP, stackTop);
  store<u64>(r + PC_CORE, core);
  store<u64>(r + PC_FP_OWNER, 0);
  TPIDR_EL2.write(<u64>r);
}

/** The frame vectors.S restores on the next eret of this core. */
export function setCurrentFrame(frame: usize): void {
  store<u64>(<usize>TPIDR_EL2.read() + PC_FRAME, <u64>frame);
}

export function currentFrame(): usize {
  return <usize>load<u64>(<usize>TPIDR_EL2.read() + PC_FRAME);
}

export function fpOwner(): usize {
  return <usize>load<u64>(<usize>TPIDR_EL2.read() + PC_FP_OWNER);
}

export function setFpOwner(area: usize): void {
  store<u64>(<usize>TPIDR_EL2.read() + PC_FP_OWNER, <u64>area);
}
