// Physical page allocator: 4 KiB pages in [POOL_START, POOL_END), one byte of state each. The
// pool lies inside the kernel's memory (Makefile.ts memorySize), so wasm address = physical
// address and memory.fill/copy reach it.
const POOL_START: usize = 0x600000;
const POOL_END: usize = 0x800000;
export const PAGE: usize = 4096;
const COUNT: usize = (POOL_END - POOL_START) / PAGE;
const used = memory.data(<i32>COUNT);
let freeCount: u32 = <u32>COUNT;

/** A zeroed page (its physical address), or 0 when the pool is empty. */
export function allocPage(): usize {
  for (let i: usize = 0; i < COUNT; i++) {
    if (load<u8>(used + i) != 0) continue;
    store<u8>(used + i, 1);
    freeCount--;
    const pa = POOL_START + i * PAGE;
    memory.fill(pa, 0, PAGE);
    return pa;
  }
  return 0;
}

export function freePage(pa: usize): void {
  const i = (pa - POOL_START) / PAGE;
  if (load<u8>(used + i) == 0) return;
  store<u8>(used + i, 0);
  freeCount++;
}

export function freePages(): u32 {
  return freeCount;
}
