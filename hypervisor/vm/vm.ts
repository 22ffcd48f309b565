// A virtual machine: its identity (id = VMID = console number), its memory (stage-2 table over
// RAM pages from the host pool, at most `quotaPages`), its devices, its vCPUs (`vcpus[0]` starts
// at the entry; the others are off until the guest starts them with PSCI CPU_ON), counters.
// It is the GuestMemory and GuestClock its devices see and the ConsoleVm the console lists.
import { Stage2, NOT_MAPPED } from "../arch/stage2";
import { allocPage, PAGE_SIZE } from "./page-alloc";
import { Vcpu, VCPU_RUNNABLE, VCPU_BLOCKED, VCPU_STOPPED } from "./vcpu";
import { getElr as elrOf } from "../arch/frame";
import { VmStats } from "./stats";
import { guestMicros } from "../drivers/hyp-timer";
import { GuestClock, GuestMemory } from "../vdev/device";
import { VmDevices } from "../vdev/vm-devices";
import { VirtualArmLocal } from "../vdev/arm-local";
import { coreId } from "../arch/percpu";
import { ipiSend } from "../drivers/ipi";
import { VirtualAuxUart } from "../vdev/aux-uart";
import { ConsoleVm, consoleDecimalColumn, consoleHexColumn } from "../console/console";

/** The ?l columns this row fills (console/vm-table.ts prints id, name, state before them). */
export const TABLE_HEADER = "pages  saved-pc     wfx     hvc  sysreg      pf    mmio     irq  rst";

/** vm/restart.ts's restartWhenFree, set when that module starts (it imports this one). */
let restartHook: (vm: Vm) => void = (vm: Vm): void => {};

export function setRestartHook(f: (vm: Vm) => void): void {
  restartHook = f;
}

export class Vm implements ConsoleVm, GuestClock, GuestMemory {
  readonly stage2: Stage2 = new Stage2();
  readonly stats: VmStats = new VmStats();
  readonly vcpus: Vcpu[] = [];
  /** Physical cores its vCPUs may run on (bit n = core n; the manifest's cores field). */
  coreMask: u32 = 0xF;
  devices!: VmDevices;
  /** Its ARM-local block (0x40000000): per-vCPU timer routing, mailboxes, IRQ sources. */
  local!: VirtualArmLocal;
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
  /** A restart asked for (?r, PSCI SYSTEM_RESET) waits until no core runs any of its vCPUs. */
  restartPending: bool = false;
  /** The pending restart is the guest's own (SYSTEM_RESET): its lines count against the VM's
   *  console budget (a guest resetting in a loop cannot flood the console). */
  restartByGuest: bool = false;
  /** Times it was restarted (shown by ?l; kept across restarts). */
  restarts: u32 = 0;

  constructor(public vmId: u32, public vmName: string, public memoryBytes: u64, public sliceMicros: u32, public entry: u64,
    vcpuCount: u32 = 1, cores: u32 = 0) {
    this.quotaPages = <u32>((memoryBytes + PAGE_SIZE - 1) / PAGE_SIZE);
    for (let i: u32 = 0; i < (vcpuCount == 0 ? 1 : vcpuCount); i++) this.vcpus.push(new Vcpu(entry, i));
    if (cores != 0) this.coreMask = cores;
    this.devices = new VmDevices(this, this, vmId, vmName);
    this.local = new VirtualArmLocal(this.vcpus, this.devices);
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

  /** The boot vCPU (vCPU 0). */
  get vcpu(): Vcpu {
    return unchecked(this.vcpus[0]);
  }

  /** Stopped: every vCPU is (a VM whose vCPUs are all powered off by PSCI is not). */
  isStopped(): bool {
    for (let i = 0; i < this.vcpus.length; i++) if (unchecked(this.vcpus[i]).state != VCPU_STOPPED) return false;
    return true;
  }

  /** Stops every vCPU; one running on another core is sent an IPI, so that it leaves that
   *  core at once (at the exit the IPI makes). */
  stopAll(): void {
    for (let i = 0; i < this.vcpus.length; i++) {
      const v = unchecked(this.vcpus[i]);
      v.state = VCPU_STOPPED;
      if (v.core >= 0 && v.core != <i32>coreId()) ipiSend(<u32>v.core);
    }
  }

  // ConsoleVm
  id(): u32 {
    return this.vmId;
  }

  name(): string {
    return this.vmName;
  }

  /** "running" if some vCPU can run, else "waiting" if some waits for an interrupt, else
   *  "stopped" (or "off": every vCPU powered off). */
  stateName(): string {
    let waiting = false, off = true;
    for (let i = 0; i < this.vcpus.length; i++) {
      const s = unchecked(this.vcpus[i]).state;
      if (s == VCPU_RUNNABLE) return "running";
      if (s == VCPU_BLOCKED) waiting = true;
      if (s == VCPU_STOPPED) off = false;
    }
    return waiting ? "waiting" : off ? "off" : "stopped";
  }

  uart(): VirtualAuxUart {
    return this.devices.uart;
  }

  stop(): void {
    this.stopAll();
    this.stopReason = "stopped from the console";
  }

  /** Restarts it from its image with fresh memory (vm/restart.ts): its vCPUs stop at once
   *  (IPIs to the cores running them), the restart itself happens when the last one has left
   *  its core, here if none is on a core now. */
  restart(): void {
    this.restartAsked(false);
  }

  /** The guest's own reset (PSCI SYSTEM_RESET): as restart(), its lines within its budget. */
  resetByGuest(): void {
    this.restartAsked(true);
  }

  private restartAsked(byGuest: bool): void {
    this.stopAll();
    this.restartByGuest = byGuest;
    this.restartPending = true;
    restartHook(this);
  }

  tableRow(): void {
    const st = this.stats;
    consoleDecimalColumn(this.stage2.mappedPages + this.stage2.tablePages, 5);
    consoleHexColumn(elrOf(this.vcpu.frame), 10);
    consoleDecimalColumn(st.wfx, 8);
    consoleDecimalColumn(st.hvc, 8);
    consoleDecimalColumn(st.sysreg, 8);
    consoleDecimalColumn(st.pageFaults, 8);
    consoleDecimalColumn(st.mmio, 8);
    consoleDecimalColumn(st.irqsInjected, 8);
    consoleDecimalColumn(this.restarts, 5);
  }

}
