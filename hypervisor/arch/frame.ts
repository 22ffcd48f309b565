// A vCPU's general registers as vectors.S saves them on an exit and restores them on entry:
// x0-x30, then ELR_EL2 (where the guest resumes) and SPSR_EL2 (its PSTATE).

export const FRAME_ELR: u32 = 248;
export const FRAME_SPSR: u32 = 256;
export const FRAME_SIZE: u32 = 272;
/** The spare word after SPSR: non-zero while the hypervisor holds the vCPU's virtual timer
 *  masked (CNTV_CTL.IMASK) after its interrupt (vdev/arm-local.ts, exits/irq.ts). */
export const FRAME_VTIMER_MASKED: u32 = 264;

/** Register n of the frame; n = 31 is XZR in every instruction whose exits we emulate. */
export function getX(frame: usize, n: u32): u64 {
  return n == 31 ? 0 : load<u64>(frame + (<usize>n << 3));
}

/** Writes register n; writes to XZR (n = 31) are dropped, as the instruction would. */
export function setX(frame: usize, n: u32, v: u64): void {
  if (n != 31) store<u64>(frame + (<usize>n << 3), v);
}

export function getElr(frame: usize): u64 {
  return load<u64>(frame + FRAME_ELR);
}

export function setElr(frame: usize, v: u64): void {
  store<u64>(frame + FRAME_ELR, v);
}

export function getSpsr(frame: usize): u64 {
  return load<u64>(frame + FRAME_SPSR);
}

export function setSpsr(frame: usize, v: u64): void {
  store<u64>(frame + FRAME_SPSR, v);
}

/** Steps the guest past the instruction that trapped (A64 instructions are 4 bytes). */
export function skipInstruction(frame: usize): void {
  setElr(frame, getElr(frame) + 4);
}
