// Bring-up of the hypervisor on the boot core: console, EL2 MMU and caches, the EL2 controls
// every VM runs under, interrupts, the VMs (planned from the SD card, created, loaded), the
// other three cores (cores.ts), then the first guest entry. From then on the core only runs
// exits (exits/dispatch.ts) and guests.
import { current_el } from "aarch64";
import { uartInit, puts, putDec } from "./drivers/mini-uart";
import { el2MmuEnable } from "./arch/el2-mmu";
import { percpuInit } from "./arch/percpu";
import { hypTimerInit } from "./drivers/hyp-timer";
import { intcInit } from "./drivers/intc";
import { TABLE_HEADER } from "./vm/vm";
import { addVm, schedule, coreOnline } from "./vm/scheduler";
import { el2Controls, startSecondaries } from "./cores";
import { hypLockHere } from "./arch/spinlock";
import { planVms, createVm } from "./vm/vm-set";
import { consoleInit, consoleAddVm, consoleTableHeader, consoleTableFooter } from "./console/console";
import { poolLine } from "./vm/pool-line";
export { handle_exit } from "./exits/dispatch";
export { handle_el2_fault } from "./exits/el2-fault";
export { secondary_main } from "./cores";

// @ts-ignore: decorator
@external("env", "vcpu_resume") declare function vcpu_resume(): void;

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
  consoleTableFooter(poolLine);

  const plans = planVms();
  for (let i = 0; i < plans.length; i++) {
    const vm = createVm(<u32>i + 1, plans[i]);
    addVm(vm);
    consoleAddVm(vm);
  }
  if (plans.length == 0) puts("no VMs to run\n");
  hypLockHere(0, false); // from here on the cores share the VMs (arch/spinlock.ts)
  coreOnline(0);
  startSecondaries(); // cores 1-3 (cores.ts); they wait for the lock
  schedule(); // picks the first vCPU (with none, the core waits in WFI for ever)
  vcpu_resume(); // releases the lock
}
