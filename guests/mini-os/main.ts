// mini-os: a small kernel in the high half of the address space. boot.S turns the MMU and
// caches on and jumps to 0xffff000000080000 + ...; here: the UART, the EL1 vectors, the system
// timer's channel 1 every 20 ms as the scheduler's tick, a kernel thread that starts the user
// processes (user.S, at EL0 in their own address spaces), and the idle loop (WFI).
import { TTBR1_EL1, SCTLR_EL1, wfi, daifclr_2 } from "aarch64";
import { exceptionLevel } from "../lib/boot";
import { uartInit } from "../lib/uart";
import { printf, puts } from "../lib/print";
import { installVectors, onIrq, onSync } from "../lib/vectors";
import { enableIrq, isPending } from "../lib/intc";
import { timerArm, timerRearm } from "../lib/systimer";
import { IRQ_SYSTEM_TIMER_1 } from "../lib/devices";
import { onThreadExit } from "../lib/context";
import { ADDRESS_BASE } from "../lib/memory";
import { schedInit, spawnThread, tick, sleepTicks, exitCurrent, tasks, TASK_FREE } from "./sched";
import { spawnUser, USER_DEMO, USER_PROBE, USER_EXIT } from "./process";
import { onSyncException } from "./syscalls";
import { freePages } from "./pages";
export { rv_el1_exception } from "../lib/vectors";
export { rv_thread_entry, rv_thread_exit } from "../lib/context";

const TICK_MICROS: u32 = 20000;

function onTimerIrq(frame: usize): void {
  if (!isPending(IRQ_SYSTEM_TIMER_1)) return;
  timerRearm(1, TICK_MICROS);
  tick();
}

/** Wait (sleeping, so the core idles in WFI) until process pid has gone. */
function waitFor(pid: i32): void {
  while (true) {
    let alive = false;
    for (let i = 1; i < tasks.length; i++) if (tasks[i].pid == <u32>pid && tasks[i].state != TASK_FREE) alive = true;
    if (!alive) return;
    sleepTicks(1);
  }
}

/** The kernel thread that runs the user programs: the isolation probe, a process that exits,
 *  then the C original's demo (it forks; parent and child print forever). */
function kernelProcess(arg: u64): void {
  printf("Kernel process started. EL %d\n", exceptionLevel());
  waitFor(spawnUser(USER_PROBE));
  waitFor(spawnUser(USER_EXIT));
  spawnUser(USER_DEMO);
}

export function main(bootEL: u32): void {
  uartInit();
  printf("mini-os: booted at EL%d, kernel at %p, MMU and caches ", bootEL, TTBR1_EL1.read() & 0 | 0xffff000000080000);
  puts((SCTLR_EL1.read() & 5) == 5 ? "on\n" : "off\n");
  printf("mini-os: address base %p, %d pages free\n", ADDRESS_BASE, freePages());
  installVectors();
  onIrq(onTimerIrq);
  onSync(onSyncException);
  onThreadExit(exitCurrent);
  schedInit();
  spawnThread(kernelProcess, 0);
  timerArm(1, TICK_MICROS);
  enableIrq(IRQ_SYSTEM_TIMER_1);
  daifclr_2();
  while (true) wfi(); // idle: the tick schedules runnable tasks
}
