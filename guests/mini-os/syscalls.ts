// System calls (`svc #0` from EL0, number in w8, arguments x0-x2, result in x0) and the other
// synchronous exceptions of user processes: a fault kills the process, the system goes on.
import { at_s1e0r, PAR_EL1, isb } from "aarch64";
import { frameGet, frameSet, EC_SVC64, unhandled } from "../lib/vectors";
import { putc } from "../lib/uart";
import { printf, puts } from "../lib/print";
import { currentTask, exitCurrent, sleepTicks } from "./sched";
import { fork, freeProcess } from "./process";
import { freePages } from "./pages";

export const SYS_WRITE: u64 = 0;
export const SYS_FORK: u64 = 1;
export const SYS_EXIT: u64 = 2;
export const SYS_SLEEP: u64 = 3;
const WRITE_MAX: u64 = 256;
const EFAULT: u64 = u64.MAX_VALUE - 13; // -14

/** Physical address of user virtual address va if EL0 may read it there, else u64.MAX_VALUE:
 *  the MMU itself checks (AT S1E0R), so a pointer into the kernel is refused. */
function userReadable(va: u64): u64 {
  at_s1e0r(va);
  isb();
  const par = PAR_EL1.read();
  if ((par & 1) != 0) return u64.MAX_VALUE;
  return (par & 0x0000fffffffff000) | (va & 0xfff);
}

function sysWrite(buf: u64, len: u64): u64 {
  if (len > WRITE_MAX) len = WRITE_MAX;
  for (let i: u64 = 0; i < len; i++) {
    const pa = userReadable(buf + i);
    if (pa == u64.MAX_VALUE) return i == 0 ? EFAULT : i;
    putc(<u32>load<u8>(<usize>pa));
  }
  return len;
}

/** What an exception class (ESR_EL1.EC) from EL0 is called in the kill report. (A switch: a
 *  Map would cost its code and a start function building it, about 2 KB of image.) */
function ecName(ec: u32): string {
  switch (ec) {
    case 0x20: return "instruction abort";
    case 0x24: return "data abort";
    case 0x22: return "PC alignment fault";
    case 0x26: return "SP alignment fault";
    case 0x00: return "undefined instruction";
    default: return "exception";
  }
}

export function onSyncException(frame: usize, esr: u64, far: u64): void {
  const ec = <u32>(esr >> 26) & 0x3f;
  const fromUser = (frameGet(frame, 33) & 0xf) == 0; // SPSR.M = EL0t
  if (!fromUser) {
    unhandled(0 | (1 << 2), frame);
    return;
  }
  if (ec == EC_SVC64) {
    const n = frameGet(frame, 8);
    const a0 = frameGet(frame, 0);
    let r: u64 = 0;
    if (n == SYS_WRITE) r = sysWrite(a0, frameGet(frame, 1));
    else if (n == SYS_FORK) r = <u64>fork(currentTask(), frame);
    else if (n == SYS_EXIT) {
      const t = currentTask();
      const freed = freeProcess(t);
      printf("mini-os: process %d exited with code %d, freed %d pages, %d free\n", t.pid, a0, freed, freePages());
      exitCurrent();
    } else if (n == SYS_SLEEP) sleepTicks(a0);
    else r = u64.MAX_VALUE - 37; // -38 ENOSYS
    frameSet(frame, 0, r);
    return;
  }
  // Any other exception from EL0 is the process's fault.
  const t = currentTask();
  printf("mini-os: process %d killed: ", t.pid);
  puts(ecName(ec));
  printf(" at %p (ESR 0x%x, ELR 0x%x)\n", far, esr, frameGet(frame, 32));
  const freed = freeProcess(t);
  printf("mini-os: process %d freed %d pages, %d free\n", t.pid, freed, freePages());
  exitCurrent();
}
