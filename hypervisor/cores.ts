// The four cores. Core 0 brings the hypervisor up (main.ts) and then starts cores 1-3
// (`startSecondaries`): boot.S's rv_release_secondaries sends them, from the firmware's spin
// table or from where they parked after an EL3 entry, to `secondary_el2`, which turns their
// EL2 MMU on with core 0's tables and takes the `hyp` lock. Each then sets up what is per
// core (its PerCpu record, the EL2 controls, its EL2 timer, its IPI mailbox) and enters the
// scheduler, which finds it a vCPU or lets it wait in WFI.
import { HCR_EL2, VTCR_EL2, CNTHCTL_EL2, MDCR_EL2, MAIR_EL2, TCR_EL2, TTBR0_EL2, SCTLR_EL2, isb, tlbi_alle1is, dsb_ish } from "aarch64";
import { percpuInit, MAX_CORES } from "./arch/percpu";
import { VTCR_VALUE } from "./arch/stage2";
import { hypTimerInit } from "./drivers/hyp-timer";
import { schedule, coreOnline, HCR_GUEST } from "./vm/scheduler";

// @ts-ignore: decorator
@external("env", "vcpu_resume") declare function vcpu_resume(): void;
// @ts-ignore: decorator
@external("env", "rv_release_secondaries") declare function rv_release_secondaries(): void;
// @ts-ignore: decorator
@external("aarch64", "addr.rv_secondary_mmu") declare const SECONDARY_MMU: u64;

// CNTHCTL_EL2: EL1 may read the physical counter (EL1PCTEN) but not use the physical timer
// (EL1PCEN = 0: its registers trap and read as zero): it belongs to the host.
const CNTHCTL_VALUE: u64 = 1;
// MDCR_EL2: trap the PMU (TPM, TPMCR) and debug registers (TDA, TDOSA, TDRA) so that no VM
// sees another's counters or breakpoints; HPMN keeps its reset value.
const MDCR_TRAPS: u64 = (1 << 5) | (1 << 6) | (1 << 9) | (1 << 10) | (1 << 11);

/** The EL2 controls every VM runs under, on this core. */
export function el2Controls(): void {
  HCR_EL2.write(HCR_GUEST);
  VTCR_EL2.write(VTCR_VALUE);
  CNTHCTL_EL2.write(CNTHCTL_VALUE);
  MDCR_EL2.write((MDCR_EL2.read() & 0x1f) | MDCR_TRAPS);
  isb();
  tlbi_alle1is(); // nothing cached from before us, for any VMID
  dsb_ish();
  isb();
}

/** Core 0, holding `hyp`, with the VMs created: cores 1-3 start and wait for the lock. */
export function startSecondaries(): void {
  const m = <usize>SECONDARY_MMU;
  store<u64>(m, MAIR_EL2.read());
  store<u64>(m + 8, TCR_EL2.read());
  store<u64>(m + 16, TTBR0_EL2.read());
  store<u64>(m + 24, SCTLR_EL2.read());
  rv_release_secondaries();
}

/** A secondary core (boot.S secondary_el2), MMU on, `hyp` held. */
export function secondary_main(core: u32, stackTop: u64): void {
  if (core >= MAX_CORES) return;
  percpuInit(core, stackTop);
  el2Controls();
  hypTimerInit(core);
  coreOnline(core);
  schedule(); // a vCPU, or WFI until there is one
  vcpu_resume();
}
