/* guests/lib/context.ts in C: kernel-thread contexts for guests/lib/context.S. */
#include "lib.h"

void rv_switch(u32 prev, u32 next);
u64 rv_thread_start_addr(void);
u64 rv_el1_return_addr(void);

#define CTX_X19 0
#define CTX_X20 1
#define CTX_SP 11
#define CTX_LR 12

void newContext(u32 ctx, u32 stackTop, ThreadFn fn, u64 arg) {
  u64 *c = MA(ctx);
  memset(c, 0, CONTEXT_BYTES);
  c[CTX_X19] = (u64)fn;
  c[CTX_X20] = arg;
  c[CTX_SP] = (u64)MA(stackTop);
  c[CTX_LR] = rv_thread_start_addr();
}

void frameContext(u32 ctx, u32 frame) {
  u64 *c = MA(ctx);
  memset(c, 0, CONTEXT_BYTES);
  c[CTX_SP] = (u64)MA(frame);
  c[CTX_LR] = rv_el1_return_addr();
}

void switchContext(u32 prev, u32 next) { rv_switch(prev, next); }

static void (*threadExit)(void);
void onThreadExit(void (*f)(void)) { threadExit = f; }

void rv_thread_entry(u64 fn, u64 arg) { ((ThreadFn)fn)(arg); }
void rv_thread_exit(void) { threadExit(); }
