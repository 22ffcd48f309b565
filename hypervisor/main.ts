// Bring-up of the hypervisor on the boot core: console, EL2 MMU and caches, the EL2 controls
// every VM runs under, interrupts, the VMs (planned from the SD card, created, loaded), then
// the first guest entry. From then on the core only runs exits (exits/dispatch.ts) and guests.
import { HCR_EL2, VTCR_EL2, CNTHCTL_EL2, MDCR_EL2, current_el, isb, tlbi_alle1is, dsb_ish } from "aarch64";
import { uartInit, puts, putDec } from "./drivers/mini-uart";
import { el2MmuEnable } from "./arch/el2-mmu";
import { percpuInit } from "./arch/percpu";
import { VTCR_VALUE } from "./arch/stage2";
import { hypTimerInit } from "./drivers/hyp-timer";
import { intcInit } from "./drivers/intc";
import { TABLE_HEADER } from "./vm/vm";
import { addVm, schedule, HCR_GUEST } from "./vm/scheduler";
import { planVms, createVm } from "./vm/vm-set";
import { consoleInit, consoleAddVm, consoleTableHeader } from "./console/console";
export { handle_exit } from "./exits/dispatch";
export { handle_el2_fault } from "./exits/el2-fault";

// @ts-ignore: decorator
@external("env", "vcpu_resume") declare function vcpu_resume(): void;

// CNTHCTL_EL2: EL1 may read the physical counter (EL1PCTEN) but not use the physical timer
// (EL1PCEN = 0: its registers trap and read as zero): it belongs to the host.
const CNTHCTL_VALUE: u64 = 1;
// MDCR_EL2: trap the PMU (TPM, TPMCR) and debug registers (TDA, TDOSA, TDRA) so that no VM
// sees another's counters or breakpoints; HPMN keeps its reset value.
const MDCR_TRAPS: u64 = (1 << 5) | (1 << 6) | (1 << 9) | (1 << 10) | (1 << 11);

function el2Controls(): void {
  HCR_EL2.write(HCR_GUEST);
  VTCR_EL2.write(VTCR_VALUE);
  CNTHCTL_EL2.write(CNTHCTL_VALUE);
  MDCR_EL2.write((MDCR_EL2.read() & 0x1f) | MDCR_TRAPS);
  isb();
  tlbi_alle1is(); // nothing cached from before us, for any VMID
  dsb_ish();
  isb();
}

export function main(bootEL: u32, stackTop: u64): void {
  uartInit();
  el2MmuEnable();
  puts("\nraspvisor: hypervisor in AssemblyScript, booted at EL");
  putDec(bootEL);
  puts(", running at EL");
  putDec(current_el());
  puts("\n");
  percpuInit(0, stackTop);
  el2Controls();
  intcInit();
  hypTimerInit(0);
  consoleInit();
  consoleTableHeader(TABLE_HEADER);

  const plans = planVms();
  for (let i = 0; i < plans.length; i++) {
    const vm = createVm(<u32>i + 1, plans[i]);
    addVm(vm);
    consoleAddVm(vm);
  }
  if (plans.length == 0) puts("no VMs to run\n");
  schedule(); // picks the first VM (with none, the core waits in WFI for ever)
  vcpu_resume();
}
