// A virtual machine: its identity (id = VMID = console number), its memory (stage-2 table over
// RAM pages from the host pool, at most `quotaPages`), its devices, its one vCPU, counters.
// It is the GuestMemory and GuestClock its devices see and the ConsoleVm the console lists.
import { Stage2, NOT_MAPPED } from "../arch/stage2";
import { allocPage, PAGE_SIZE } from "./page-alloc";
import { Vcpu, VCPU_RUNNABLE, VCPU_BLOCKED, VCPU_STOPPED } from "./vcpu";
import { VmStats } from "./stats";
import { getElr } from "../arch/frame";
import { guestMicros } from "../drivers/hyp-timer";
import { GuestClock, GuestMemory } from "../vdev/device";
import { VmDevices } from "../vdev/vm-devices";
import { VirtualAuxUart } from "../vdev/aux-uart";
import { ConsoleVm } from "../console/console";

/** The ?l columns this row fills (console/vm-table.ts prints id, name, state before them). */
export const TABLE_HEADER = "pages  saved-pc     wfx     hvc  sysreg      pf    mmio     irq";

function col(s: string, width: i32): string {
  return s.padStart(width, " ");
}

export class Vm implements ConsoleVm, GuestClock, GuestMemory {
  readonly stage2: Stage2 = new Stage2();
  readonly stats: VmStats = new VmStats();
  readonly vcpu: Vcpu;
  devices!: VmDevices;
  quotaPages: u32;
  /** Why it stopped (empty while it runs). */
  stopReason: string = "";
  /** Unknown system registers already reported (each once). */
  reportedSysregs: u32[] = [];
  /** Emulated ACTLR_EL1 (HCR_EL2.TACR) and CSSELR_EL1 (TID2) storage. */
  actlr: u64 = 0;
  csselr: u64 = 0;
  /** Virtual IRQ line as last presented (to count rising edges). */
  viLevel: bool = false;

  constructor(public vmId: u32, public vmName: string, public memoryBytes: u64, public sliceMicros: u32, entry: u64) {
    this.quotaPages = <u32>((memoryBytes + PAGE_SIZE - 1) / PAGE_SIZE);
    this.vcpu = new Vcpu(entry, 0);
    this.devices = new VmDevices(this, this, vmId, vmName);
  }

  // GuestClock: guest time is the board's time (it runs while the VM is descheduled).
  nowMicros(): u64 {
    return guestMicros();
  }

  // GuestMemory
  translate(ipa: u64, write: bool): u64 {
    return this.mapRam(ipa);
  }

  sizeBytes(): u64 {
    return this.memoryBytes;
  }

  /** Maps host page `pa` (zeroed or filled by the loader) at `ipa`, within the quota. */
  adoptPage(ipa: u64, pa: u64): bool {
    if (ipa >= this.memoryBytes || this.stage2.mappedPages >= this.quotaPages) return false;
    return this.stage2.map(ipa, pa);
  }

  /** Host PA of a RAM IPA, mapping a fresh zeroed page on first use; NOT_MAPPED outside the
   *  VM's RAM, over its quota or when the host pool is empty. */
  mapRam(ipa: u64): u64 {
    if (ipa >= this.memoryBytes) return NOT_MAPPED;
    const pa = this.stage2.lookup(ipa);
    if (pa != NOT_MAPPED) return pa;
    if (this.stage2.mappedPages >= this.quotaPages) return NOT_MAPPED;
    const page = allocPage();
    if (page == 0) return NOT_MAPPED;
    if (!this.stage2.map(ipa, page)) return NOT_MAPPED;
    return page | (ipa & 0xfff);
  }

  isStopped(): bool {
    return this.vcpu.state == VCPU_STOPPED;
  }

  // ConsoleVm
  id(): u32 {
    return this.vmId;
  }

  name(): string {
    return this.vmName;
  }

  stateName(): string {
    const s = this.vcpu.state;
    return s == VCPU_RUNNABLE ? "running" : s == VCPU_BLOCKED ? "waiting" : "stopped";
  }

  uart(): VirtualAuxUart {
    return this.devices.uart;
  }

  tableRow(): string {
    const st = this.stats;
    return col((this.stage2.mappedPages + this.stage2.tablePages).toString(), 5) +
      col("0x" + getElr(this.vcpu.frame).toString(16), 10) + col(st.wfx.toString(), 8) +
      col(st.hvc.toString(), 8) + col(st.sysreg.toString(), 8) + col(st.pageFaults.toString(), 8) +
      col(st.mmio.toString(), 8) + col(st.irqsInjected.toString(), 8);
  }
}
