// Scheduling the VMs' vCPUs on the four cores. One run queue for the machine: every vCPU of
// every VM in VM order (vCPU 0, 1, ... of VM 1, then VM 2's, ...), each marked with the core
// running it; each core keeps its own state (`CoreSched`: its current vCPU, slice, where its
// round-robin scan goes on). All of it is under the `hyp` lock (arch/spinlock.ts).
//
// `schedule()` runs at the end of every exit on the core that took it: it wakes waiting vCPUs
// whose virtual interrupt is pending, keeps the current vCPU until its slice ends (or it yields,
// waits, is powered off or stopped), else picks the next runnable vCPU that no other core runs
// and whose VM may run on this core (the manifest's core mask), switches (world switch, stage
// 2; FP/SIMD follows lazily, and is written back when a vCPU leaves a core so that it can move
// to another), sets HCR_EL2.VI/VF, and arms the core's EL2 timer for the earlier of the slice
// end and the next guest timer event. A core with nothing to run waits in WFI with `hyp`
// released; a core that makes a vCPU runnable while some core idles sends it an IPI (ARM-local
// mailbox 0) so that it looks again.
//
// What runs on every exit is kept small (test/bench/vm-exits.ts counts it): the look for vCPUs
// to hand to idle cores starts from a mask of the idle cores and is skipped when none is idle,
// and the next guest timer event is kept between exits (vm/guest-events.ts says when it may
// have moved) rather than worked out from every VM each time.
import { HCR_EL2, VTTBR_EL2, CPTR_EL2, isb, wfi } from "aarch64";
import { Vm } from "./vm";
import { Vcpu, VCPU_RUNNABLE, VCPU_BLOCKED } from "./vcpu";
import { saveEl1, restoreEl1 } from "../arch/world-switch";
import { setCurrentFrame, fpOwner, setFpOwner, coreId, MAX_CORES } from "../arch/percpu";
import { hypLockHere, hypUnlockHere } from "../arch/spinlock";
import { nowTicks, microsToTicks, hypTimerArm } from "../drivers/hyp-timer";
import { pollInterrupts } from "../exits/irq";
import { ipiEnable, ipiSend } from "../drivers/ipi";
import { vtimerEntry, vtimerDeadline, LINE_IRQ, LINE_FIQ } from "../vdev/arm-local";
import { consolePump } from "../console/console";
import { restartWhenFree } from "./restart";
import { guestEventsChanged, takeGuestEventsChanged } from "./guest-events";

// @ts-ignore: decorator
@external("env", "fpsimd_save") declare function fpsimd_save(area: usize): void;

// HCR_EL2 while a guest runs: stage 2 on (VM), set/way ops as clean+invalidate (SWIO), physical
// FIQ/IRQ/SError to EL2 (FMO/IMO/AMO), TLB maintenance and barriers broadcast to the inner
// shareable domain (FB, BSU = IS: a VM's vCPUs move between cores), trap WFI/WFE (TWI/TWE), ID
// registers (TID1-3), SMC (TSC), ACTLR_EL1 (TACR); EL1 is AArch64 (RW). VF/VI are added per entry.
export const HCR_GUEST: u64 = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 9) | (1 << 10) |
  (1 << 13) | (1 << 14) | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 19) | (1 << 21) | (<u64>1 << 31);
const HCR_VF: u64 = 1 << 6;
const HCR_VI: u64 = 1 << 7;
const CPTR_RES1: u64 = 0x33ff;

/** What one core runs and how long. */
class CoreSched {
  current: Vcpu | null = null;
  currentVm: Vm | null = null;
  /** Position in the run queue of the current (or last) vCPU: the scan goes on after it. */
  at: i32 = -1;
  sliceStart: u64 = 0;
  sliceEnd: u64 = 0;
  yieldRequested: bool = false;
}

const vms: Vm[] = [];
// The run queue: queueVm[i] owns queueVcpu[i].
const queueVm: Vm[] = [];
const queueVcpu: Vcpu[] = [];
const cores: CoreSched[] = [];
for (let i: u32 = 0; i < MAX_CORES; i++) cores.push(new CoreSched());
/** The cores waiting in WFI with nothing to run (bit n: core n; an IPI wakes one). */
let idleCores: u32 = 0;
/** nextGuestEvent()'s answer as last worked out. */
let guestEvent: u64 = 0;

