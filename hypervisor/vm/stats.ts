// Per-VM counters shown by the console's `?l` (and read by the exit benchmark).
export class VmStats {
  exits: u64 = 0;
  wfx: u64 = 0;
  hvc: u64 = 0;
  sysreg: u64 = 0;
  pageFaults: u64 = 0; // stage-2 faults that mapped a page of the VM's RAM
  mmio: u64 = 0;
  irqExits: u64 = 0; // physical interrupts taken while the VM ran
  irqsInjected: u64 = 0; // times its virtual IRQ line went from low to high
  runTicks: u64 = 0; // CNTPCT ticks on a core
}
