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

export function saveEl1(s: StaticArray<u64>): void {
  unchecked(s[EL1_SCTLR] = SCTLR_EL1.read());
  unchecked(s[EL1_CPACR] = CPACR_EL1.read());
  unchecked(s[EL1_TTBR0] = TTBR0_EL1.read());
  unchecked(s[EL1_TTBR1] = TTBR1_EL1.read());
  unchecked(s[EL1_TCR] = TCR_EL1.read());
  unchecked(s[EL1_ESR] = ESR_EL1.read());
  unchecked(s[EL1_FAR] = FAR_EL1.read());
  unchecked(s[EL1_AFSR0] = AFSR0_EL1.read());
  unchecked(s[EL1_AFSR1] = AFSR1_EL1.read());
  unchecked(s[EL1_MAIR] = MAIR_EL1.read());
  unchecked(s[EL1_AMAIR] = AMAIR_EL1.read());
  unchecked(s[EL1_CONTEXTIDR] = CONTEXTIDR_EL1.read());
  unchecked(s[EL1_VBAR] = VBAR_EL1.read());
  unchecked(s[EL1_ELR] = ELR_EL1.read());
  unchecked(s[EL1_SPSR] = SPSR_EL1.read());
  unchecked(s[EL1_SP_EL0] = SP_EL0.read());
  unchecked(s[EL1_SP_EL1] = SP_EL1.read());
  unchecked(s[EL1_TPIDR_EL0] = TPIDR_EL0.read());
  unchecked(s[EL1_TPIDR_EL1] = TPIDR_EL1.read());
  unchecked(s[EL1_TPIDRRO_EL0] = TPIDRRO_EL0.read());
  unchecked(s[EL1_PAR] = PAR_EL1.read());
  unchecked(s[EL1_MDSCR] = MDSCR_EL1.read());
  unchecked(s[EL1_CNTKCTL] = CNTKCTL_EL1.read());
  unchecked(s[EL1_CNTV_CTL] = CNTV_CTL_EL0.read());
  unchecked(s[EL1_CNTV_CVAL] = CNTV_CVAL_EL0.read());
  unchecked(s[EL1_CNTVOFF] = CNTVOFF_EL2.read());
  CNTV_CTL_EL0.write(0); // off while this vCPU is away
}

export function restoreEl1(s: StaticArray<u64>): void {
  SCTLR_EL1.write(unchecked(s[EL1_SCTLR]));
  CPACR_EL1.write(unchecked(s[EL1_CPACR]));
  TTBR0_EL1.write(unchecked(s[EL1_TTBR0]));
  TTBR1_EL1.write(unchecked(s[EL1_TTBR1]));
  TCR_EL1.write(unchecked(s[EL1_TCR]));
  ESR_EL1.write(unchecked(s[EL1_ESR]));
  FAR_EL1.write(unchecked(s[EL1_FAR]));
  AFSR0_EL1.write(unchecked(s[EL1_AFSR0]));
  AFSR1_EL1.write(unchecked(s[EL1_AFSR1]));
  MAIR_EL1.write(unchecked(s[EL1_MAIR]));
  AMAIR_EL1.write(unchecked(s[EL1_AMAIR]));
  CONTEXTIDR_EL1.write(unchecked(s[EL1_CONTEXTIDR]));
  VBAR_EL1.write(unchecked(s[EL1_VBAR]));
  ELR_EL1.write(unchecked(s[EL1_ELR]));
  SPSR_EL1.write(unchecked(s[EL1_SPSR]));
  SP_EL0.write(unchecked(s[EL1_SP_EL0]));
  SP_EL1.write(unchecked(s[EL1_SP_EL1]));
  TPIDR_EL0.write(unchecked(s[EL1_TPIDR_EL0]));
  TPIDR_EL1.write(unchecked(s[EL1_TPIDR_EL1]));
  TPIDRRO_EL0.write(unchecked(s[EL1_TPIDRRO_EL0]));
  PAR_EL1.write(unchecked(s[EL1_PAR]));
  MDSCR_EL1.write(unchecked(s[EL1_MDSCR]));
  CNTKCTL_EL1.write(unchecked(s[EL1_CNTKCTL]));
  CNTVOFF_EL2.write(unchecked(s[EL1_CNTVOFF]));
  CNTV_CVAL_EL0.write(unchecked(s[EL1_CNTV_CVAL]));
  CNTV_CTL_EL0.write(unchecked(s[EL1_CNTV_CTL]));
  VMPIDR_EL2.write(unchecked(s[EL1_VMPIDR]));
  VPIDR_EL2.write(unchecked(s[EL1_VPIDR]));
  isb();
}