export function addVm(vm: Vm): void {
  vms.push(vm);
  for (let i = 0; i < vm.vcpus.length; i++) {
    queueVm.push(vm);
    queueVcpu.push(unchecked(vm.vcpus[i]));
  }
}

export function allVms(): Vm[] {
  return vms;
}

function here(): CoreSched {
  return unchecked(cores[coreId()]);
}

/** The VM whose vCPU this core runs (valid inside an exit handler). */
export function currentVm(): Vm {
  return here().currentVm!;
}

/** The vCPU this core runs (valid inside an exit handler). */
export function currentVcpu(): Vcpu {
  return here().current!;
}

/** The current vCPU gives up the rest of its slice (WFE, the yield hypercall). */
export function requestYield(): void {
  here().yieldRequested = true;
}

/** A core joins the scheduler (core 0 in main, the others at their start). */
export function coreOnline(core: u32): void {
  ipiEnable(core);
}

/** Whether the vCPU has a virtual interrupt to take: its sources in the VM's ARM-local block
 *  (the legacy interrupt controller's line, routed to vCPU 0 as the GPU interrupt is routed
 *  to core 0 at reset; mailbox IPIs between vCPUs; its virtual timer). */
function interruptPending(vm: Vm, v: Vcpu): bool {
  return vm.local.lines(v.index) != 0;
}

function allowedHere(vm: Vm, core: u32): bool {
  return (vm.coreMask & (1 << core)) != 0;
}

/** The next runnable vCPU after position `from` that this core may take (`from` itself last),
 *  or -1. Waiting vCPUs with a pending interrupt are woken on the way. */
function pickNext(core: u32, from: i32): i32 {
  const n = queueVcpu.length;
  for (let k = 1; k <= n; k++) {
    const i = (from + k + n) % n;
    const v = unchecked(queueVcpu[i]);
    if (v.core >= 0 && v.core != <i32>core) continue;
    const vm = unchecked(queueVm[i]);
    if (!allowedHere(vm, core)) continue;
    if (v.state == VCPU_BLOCKED && interruptPending(vm, v)) v.state = VCPU_RUNNABLE;
    if (v.state == VCPU_RUNNABLE) return i;
  }
  return -1;
}

/** Sends an IPI to each idle core that has a vCPU to take: one no core runs, runnable or
 *  waiting with an interrupt pending (made runnable here), of a VM allowed on that core. With
 *  no other core idle there is nothing to do (the usual case when the cores are busy): a
 *  waiting vCPU whose interrupt came is then made runnable by the next core that looks for
 *  work (pickNext), as it would be here. */
export function wakeIdleCores(): void {
  const others = idleCores & ~(<u32>1 << coreId());
  if (others == 0) return;
  let want: u32 = 0; // idle cores some vCPU could use
  for (let i = 0; i < queueVcpu.length; i++) {
    const v = unchecked(queueVcpu[i]);
    if (v.core >= 0) continue;
    const vm = unchecked(queueVm[i]);
    if ((vm.coreMask & others) == 0) continue; // no idle core may run it
    if (v.state == VCPU_BLOCKED && interruptPending(vm, v)) v.state = VCPU_RUNNABLE;
    if (v.state == VCPU_RUNNABLE) want |= vm.coreMask & others;
  }
  for (let c: u32 = 0; c < MAX_CORES; c++) if ((want & (<u32>1 << c)) != 0) ipiSend(c);
}

/** Earliest counter value at which some VM's system-timer compare comes due, or the virtual
 *  timer of a waiting vCPU no core runs (a running vCPU's own timer interrupts its core). */
function earliestGuestEvent(): u64 {
  let earliest = u64.MAX_VALUE;
  for (let i = 0; i < queueVcpu.length; i++) {
    const v = unchecked(queueVcpu[i]);
    if (v.core >= 0 || v.state != VCPU_BLOCKED) continue;
    const t = vtimerDeadline(v);
    if (t < earliest) earliest = t;
  }
  for (let i = 0; i < vms.length; i++) {
    const vm = unchecked(vms[i]);
    if (vm.isStopped()) continue;
    const us = vm.devices.nextTimerEvent();
    if (us == u64.MAX_VALUE) continue;
    const t = microsToTicks(us);
    if (t < earliest) earliest = t;
  }
  return earliest;
}

