/* guests/mini-os/process.ts in C: user address spaces, spawn, fork, exit's freeing. */
#include "mini-os.h"

u64 user_begin_addr(void);
u64 user_end_addr(void);
u64 user_entry_offsets(u32 which);

#define USER_STACK_TOP 0x80000UL
#define SPSR_EL0T 0UL
#define CODE_ATTRS normalAttrs(AP_EL0_RO | PXN)
#define DATA_ATTRS normalAttrs(AP_EL0_RW | PXN | UXN)

static u32 addPage(struct Task *t, u64 va, u64 attrs) {
  u32 pa = allocPage();
  if (pa == 0) return 0;
  mapPage(t->userRoot, va, pa, attrs, allocPage);
  t->vpns[t->nPages] = (u32)(va >> 12) | (attrs == CODE_ATTRS ? 0x80000000U : 0);
  t->pas[t->nPages] = pa;
  t->nPages++;
  return pa;
}

static void newAddressSpace(struct Task *t) {
  t->userRoot = allocPage();
  for (u64 pa = 0x3f000000; pa < 0x40200000; pa += 0x200000) mapBlock(t->userRoot, pa, pa, deviceAttrs(AP_EL1_RW), allocPage);
}

static u32 entryFrame(struct Task *t) { return t->kstackTop - FRAME_BYTES; }

int spawnUser(u32 which) {
  struct Task *t = allocTask();
  if (!t) return -1;
  newAddressSpace(t);
  u32 code = addPage(t, 0, CODE_ATTRS);
  addPage(t, USER_STACK_TOP - PAGE, DATA_ATTRS);
  u64 begin = user_begin_addr();
  memcpy(MA(code), (void *)begin, user_end_addr() - begin);
  u32 frame = entryFrame(t);
  memset(MA(frame), 0, FRAME_BYTES);
  frameSet(frame, FRAME_ELR, user_entry_offsets(which));
  frameSet(frame, FRAME_SPSR, SPSR_EL0T);
  frameSet(frame, FRAME_SP_EL0, USER_STACK_TOP);
  frameContext(t->ctx, frame);
  t->state = TASK_RUNNABLE;
  return (int)t->pid;
}

int fork(struct Task *parent, u32 frame) {
  struct Task *t = allocTask();
  if (!t) return -1;
  newAddressSpace(t);
  for (int i = 0; i < parent->nPages; i++) {
    u32 v = parent->vpns[i];
    u32 pa = addPage(t, (u64)(v & 0x7fffffff) << 12, (v & 0x80000000U) ? CODE_ATTRS : DATA_ATTRS);
    memcpy(MA(pa), MA(parent->pas[i]), PAGE);
  }
  u32 child = entryFrame(t);
  memcpy(MA(child), MA(frame), FRAME_BYTES);
  frameSet(child, 0, 0);
  frameContext(t->ctx, child);
  t->state = TASK_RUNNABLE;
  return (int)t->pid;
}

u32 freeProcess(struct Task *t) {
  u32 before = freePages();
  for (int i = 0; i < t->nPages; i++) freePage(t->pas[i]);
  t->nPages = 0;
  if (t->userRoot != 0) {
    forEachTable(t->userRoot, freePage, 0);
    freePage(t->userRoot);
    t->userRoot = 0;
  }
  return freePages() - before;
}
