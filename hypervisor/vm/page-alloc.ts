// The host's page pool: every 4 KiB page of RAM above the hypervisor's own memory and below
// what the VideoCore keeps. VMs' RAM, their stage-2 tables and the EL2 tables come from here.
// Pages are handed out zeroed (nothing of a previous owner leaks) and may be given back
// (a stopped VM's pages, for restarting VMs later). One free list threaded through the free
// pages themselves, then a bump pointer over the rest.

// @ts-ignore: decorator
@external("env", "__wasm_memset") declare function setMachine(dst: u64, byte: u32, n: u64): void;

export const PAGE_SIZE: u64 = 4096;
/** First byte after the hypervisor's wasm memory (Makefile.ts: memorySize 0x800000). */
export const POOL_START: u64 = 0x00800000;
/** The ARM's RAM ends where the VideoCore's 64 MiB begin (mailbox: ARM memory 0x3C000000). */
export const POOL_END: u64 = 0x3C000000;

let bump: u64 = POOL_START;
let freeList: u64 = 0;
let freePages: u64 = (POOL_END - POOL_START) / PAGE_SIZE;

/** A zeroed page's physical address, or 0 when the pool is empty. */
export function allocPage(): u64 {
  let pa: u64 = 0;
  if (freeList != 0) {
    pa = freeList;
    freeList = load<u64>(<usize>pa);
  } else if (bump < POOL_END) {
    pa = bump;
    bump += PAGE_SIZE;
  } else {
    return 0;
  }
  freePages--;
  setMachine(pa, 0, PAGE_SIZE);
  return pa;
}

/** `n` consecutive zeroed pages (for an image read in one go), or 0. */
export function allocContiguous(n: u64): u64 {
  if (n == 0 || bump + n * PAGE_SIZE > POOL_END) return 0;
  const pa = bump;
  bump += n * PAGE_SIZE;
  freePages -= n;
  setMachine(pa, 0, n * PAGE_SIZE);
  return pa;
}

export function freePage(pa: u64): void {
  store<u64>(<usize>pa, freeList);
  freeList = pa;
  freePages++;
}

export function poolFreePages(): u64 {
  return freePages;
}
