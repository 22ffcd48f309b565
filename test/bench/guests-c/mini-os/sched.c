/* guests/mini-os/sched.ts in C: tasks and the preemptive round-robin scheduler. */
#include "mini-os.h"

#define KSTACK 8192U
#define SLICE_TICKS 5
#define EMPTY_TTBR0 0x4000UL
#define KSTACKS 0x500000U

static u8 contexts[CONTEXT_BYTES * MAX_TASKS] __attribute__((aligned(16)));
struct Task tasks[MAX_TASKS];
static int current;
static u32 nextPid = 1;
static u64 ticks;

void schedInit(void) {
  for (int i = 0; i < MAX_TASKS; i++) {
    struct Task *t = &tasks[i];
    t->slot = i;
    t->kstackTop = KSTACKS + KSTACK * (u32)(i + 1);
    t->ctx = WA(contexts + CONTEXT_BYTES * i);
  }
  tasks[0].state = TASK_RUNNABLE;
  tasks[0].pid = 0;
}

struct Task *currentTask(void) { return &tasks[current]; }

struct Task *allocTask(void) {
  for (int i = 1; i < MAX_TASKS; i++) {
    struct Task *t = &tasks[i];
    if (t->state == TASK_FREE && i != current) {
      t->pid = nextPid++;
      t->counter = SLICE_TICKS;
      t->userRoot = 0;
      t->nPages = 0;
      return t;
    }
  }
  return 0;
}

int spawnThread(ThreadFn fn, u64 arg) {
  struct Task *t = allocTask();
  if (!t) return -1;
  newContext(t->ctx, t->kstackTop, fn, arg);
  t->state = TASK_RUNNABLE;
  return (int)t->pid;
}

void schedule(void) {
  int next = 0;
  for (int k = 1; k <= MAX_TASKS; k++) {
    int i = (current + k) % MAX_TASKS;
    if (i != 0 && tasks[i].state == TASK_RUNNABLE) {
      next = i;
      break;
    }
  }
  int prev = current;
  tasks[next].counter = SLICE_TICKS;
  if (next == prev) return;
  current = next;
  struct Task *t = &tasks[next];
  SYSREG_WRITE(ttbr0_el1, t->userRoot != 0 ? (u64)t->userRoot : EMPTY_TTBR0);
  isb();
  tlbi_vmalle1();
  dsb_ish();
  isb();
  switchContext(tasks[prev].ctx, t->ctx);
}

void idleLoop(void) {
  for (;;) {
    daifset_2();
    schedule();
    wfi();
    daifclr_2();
  }
}

void tick(void) {
  ticks++;
  for (int i = 1; i < MAX_TASKS; i++) {
    struct Task *t = &tasks[i];
    if (t->state == TASK_SLEEPING && t->wakeTick <= ticks) t->state = TASK_RUNNABLE;
  }
  struct Task *cur = &tasks[current];
  if (current == 0 || --cur->counter <= 0 || cur->state != TASK_RUNNABLE) schedule();
}

void sleepTicks(u64 n) {
  u64 daif = SYSREG_READ(daif);
  daifset_2();
  struct Task *t = &tasks[current];
  t->wakeTick = ticks + n;
  t->state = TASK_SLEEPING;
  schedule();
  SYSREG_WRITE(daif, daif);
}

void exitCurrent(void) {
  daifset_2();
  tasks[current].state = TASK_FREE;
  schedule();
}
