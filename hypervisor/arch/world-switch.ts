// The world switch: the EL1 (and EL0) system registers a guest owns, saved when its vCPU
// leaves the core and loaded when one comes on. It runs only when the core changes vCPU, not
// on every exit: between two exits of the same vCPU its registers simply stay live in the
// CPU. Its virtual timer goes with it (CNTV_*, CNTVOFF_EL2 and CNTKCTL_EL1), and a leaving
// vCPU's timer is disabled so that it cannot fire into the next VM.
import {
  SCTLR_EL1, CPACR_EL1, TTBR0_EL1, TTBR1_EL1, TCR_EL1, ESR_EL1, FAR_EL1, AFSR0_EL1, AFSR1_EL1,
  MAIR_EL1, AMAIR_EL1, CONTEXTIDR_EL1, VBAR_EL1, ELR_EL1, SPSR_EL1, SP_EL0, SP_EL1, TPIDR_EL0,
  TPIDR_EL1, TPIDRRO_EL0, PAR_EL1, MDSCR_EL1, CNTKCTL_EL1, CNTV_CTL_EL0, CNTV_CVAL_EL0,
  CNTVOFF_EL2, VMPIDR_EL2, VPIDR_EL2, isb,
} from "aarch64";

export const EL1_SCTLR = 0;
export const EL1_CPACR = 1;
export const EL1_TTBR0 = 2;
export const EL1_TTBR1 = 3;
export const EL1_TCR = 4;
export const EL1_ESR = 5;
export const EL1_FAR = 6;
export const EL1_AFSR0 = 7;
export const EL1_AFSR1 = 8;
export const EL1_MAIR = 9;
export const EL1_AMAIR = 10;
export const EL1_CONTEXTIDR = 11;
export const EL1_VBAR = 12;
export const EL1_ELR = 13;
export const EL1_SPSR = 14;
export const EL1_SP_EL0 = 15;
export const EL1_SP_EL1 = 16;
export const EL1_TPIDR_EL0 = 17;
export const EL1_TPIDR_EL1 = 18;
export const EL1_TPIDRRO_EL0 = 19;
export const EL1_PAR = 20;
export const EL1_MDSCR = 21;
export const EL1_CNTKCTL = 22;
export const EL1_CNTV_CTL = 23;
export const EL1_CNTV_CVAL = 24;
export const EL1_CNTVOFF = 25;
export const EL1_VMPIDR = 26;
export const EL1_VPIDR = 27;
export const EL1_COUNT = 28;

/** SCTLR_EL1 as a vCPU starts (the C original's snapshot with M = 0): MMU and caches off,
 *  the RES1 bits set. */
export const SCTLR_EL1_RESET: u64 = (3 << 28) | (3 << 22) | (1 << 20) | (1 << 11);

