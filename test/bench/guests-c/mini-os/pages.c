/* guests/mini-os/pages.ts in C: 4 KiB pages in [POOL_START, POOL_END), one byte of state each. */
#include "mini-os.h"

#define POOL_START 0x600000U
#define POOL_END 0x800000U
#define COUNT ((POOL_END - POOL_START) / PAGE)
static u8 used[COUNT];
static u32 freeCount = COUNT;

u32 allocPage(void) {
  for (u32 i = 0; i < COUNT; i++) {
    if (used[i] != 0) continue;
    used[i] = 1;
    freeCount--;
    u32 pa = POOL_START + i * PAGE;
    memset(MA(pa), 0, PAGE);
    return pa;
  }
  return 0;
}

void freePage(u32 pa) {
  u32 i = (pa - POOL_START) / PAGE;
  if (used[i] == 0) return;
  used[i] = 0;
  freeCount++;
}

u32 freePages(void) { return freeCount; }
