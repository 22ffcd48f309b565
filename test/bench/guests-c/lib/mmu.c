/* guests/lib/mmu.ts in C: stage-1 tables, 4 KiB granule, tables at physical addresses. */
#include "lib.h"

#define VALID 1UL
#define TABLE 2UL
#define AF (1UL << 10)
#define SH_INNER (3UL << 8)
#define MT_NORMAL 1UL
#define MT_DEVICE_nGnRnE 0UL
#define ADDR_MASK 0x0000fffffffff000UL

u64 normalAttrs(u64 access) { return (MT_NORMAL << 2) | SH_INNER | AF | access; }
u64 deviceAttrs(u64 access) { return (MT_DEVICE_nGnRnE << 2) | AF | access | PXN | UXN; }

static usize index_(u64 va, int level) { return (va >> (39 - 9 * level)) & 511; }

static u32 nextTable(u32 table, u64 va, int level, PageAlloc alloc) {
  u64 *slot = (u64 *)MA(table) + index_(va, level);
  u64 d = *slot;
  if (d & VALID) return (u32)(d & ADDR_MASK);
  u32 t = alloc();
  *slot = (u64)t | TABLE | VALID;
  return t;
}

void mapPage(u32 root, u64 va, u64 pa, u64 attrs, PageAlloc alloc) {
  u32 t = root;
  for (int level = 0; level < 3; level++) t = nextTable(t, va, level, alloc);
  ((u64 *)MA(t))[index_(va, 3)] = (pa & ADDR_MASK) | attrs | TABLE | VALID;
}

void mapBlock(u32 root, u64 va, u64 pa, u64 attrs, PageAlloc alloc) {
  u32 t = root;
  for (int level = 0; level < 2; level++) t = nextTable(t, va, level, alloc);
  ((u64 *)MA(t))[index_(va, 2)] = (pa & 0x0000ffffffe00000UL) | attrs | VALID;
}

void forEachTable(u32 root, void (*f)(u32 pa), int level) {
  if (level == 3) return;
  for (usize i = 0; i < 512; i++) {
    u64 d = ((u64 *)MA(root))[i];
    if ((d & (VALID | TABLE)) != (VALID | TABLE)) continue;
    u32 t = (u32)(d & ADDR_MASK);
    forEachTable(t, f, level + 1);
    f(t);
  }
}
