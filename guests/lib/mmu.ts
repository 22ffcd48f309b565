// Stage-1 translation tables (4 KiB granule, 48-bit VAs: levels 0-3) and the attribute values
// the EL1 MMU registers take. Tables live in the program's memory at wasm addresses equal to
// their physical addresses (identity-mapped guests, or a high-half kernel whose address base
// maps physical memory linearly); a table's pages come from the caller's allocator.

/** MAIR_EL1: the memory types the descriptors' AttrIndx selects. */
export const MT_DEVICE_nGnRnE: u64 = 0; // attr0 = 0x00
export const MT_NORMAL: u64 = 1; // attr1 = 0xff: write-back, read/write-allocate
export const MT_NORMAL_NC: u64 = 2; // attr2 = 0x44: non-cacheable
export const MAIR_VALUE: u64 = (0x00 << (8 * MT_DEVICE_nGnRnE)) | (0xff << (8 * MT_NORMAL)) | (0x44 << (8 * MT_NORMAL_NC));

/** TCR_EL1 for 48-bit VAs on both halves, 4 KiB granules, walks cacheable inner-shareable,
 *  32-bit physical addresses (the Pi 3's 1 GiB). */
export const TCR_VALUE: u64 =
  16 | (1 << 8) | (1 << 10) | (3 << 12) | (0 << 14) | // T0SZ, IRGN0, ORGN0, SH0, TG0 = 4K
  (<u64>16 << 16) | (<u64>1 << 24) | (<u64>1 << 26) | (<u64>3 << 28) | (<u64>2 << 30); // T1SZ ... TG1 = 4K

// Descriptor bits.
const VALID: u64 = 1;
const TABLE: u64 = 2; // at levels 0-2: next-level table; at level 3: page
const AF: u64 = 1 << 10;
const SH_INNER: u64 = 3 << 8;
export const AP_EL1_RW: u64 = 0 << 6;
export const AP_EL0_RW: u64 = 1 << 6; // and EL1 RW
export const AP_EL1_RO: u64 = 2 << 6;
export const AP_EL0_RO: u64 = 3 << 6; // and EL1 RO
export const PXN: u64 = <u64>1 << 53;
export const UXN: u64 = <u64>1 << 54;
const ADDR_MASK: u64 = 0x0000fffffffff000;

/** Attributes of a normal-memory mapping: AP_* | UXN/PXN as wanted. */
export function normal(access: u64): u64 {
  return (MT_NORMAL << 2) | SH_INNER | AF | access;
}

/** Attributes of a device mapping (never executable). */
export function device(access: u64): u64 {
  return (MT_DEVICE_nGnRnE << 2) | AF | access | PXN | UXN;
}

/** Where new tables come from: a zeroed 4 KiB page (wasm address = physical address). */
export type PageAlloc = () => usize;

function index(va: u64, level: i32): usize {
  return <usize>((va >> <u64>(39 - 9 * level)) & 511);
}

/** The table at `level + 1` that entry `va` of `table` points to, made if missing. */
function nextTable(table: usize, va: u64, level: i32, alloc: PageAlloc): usize {
  const slot = table + (index(va, level) << 3);
  const d = load<u64>(slot);
  if ((d & VALID) != 0) return <usize>(d & ADDR_MASK);
  const t = alloc();
  store<u64>(slot, <u64>t | TABLE | VALID);
  return t;
}

/** Map the 4 KiB page at `va` to physical `pa` in the tables rooted at `root` (level 0). */
export function mapPage(root: usize, va: u64, pa: u64, attrs: u64, alloc: PageAlloc): void {
  let t = root;
  for (let level = 0; level < 3; level++) t = nextTable(t, va, level, alloc);
  store<u64>(t + (index(va, 3) << 3), (pa & ADDR_MASK) | attrs | TABLE | VALID);
}

/** Map the 2 MiB block at `va` (2 MiB aligned) to physical `pa`. */
export function mapBlock(root: usize, va: u64, pa: u64, attrs: u64, alloc: PageAlloc): void {
  let t = root;
  for (let level = 0; level < 2; level++) t = nextTable(t, va, level, alloc);
  store<u64>(t + (index(va, 2) << 3), (pa & 0x0000ffffffe00000) | attrs | VALID);
}

/** Physical address `va` maps to in these tables, or u64.MAX_VALUE (no mapping). */
export function lookup(root: usize, va: u64): u64 {
  let t = root;
  for (let level = 0; level <= 3; level++) {
    const d = load<u64>(t + (index(va, level) << 3));
    if ((d & VALID) == 0) return u64.MAX_VALUE;
    if (level == 3 || (d & TABLE) == 0) {
      const span: u64 = <u64>1 << (39 - 9 * level); // what one entry of this level maps
      return (d & ADDR_MASK & ~(span - 1)) | (va & (span - 1));
    }
    t = <usize>(d & ADDR_MASK);
  }
  return u64.MAX_VALUE;
}

/** Call f(pa) for every table page below `root` (not root itself, not mapped pages): what to
 *  free with an address space. */
export function forEachTable(root: usize, f: (pa: usize) => void, level: i32 = 0): void {
  if (level == 3) return;
  for (let i: usize = 0; i < 512; i++) {
    const d = load<u64>(root + (i << 3));
    if ((d & (VALID | TABLE)) != (VALID | TABLE)) continue;
    const t = <usize>(d & ADDR_MASK);
    forEachTable(t, f, level + 1);
    f(t);
  }
}
