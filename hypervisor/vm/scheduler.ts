// Round-robin scheduling of the VMs' vCPUs on this core, with each VM's time slice, driven by
// the EL2 physical timer (drivers/hyp-timer.ts). `schedule()` runs at the end of every exit:
// it wakes waiting vCPUs whose virtual interrupt is pending, keeps the current vCPU until its
// slice ends (or it yields, waits or stops), switches (world switch, stage 2; FP/SIMD follows lazily), sets
// HCR_EL2.VI/VF from the VM's interrupt controller, and arms the timer for the earlier of the
// slice end and the next guest timer event. With nothing to run, the core waits in WFI itself.
import { HCR_EL2, VTTBR_EL2, isb, wfi } from "aarch64";
import { Vm } from "./vm";
import { VCPU_RUNNABLE, VCPU_BLOCKED } from "./vcpu";
import { saveEl1, restoreEl1 } from "../arch/world-switch";
import { setCurrentFrame } from "../arch/percpu";
import { nowTicks, microsToTicks, hypTimerArm } from "../drivers/hyp-timer";
import { pollInterrupts } from "../exits/irq";
import { consolePump } from "../console/console";

// HCR_EL2 while a guest runs: stage 2 on (VM), set/way ops as clean+invalidate (SWIO), physical
// FIQ/IRQ/SError to EL2 (FMO/IMO/AMO), trap WFI/WFE (TWI/TWE), ID registers (TID1-3), SMC
// (TSC), ACTLR_EL1 (TACR); EL1 is AArch64 (RW). VF/VI are added per entry.
export const HCR_GUEST: u64 = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 13) |
  (1 << 14) | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 19) | (1 << 21) | (<u64>1 << 31);
const HCR_VF: u64 = 1 << 6;
const HCR_VI: u64 = 1 << 7;

const vms: Vm[] = [];
let current: Vm | null = null;
let sliceEnd: u64 = 0;
let sliceStart: u64 = 0;
let yieldRequested = false;

export function addVm(vm: Vm): void {
  vms.push(vm);
}

export function allVms(): Vm[] {
  return vms;
}

/** The VM whose vCPU this core runs (valid inside an exit handler). */
export function currentVm(): Vm {
  return current!;
}

/** The current vCPU gives up the rest of its slice (WFE, the yield hypercall). */
export function requestYield(): void {
  yieldRequested = true;
}

function interruptPending(vm: Vm): bool {
  return vm.devices.irqAsserted() || vm.devices.fiqAsserted();
}

/** The next runnable VM after `from` in id order (`from` itself last), waking waiters. */
function pickNext(from: i32): Vm | null {
  const n = vms.length;
  for (let k = 1; k <= n; k++) {
    const vm = unchecked(vms[(from + k) % n]);
    if (vm.vcpu.state == VCPU_BLOCKED && interruptPending(vm)) vm.vcpu.state = VCPU_RUNNABLE;
    if (vm.vcpu.state == VCPU_RUNNABLE) return vm;
  }
  return null;
}

/** Earliest counter value at which some VM's system-timer compare comes due. */
function nextGuestEvent(): u64 {
  let earliest = u64.MAX_VALUE;
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

function switchTo(next: Vm, now: u64): void {
  const prev = current;
  if (prev !== next) {
    if (prev !== null) {
      prev.stats.runTicks += now - sliceStart;
      saveEl1(prev.vcpu.el1);
    }
    restoreEl1(next.vcpu.el1);
    VTTBR_EL2.write(next.stage2.vttbr(next.vmId));
    setCurrentFrame(next.vcpu.frame);
    current = next;
    sliceStart = now;
  }
  sliceEnd = now + microsToTicks(<u64>next.sliceMicros);
}

/** Waits (WFI, interrupts masked at EL2: the core wakes but takes no exception) until a vCPU
 *  can run, handling the physical interrupts that arrive meanwhile. */
function idleUntilRunnable(): Vm {
  let next: Vm | null = null;
  while (true) {
    pollInterrupts();
    consolePump(); // typed input may be what a waiting VM waits for
    next = pickNext(current === null ? -1 : <i32>current!.vmId - 1);
    if (next !== null) return next!;
    hypTimerArm(nextGuestEvent());
    wfi();
  }
}

/** Decides what this core runs when the exit returns. */
export function schedule(): void {
  const now = nowTicks();
  let next: Vm | null = current;
  const cur = current;
  const curIndex = cur === null ? -1 : vms.indexOf(cur!);
  const keep = cur !== null && cur.vcpu.state == VCPU_RUNNABLE && !yieldRequested && now < sliceEnd;
  if (!keep) {
    next = pickNext(curIndex);
    if (next === null) next = idleUntilRunnable();
    switchTo(next!, nowTicks());
  }
  yieldRequested = false;
  const vm = next!;
  // Level-sensitive virtual lines, re-evaluated on every entry.
  const vi = vm.devices.irqAsserted();
  const vf = vm.devices.fiqAsserted();
  if (vi && !vm.viLevel) vm.stats.irqsInjected++;
  vm.viLevel = vi;
  HCR_EL2.write(HCR_GUEST | (vi ? HCR_VI : 0) | (vf ? HCR_VF : 0));
  const guestEvent = nextGuestEvent();
  hypTimerArm(guestEvent < sliceEnd ? guestEvent : sliceEnd);
  isb();
}
