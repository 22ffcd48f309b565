// Stage-2 translation of one VM (VTTBR_EL2): IPA -> host PA with a 4 KiB granule, a 32-bit IPA
// space (VTCR_EL2.T0SZ = 32) walked from level 1 (SL0 = 1): L1 (4 entries of 1 GiB) -> L2
// (2 MiB) -> L3 (4 KiB pages). Tables come from the host pool as they are needed. Only RAM is
// ever mapped; the MMIO window stays unmapped so that every access traps as a data abort.
import { dc_civac, dsb_ish, ic_ialluis } from "aarch64";
import { allocPage, freePage } from "../vm/page-alloc";

const DESC_VALID_TABLE: u64 = 3; // table (levels 1-2) or page (level 3)
const AF: u64 = 1 << 10;
const SH_INNER: u64 = 3 << 8;
const S2AP_RW: u64 = 3 << 6;
const MEMATTR_NORMAL_WB: u64 = 0xf << 2; // outer and inner write-back
const ADDR_MASK: u64 = 0x0000fffffffff000;
const PAGE_BYTES: u64 = 4096;
const CACHE_LINE: u64 = 64; // Cortex-A53: CTR_EL0.DminLine = 4 (16 words)

// VTCR_EL2: T0SZ = 32, SL0 = 1 (start at level 1), walks inner-shareable write-back, 4 KiB
// granule, PS = 0 (32-bit PA), VS = 0 (8-bit VMID). Bit 31 is RES1.
export const VTCR_VALUE: u64 = (1 << 31) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 32;
export const IPA_LIMIT: u64 = <u64>1 << 32;
export const NOT_MAPPED: u64 = u64.MAX_VALUE;

export class Stage2 {
  root: u64;
  /** Table pages (not counting the root) and mapped pages, for the VM's statistics. */
  tablePages: u32 = 0;
  mappedPages: u32 = 0;

  constructor() {
    this.root = allocPage();
  }

  /** VTTBR_EL2 for this table and VMID. */
  vttbr(vmid: u32): u64 {
    return this.root | (<u64>vmid << 48);
  }

  /** The next-level table an entry points at, made when `create` (0 when out of pages/absent). */
  private next(table: u64, index: u64, create: bool): u64 {
    const slot = <usize>(table + index * 8);
    const d = load<u64>(slot);
    if ((d & 3) == DESC_VALID_TABLE) return d & ADDR_MASK;
    if (!create) return 0;
    const t = allocPage();
    if (t == 0) return 0;
    this.tablePages++;
    store<u64>(slot, t | DESC_VALID_TABLE);
    return t;
  }

  private leafSlot(ipa: u64, create: bool): usize {
    if (ipa >= IPA_LIMIT || this.root == 0) return 0;
    const l2 = this.next(this.root, (ipa >> 30) & 3, create);
    if (l2 == 0) return 0;
    const l3 = this.next(l2, (ipa >> 21) & 511, create);
    if (l3 == 0) return 0;
    return <usize>(l3 + ((ipa >> 12) & 511) * 8);
  }

  /** Maps the page holding `ipa` to host page `pa`, read/write/execute, Normal WB. The page's
   *  contents (zeroes, or the loaded image) must be in place: they are cleaned and invalidated
   *  to the point of coherency here. EL2 wrote them through its cacheable mapping, while a
   *  guest with its MMU off accesses memory as Device/Non-cacheable (stage 1 off, combined
   *  with stage 2, the stricter attribute wins), straight from RAM: without the clean it could read
   *  stale bytes, and a dirty line evicted later could overwrite what it wrote. Then the
   *  instruction caches lose whatever they held for the page (a page can be reused). */
  map(ipa: u64, pa: u64): bool {
    const slot = this.leafSlot(ipa, true);
    if (slot == 0) return false;
    const page = pa & ADDR_MASK;
    for (let line = page; line < page + PAGE_BYTES; line += CACHE_LINE) dc_civac(line);
    if ((load<u64>(slot) & 3) != DESC_VALID_TABLE) this.mappedPages++;
    store<u64>(slot, page | DESC_VALID_TABLE | AF | SH_INNER | S2AP_RW | MEMATTR_NORMAL_WB);
    dsb_ish(); // the cleans done, and the descriptor visible to the table walkers
    ic_ialluis();
    dsb_ish();
    return true;
  }

  /** Gives every mapped page and every table but the root back to the pool and empties the
   *  root (a VM restarted in place). The caller invalidates the VM's TLB entries before any
   *  of the pages can be handed out again, i.e. before it releases the `hyp` lock. */
  freeAll(): void {
    if (this.root == 0) return;
    for (let i: u64 = 0; i < 4; i++) {
      const l2 = this.next(this.root, i, false);
      if (l2 == 0) continue;
      for (let j: u64 = 0; j < 512; j++) {
        const l3 = this.next(l2, j, false);
        if (l3 == 0) continue;
        for (let k: u64 = 0; k < 512; k++) {
          const d = load<u64>(<usize>(l3 + k * 8));
          if ((d & 3) == DESC_VALID_TABLE) freePage(d & ADDR_MASK);
        }
        freePage(l3);
      }
      freePage(l2);
      store<u64>(<usize>(this.root + i * 8), 0);
    }
    this.tablePages = 0;
    this.mappedPages = 0;
  }

  /** Host PA of `ipa`, or NOT_MAPPED. */
  lookup(ipa: u64): u64 {
    const slot = this.leafSlot(ipa, false);
    if (slot == 0) return NOT_MAPPED;
    const d = load<u64>(slot);
    if ((d & 3) != DESC_VALID_TABLE) return NOT_MAPPED;
    return (d & ADDR_MASK) | (ipa & 0xfff);
  }
}