// The slots are addressed with constant offsets from the array's start, so that each is one
// STR/LDR with an immediate offset.
export function saveEl1(s: StaticArray<u64>): void {
  const p = changetype<usize>(s);
  store<u64>(p, SCTLR_EL1.read(), EL1_SCTLR * 8);
  store<u64>(p, CPACR_EL1.read(), EL1_CPACR * 8);
  store<u64>(p, TTBR0_EL1.read(), EL1_TTBR0 * 8);
  store<u64>(p, TTBR1_EL1.read(), EL1_TTBR1 * 8);
  store<u64>(p, TCR_EL1.read(), EL1_TCR * 8);
  store<u64>(p, ESR_EL1.read(), EL1_ESR * 8);
  store<u64>(p, FAR_EL1.read(), EL1_FAR * 8);
  store<u64>(p, AFSR0_EL1.read(), EL1_AFSR0 * 8);
  store<u64>(p, AFSR1_EL1.read(), EL1_AFSR1 * 8);
  store<u64>(p, MAIR_EL1.read(), EL1_MAIR * 8);
  store<u64>(p, AMAIR_EL1.read(), EL1_AMAIR * 8);
  store<u64>(p, CONTEXTIDR_EL1.read(), EL1_CONTEXTIDR * 8);
  store<u64>(p, VBAR_EL1.read(), EL1_VBAR * 8);
  store<u64>(p, ELR_EL1.read(), EL1_ELR * 8);
  store<u64>(p, SPSR_EL1.read(), EL1_SPSR * 8);
  store<u64>(p, SP_EL0.read(), EL1_SP_EL0 * 8);
  store<u64>(p, SP_EL1.read(), EL1_SP_EL1 * 8);
  store<u64>(p, TPIDR_EL0.read(), EL1_TPIDR_EL0 * 8);
  store<u64>(p, TPIDR_EL1.read(), EL1_TPIDR_EL1 * 8);
  store<u64>(p, TPIDRRO_EL0.read(), EL1_TPIDRRO_EL0 * 8);
  store<u64>(p, PAR_EL1.read(), EL1_PAR * 8);
  store<u64>(p, MDSCR_EL1.read(), EL1_MDSCR * 8);
  store<u64>(p, CNTKCTL_EL1.read(), EL1_CNTKCTL * 8);
  store<u64>(p, CNTV_CTL_EL0.read(), EL1_CNTV_CTL * 8);
  store<u64>(p, CNTV_CVAL_EL0.read(), EL1_CNTV_CVAL * 8);
  store<u64>(p, CNTVOFF_EL2.read(), EL1_CNTVOFF * 8);
  CNTV_CTL_EL0.write(0); // off while this vCPU is away
}

export function restoreEl1(s: StaticArray<u64>): void {
  const p = changetype<usize>(s);
  SCTLR_EL1.write(load<u64>(p, EL1_SCTLR * 8));
  CPACR_EL1.write(load<u64>(p, EL1_CPACR * 8));
  TTBR0_EL1.write(load<u64>(p, EL1_TTBR0 * 8));
  TTBR1_EL1.write(load<u64>(p, EL1_TTBR1 * 8));
  TCR_EL1.write(load<u64>(p, EL1_TCR * 8));
  ESR_EL1.write(load<u64>(p, EL1_ESR * 8));
  FAR_EL1.write(load<u64>(p, EL1_FAR * 8));
  AFSR0_EL1.write(load<u64>(p, EL1_AFSR0 * 8));
  AFSR1_EL1.write(load<u64>(p, EL1_AFSR1 * 8));
  MAIR_EL1.write(load<u64>(p, EL1_MAIR * 8));
  AMAIR_EL1.write(load<u64>(p, EL1_AMAIR * 8));
  CONTEXTIDR_EL1.write(load<u64>(p, EL1_CONTEXTIDR * 8));
  VBAR_EL1.write(load<u64>(p, EL1_VBAR * 8));
  ELR_EL1.write(load<u64>(p, EL1_ELR * 8));
  SPSR_EL1.write(load<u64>(p, EL1_SPSR * 8));
  SP_EL0.write(load<u64>(p, EL1_SP_EL0 * 8));
  SP_EL1.write(load<u64>(p, EL1_SP_EL1 * 8));
  TPIDR_EL0.write(load<u64>(p, EL1_TPIDR_EL0 * 8));
  TPIDR_EL1.write(load<u64>(p, EL1_TPIDR_EL1 * 8));
  TPIDRRO_EL0.write(load<u64>(p, EL1_TPIDRRO_EL0 * 8));
  PAR_EL1.write(load<u64>(p, EL1_PAR * 8));
  MDSCR_EL1.write(load<u64>(p, EL1_MDSCR * 8));
  CNTKCTL_EL1.write(load<u64>(p, EL1_CNTKCTL * 8));
  CNTVOFF_EL2.write(load<u64>(p, EL1_CNTVOFF * 8));
  CNTV_CVAL_EL0.write(load<u64>(p, EL1_CNTV_CVAL * 8));
  CNTV_CTL_EL0.write(load<u64>(p, EL1_CNTV_CTL * 8));
  VMPIDR_EL2.write(load<u64>(p, EL1_VMPIDR * 8));
  VPIDR_EL2.write(load<u64>(p, EL1_VPIDR * 8));
  isb();
}
