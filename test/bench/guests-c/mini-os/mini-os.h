/* guests/mini-os in C: the scheduler, processes, pages and system calls of the AS kernel. */
#include "../lib/lib.h"

#define TASK_FREE 0U
#define TASK_RUNNABLE 1U
#define TASK_SLEEPING 2U
#define MAX_TASKS 16

struct Task {
  u32 ctx; /* its context (wasm/physical address) */
  u32 state;
  u32 pid;
  i32 counter;
  u64 wakeTick;
  u32 userRoot; /* root of the user tables (physical), 0 for kernel threads */
  u32 vpns[16];
  u32 pas[16];
  i32 nPages;
  i32 slot;
  u32 kstackTop;
};

extern struct Task tasks[MAX_TASKS];

/* pages */
#define PAGE 4096U
u32 allocPage(void);
void freePage(u32 pa);
u32 freePages(void);
/* sched */
void schedInit(void);
struct Task *currentTask(void);
struct Task *allocTask(void);
int spawnThread(ThreadFn fn, u64 arg);
void schedule(void);
void idleLoop(void);
void tick(void);
void sleepTicks(u64 n);
void exitCurrent(void);
/* process */
#define USER_DEMO 0U
#define USER_PROBE 1U
#define USER_EXIT 2U
int spawnUser(u32 which);
int fork(struct Task *parent, u32 frame);
u32 freeProcess(struct Task *t);
/* syscalls */
void onSyncException(u32 frame, u64 esr, u64 far);
