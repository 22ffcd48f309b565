// Every exit from a guest comes here from vectors.S: `handle_exit(kind)` with the guest's
// registers in its vCPU's frame. A synchronous exit is dispatched on ESR_EL2.EC to its handler
// in this folder; physical IRQs go to exits/irq.ts. Whatever a guest does, the worst outcome is
// that VM stopped with a one-line report. Then the console is serviced and the scheduler
// decides which vCPU vectors.S resumes.
import { ESR_EL2 } from "aarch64";
import { currentVm, currentVcpu, schedule } from "../vm/scheduler";
import { Vm } from "../vm/vm";
import {
  ecOf, issOf, ecName, EC_WFX, EC_FP_ASIMD, EC_HVC64, EC_SMC64, EC_SYSREG, EC_DABT_LOWER, EC_IABT_LOWER,
} from "../arch/esr";
import { handleHvc } from "./hvc";
import { isPsci, handlePsci } from "./psci";
import { getX, skipInstruction } from "../arch/frame";
import { handleWfx } from "./wfx";
import { handleSysreg } from "./sysreg";
import { handleDataAbort, faultIpa } from "./data-abort";
import { handleFpTrap } from "./fp";
import { pollInterrupts } from "./irq";
import { stopVm, stopBegin, stopEnd, part, partHex } from "./report";
import { consolePump } from "../console/console";
import { clockRefresh } from "../drivers/hyp-timer";

const KIND_SYNC: u32 = 0;
const KIND_IRQ: u32 = 1;
const KIND_FIQ: u32 = 2;

/** SMC (trapped by HCR_EL2.TSC, ELR at the SMC itself): PSCI is served as through HVC; any
 *  other call would reach the secure monitor, which is not the VM's to use. */
function handleSmc(vm: Vm, frame: usize): void {
  const fn = <u32>getX(frame, 0);
  if (!isPsci(fn)) {
    stopVm(vm, "SMC (not available to VMs)");
    return;
  }
  skipInstruction(frame);
  handlePsci(vm, currentVcpu(), frame, fn);
}

function handleSync(vm: Vm, frame: usize): void {
  const esr = ESR_EL2.read();
  const ec = ecOf(esr);
  switch (ec) {
    case EC_HVC64: handleHvc(vm, frame, esr); return;
    case EC_DABT_LOWER: handleDataAbort(vm, frame, esr); return;
    case EC_SYSREG: handleSysreg(vm, frame, issOf(esr)); return;
    case EC_WFX: handleWfx(vm, frame, issOf(esr)); return;
    case EC_SMC64: handleSmc(vm, frame); return;
    // Also a fetch from RAM it never wrote (all zeros, UDF): a guest lost in its memory is
    // stopped with where it went rather than left looping through its own vectors.
    case EC_IABT_LOWER:
      if (stopBegin(vm, "instruction abort")) {
        part("instruction abort at IPA ");
        partHex(faultIpa());
        stopEnd();
      }
      return;
  }
  if (stopBegin(vm, "exception")) {
    part(ecName(ec));
    part(" (EC ");
    partHex(ec);
    part(")");
    stopEnd();
  }
}

export function handle_exit(kind: u32): void {
  clockRefresh(); // one instant for the whole exit (drivers/hyp-timer.ts)
  const vm = currentVm();
  vm.stats.exits++;
  if (kind == KIND_SYNC && ecOf(ESR_EL2.read()) == EC_FP_ASIMD) {
    // The vCPU's own FP/SIMD registers are loaded now and FP is untrapped at EL2: straight
    // back to the guest, before any compiled code (which may use SIMD registers) runs.
    handleFpTrap(vm);
    return;
  }
  if (kind == KIND_SYNC) handleSync(vm, currentVcpu().frame);
  else if (kind == KIND_IRQ) {
    vm.stats.irqExits++;
    pollInterrupts();
  } else if (kind == KIND_FIQ) stopVm(vm, "physical FIQ while it ran");
  else stopVm(vm, "SError");
  consolePump();
  schedule();
}
