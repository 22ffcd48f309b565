// Bring-up of the hypervisor on the boot core: console, EL2 MMU and caches, the EL2 controls
// every VM runs under, interrupts, the VMs (created, loaded), then the first guest entry.
// From then on the core only runs exits (exits/dispatch.ts) and guests.
import { HCR_EL2, VTCR_EL2, CNTHCTL_EL2, MDCR_EL2, current_el, isb, tlbi_vmalls12e1is, tlbi_alle1is, dsb_ish } from "aarch64";
import { uartInit, puts, putDec } from "./uart";
import { el2MmuEnable } from "./arch/el2-mmu";
import { percpuInit } from "./arch/percpu";
import { VTCR_VALUE } from "./arch/stage2";
import { hypTimerInit } from "./drivers/hyp-timer";
import { intcInit } from "./drivers/intc";
import { Vm } from "./vm/vm";
import { loadImage } from "./vm/loader";
import { addVm, schedule, HCR_GUEST } from "./vm/scheduler";
import { embeddedGuests } from "./vm/guest-images";
import { info, warn, stopVm } from "./exits/report";
import { consoleInit, consoleAddVm } from "./standin/console";
export { handle_exit } from "./exits/dispatch";
export { handle_el2_fault } from "./exits/el2-fault";

// @ts-ignore: decorator
@external("env", "vcpu_resume") declare function vcpu_resume(): void;

/** Until the manifest (vm/manifest.ts) lands: every VM gets this much RAM and time slice. */
const DEFAULT_MEMORY: u64 = 0x4000000; // 64 MiB
const DEFAULT_SLICE_US: u32 = 10000;
const MAX_VMS: i32 = 9; // the console switches with ?1-?9

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

  const images = embeddedGuests();
  let vmCount = 0;
  for (let i = 0; i < images.length && vmCount < MAX_VMS; i++) {
    const g = images[i];
    const vm = new Vm(<u32>i + 1, g.name, DEFAULT_MEMORY, DEFAULT_SLICE_US, g.loadAddress);
    addVm(vm);
    consoleAddVm(vm);
    vmCount++;
    info(vm, "loading " + g.name + "...");
    const err = loadImage(vm, g.address, g.size, g.loadAddress);
    if (err.length > 0) stopVm(vm, err);
    else info(vm, "loaded");
  }
  if (vmCount == 0) puts("no VMs to run\n");
  schedule(); // picks the first VM (or waits in WFI for ever with none)
  vcpu_resume();
}