/** earliestGuestEvent(), kept from exit to exit: looked for again only when something may
 *  have brought it earlier (vm/guest-events.ts) or the counter has reached it (its match
 *  is raised then and the next event found). Until then the kept value is the answer: events
 *  that moved later (a match raised, a vCPU woken or stopped) only make the timer fire once
 *  early, at an exit that looks again. */
function nextGuestEvent(): u64 {
  if (takeGuestEventsChanged() || nowTicks() >= guestEvent) guestEvent = earliestGuestEvent();
  return guestEvent;
}

/** The vCPU leaves this core: its EL1 state to memory, its FP/SIMD registers too if they are
 *  still in this core's (another core may take the vCPU next). */
function release(cs: CoreSched, now: u64): void {
  const prev = cs.current;
  if (prev === null) return;
  const vm = cs.currentVm!;
  vm.stats.runTicks += now - cs.sliceStart;
  saveEl1(prev.el1);
  if (fpOwner() == prev.fp) {
    CPTR_EL2.write(CPTR_RES1);
    isb();
    fpsimd_save(prev.fp);
    setFpOwner(0);
  }
  prev.core = -1;
  if (prev.state == VCPU_BLOCKED) guestEventsChanged(); // its virtual timer now counts there
  cs.current = null;
  cs.currentVm = null;
  if (vm.restartPending) restartWhenFree(vm); // ?r / SYSTEM_RESET waited for its vCPUs to leave
}

function switchTo(cs: CoreSched, core: u32, i: i32, now: u64): void {
  const next = unchecked(queueVcpu[i]);
  const vm = unchecked(queueVm[i]);
  if (cs.current !== next) {
    release(cs, now);
    restoreEl1(next.el1);
    VTTBR_EL2.write(vm.stage2.vttbr(vm.vmId));
    setCurrentFrame(next.frame);
    next.core = <i32>core;
    cs.current = next;
    cs.currentVm = vm;
    cs.sliceStart = now;
  }
  cs.at = i;
  cs.sliceEnd = now + microsToTicks(<u64>vm.sliceMicros);
}

/** Waits (WFI, interrupts masked at EL2: the core wakes but takes no exception; `hyp`
 *  released) until a vCPU can run here, handling the physical interrupts that arrive meanwhile. */
function idleUntilRunnable(cs: CoreSched, core: u32): i32 {
  while (true) {
    pollInterrupts();
    consolePump(); // typed input may be what a waiting VM waits for
    const i = pickNext(core, cs.at);
    if (i >= 0) return i;
    hypTimerArm(nextGuestEvent());
    idleCores |= <u32>1 << core;
    hypUnlockHere();
    wfi();
    hypLockHere(core, true);
    idleCores &= ~(<u32>1 << core);
  }
}

/** Decides what this core runs when the exit returns. */
export function schedule(): void {
  const core = coreId();
  const cs = unchecked(cores[core]);
  const now = nowTicks();
  const cur = cs.current;
  const keep = cur !== null && cur.state == VCPU_RUNNABLE && !cs.yieldRequested && now < cs.sliceEnd;
  if (!keep) {
    if (cur !== null && cur.state != VCPU_RUNNABLE) release(cs, now); // free for other cores
    let i = pickNext(core, cs.at);
    if (i < 0) {
      release(cs, now);
      i = idleUntilRunnable(cs, core);
    }
    switchTo(cs, core, i, nowTicks());
  }
  cs.yieldRequested = false;
  wakeIdleCores();
  const vm = cs.currentVm!;
  const v = cs.current!;
  // Level-sensitive virtual lines, re-evaluated on every entry.
  vtimerEntry(v);
  const lines = vm.local.lines(v.index);
  const vi = (lines & LINE_IRQ) != 0;
  if (vi && !vm.viLevel) vm.stats.irqsInjected++;
  vm.viLevel = vi;
  HCR_EL2.write(HCR_GUEST | (vi ? HCR_VI : 0) | ((lines & LINE_FIQ) != 0 ? HCR_VF : 0));
  const event = nextGuestEvent();
  hypTimerArm(event < cs.sliceEnd ? event : cs.sliceEnd);
  isb();
}
