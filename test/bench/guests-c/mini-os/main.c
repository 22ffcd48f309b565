/* guests/mini-os/main.ts in C: the UART, the EL1 vectors, the system timer's 20 ms tick, a
 * kernel thread that starts the user processes, the idle loop. */
#include "mini-os.h"

#define TICK_MICROS 20000U

static void onTimerIrq(u32 frame) {
  (void)frame;
  if (!isPending(IRQ_SYSTEM_TIMER_1)) return;
  timerRearm(1, TICK_MICROS);
  tick();
}

static void waitFor(int pid) {
  for (;;) {
    int alive = 0;
    for (int i = 1; i < MAX_TASKS; i++) if (tasks[i].pid == (u32)pid && tasks[i].state != TASK_FREE) alive = 1;
    if (!alive) return;
    sleepTicks(1);
  }
}

static void kernelProcess(u64 arg) {
  (void)arg;
  printf("Kernel process started. EL %d\n", exceptionLevel(), 0, 0, 0);
  waitFor(spawnUser(USER_PROBE));
  waitFor(spawnUser(USER_EXIT));
  spawnUser(USER_DEMO);
}

void main(u32 bootEL) {
  uartInit();
  printf("mini-os: booted at EL%d, kernel at %p, MMU and caches ", bootEL, 0xffff000000080000UL, 0, 0);
  puts((SYSREG_READ(sctlr_el1) & 5) == 5 ? "on\n" : "off\n");
  printf("mini-os: address base %p, %d pages free\n", ADDRESS_BASE, freePages(), 0, 0);
  installVectors();
  onIrq(onTimerIrq);
  onSync(onSyncException);
  onThreadExit(exitCurrent);
  schedInit();
  spawnThread(kernelProcess, 0);
  timerArm(1, TICK_MICROS);
  enableIrq(IRQ_SYSTEM_TIMER_1);
  idleLoop();
}
