// The host's page pool: every 4 KiB page of RAM above the hypervisor's own memory and below
// what the VideoCore keeps. VMs' RAM, their stage-2 tables and the EL2 tables come from here.
// Pages are handed out zeroed (nothing of a previous owner leaks) and are given back when a
// VM restarts (`?r`, PSCI SYSTEM_RESET), so that a VM restarted any number of times costs the
// pool nothing.
//
// One bit per page (set: in use), kept in the pool's own first pages (not in the image). Both
// single pages and contiguous runs (an image read from the card in one go) are taken first-fit
// from the lowest address, so freed pages, runs included, are used again; `lowest` is the first
// bitmap word that may have a free bit, which makes the common allocation one load.

// @ts-ignore: decorator
@external("env", "__wasm_memset") declare function setMachine(dst: u64, byte: u32, n: u64): void;

export const PAGE_SIZE: u64 = 4096;
/** First byte after the hypervisor's wasm memory (Makefile.ts: memorySize 0x800000). */
export const POOL_START: u64 = 0x00800000;
/** The ARM's RAM ends where the VideoCore's 64 MiB begin (mailbox: ARM memory 0x3C000000). */
export const POOL_END: u64 = 0x3C000000;

const TOTAL_PAGES: u64 = (POOL_END - POOL_START) / PAGE_SIZE;
const WORDS: u64 = (TOTAL_PAGES + 63) / 64;
/** The bitmap's own pages at the start of the pool. */
const BITMAP: u64 = POOL_START;
const BITMAP_PAGES: u64 = (WORDS * 8 + PAGE_SIZE - 1) / PAGE_SIZE;
/** The first page handed out. */
const FIRST: u64 = POOL_START + BITMAP_PAGES * PAGE_SIZE;
const PAGES: u64 = (POOL_END - FIRST) / PAGE_SIZE;
/** Bitmap words that describe pages (the last one partly). */
const USED_WORDS: u64 = (PAGES + 63) / 64;

let ready = false;
let lowest: u64 = 0;
let freePages: u64 = PAGES;

/** RAM is not zero at power-on on a board: the bitmap is cleared before its first use. */
function init(): void {
  setMachine(BITMAP, 0, BITMAP_PAGES * PAGE_SIZE);
  // Bits past the last page stay set (never handed out).
  const tail = PAGES & 63;
  if (tail != 0) store<u64>(<usize>(BITMAP + (PAGES / 64) * 8), ~((<u64>1 << tail) - 1));
  ready = true;
}

// @ts-ignore: decorator
@inline function word(w: u64): u64 {
  return load<u64>(<usize>(BITMAP + w * 8));
}

// @ts-ignore: decorator
@inline function pageAddress(index: u64): u64 {
  return FIRST + index * PAGE_SIZE;
}

function used(index: u64): bool {
  return (word(index >> 6) & (<u64>1 << (index & 63))) != 0;
}

function mark(index: u64, inUse: bool): void {
  const slot = <usize>(BITMAP + (index >> 6) * 8);
  const bit = <u64>1 << (index & 63);
  store<u64>(slot, inUse ? load<u64>(slot) | bit : load<u64>(slot) & ~bit);
}

/** A zeroed page's physical address, or 0 when the pool is empty. */
export function allocPage(): u64 {
  if (!ready) init();
  for (let w = lowest; w < USED_WORDS; w++) {
    const bits = word(w);
    if (bits == u64.MAX_VALUE) continue;
    lowest = w;
    const index = w * 64 + <u64>ctz(~bits);
    store<u64>(<usize>(BITMAP + w * 8), bits | (<u64>1 << (index & 63)));
    freePages--;
    const pa = pageAddress(index);
    setMachine(pa, 0, PAGE_SIZE);
    return pa;
  }
  lowest = USED_WORDS;
  return 0;
}

/** `n` consecutive zeroed pages (for an image read in one go), or 0. First fit. */
export function allocContiguous(n: u64): u64 {
  if (!ready) init();
  if (n == 0 || n > freePages) return 0;
  let i = lowest * 64;
  while (i + n <= PAGES) {
    if (word(i >> 6) == u64.MAX_VALUE) {
      i = ((i >> 6) + 1) * 64; // a full word: skip it
      continue;
    }
    // Length of the free run starting at i (up to n).
    let run: u64 = 0;
    while (run < n && !used(i + run)) run++;
    if (run == n) {
      for (let k: u64 = 0; k < n; k++) mark(i + k, true);
      freePages -= n;
      const pa = pageAddress(i);
      setMachine(pa, 0, n * PAGE_SIZE);
      return pa;
    }
    i += run + 1; // past the page in use that ended the run
  }
  return 0;
}

/** Gives a page back (it is zeroed when handed out again). Not a pool page, or already free:
 *  ignored (the counts stay right). */
export function freePage(pa: u64): void {
  if (!ready || pa < FIRST || pa >= POOL_END || (pa & (PAGE_SIZE - 1)) != 0) return;
  const index = (pa - FIRST) / PAGE_SIZE;
  if (!used(index)) return;
  mark(index, false);
  freePages++;
  if ((index >> 6) < lowest) lowest = index >> 6;
}

/** Pages that can still be handed out. */
export function poolFreePages(): u64 {
  return freePages;
}

/** Pages of the pool (what `?l`'s pool line counts against). */
export function poolPages(): u64 {
  return PAGES;
}
