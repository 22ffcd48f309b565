// HVC: the hypercall ABI (docs/hypervisor.md). `hvc #0` with a function id in w0 (SMC Calling
// Convention style, in the vendor-specific hypervisor range 0xC6000000), arguments x1-x7,
// result in x0. An id the ABI does not know but in the SMCCC range (bit 31 set) returns
// NOT_SUPPORTED (-1). Anything else is a C-original guest's `mov x8, N; hvc #0`: it prints
// "WARN[vm]: HVC #N" and leaves the registers alone, as there. PSCI ids go to exits/psci.ts.
import { Vm } from "../vm/vm";
import { getX, setX } from "../arch/frame";
import { requestYield, currentVcpu } from "../vm/scheduler";
import { isPsci, handlePsci } from "./psci";
import { NOT_MAPPED } from "../arch/stage2";
import { warnBegin, part, partDec, warnEnd, infoExit } from "./report";
import { PLANTED, HVC_PLANT_EL2_FAULT, plantEl2Fault } from "./el2-fault-plant";

export const HVC_VERSION: u32 = 0xC6000000; // -> ABI version (major << 16 | minor)
export const HVC_CONSOLE_WRITE: u32 = 0xC6000001; // x1 = guest-physical address, x2 = length -> bytes written
export const HVC_YIELD: u32 = 0xC6000002; // -> 0, after the other VMs had their turn
export const HVC_VM_EXIT: u32 = 0xC6000003; // x1 = exit code; does not return
const ABI_VERSION: u64 = 0x00010000;
const NOT_SUPPORTED: u64 = u64.MAX_VALUE; // -1
const CONSOLE_WRITE_MAX: u64 = 4096;

function consoleWrite(vm: Vm, frame: usize): u64 {
  const ipa = getX(frame, 1);
  let n = getX(frame, 2);
  if (n > CONSOLE_WRITE_MAX) n = CONSOLE_WRITE_MAX;
  const uart = vm.devices.uart;
  for (let i: u64 = 0; i < n; i++) {
    const pa = vm.stage2.lookup(ipa + i);
    if (pa == NOT_MAPPED) return i;
    uart.hypercallWrite(load<u8>(<usize>pa));
  }
  return n;
}

export function handleHvc(vm: Vm, frame: usize, esr: u64): void {
  vm.stats.hvc++;
  const imm = <u32>esr & 0xffff;
  const fn = <u32>getX(frame, 0);
  if (imm != 0) {
    setX(frame, 0, NOT_SUPPORTED);
    return;
  }
  switch (fn) {
    case HVC_VERSION:
      setX(frame, 0, ABI_VERSION);
      return;
    case HVC_CONSOLE_WRITE:
      setX(frame, 0, consoleWrite(vm, frame));
      return;
    case HVC_YIELD:
      setX(frame, 0, 0);
      requestYield();
      return;
    case HVC_VM_EXIT:
      infoExit(vm, getX(frame, 1));
      vm.stopAll();
      vm.stopReason = "exited";
      return;
  }
  if (isPsci(fn)) {
    handlePsci(vm, currentVcpu(), frame, fn);
    return;
  }
  if (PLANTED && fn == HVC_PLANT_EL2_FAULT) { // test builds only (el2-fault-plant.ts)
    setX(frame, 0, plantEl2Fault());
    return;
  }
  if ((fn & 0x80000000) != 0) {
    setX(frame, 0, NOT_SUPPORTED);
    return;
  }
  if (warnBegin(vm)) { // nothing allocated: a guest can do this on every exit
    part("HVC #");
    partDec(getX(frame, 8));
    warnEnd();
  }
}
