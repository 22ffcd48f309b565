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

  /** Every counter back to zero (a VM restarted in place; its restart count is the Vm's). */
  reset(): void {
    this.exits = 0;
    this.wfx = 0;
    this.hvc = 0;
    this.sysreg = 0;
    this.pageFaults = 0;
    this.mmio = 0;
    this.irqExits = 0;
    this.irqsInjected = 0;
    this.runTicks = 0;
  }
}
