// The hypervisor's own stage-1 translation (EL2, TTBR0_EL2): an identity map of the first
// 2 GiB by 2 MiB blocks at level 2 of a 4 KiB-granule, 32-bit-VA table. RAM is Normal
// write-back cacheable (fast, and unaligned accesses work: AssemblyScript's std library
// makes them); the peripherals 0x3F000000-0x3FFFFFFF and the ARM-local block
// 0x40000000-0x40FFFFFF are Device-nGnRE and never executable; the rest is unmapped.
import { MAIR_EL2, TCR_EL2, TTBR0_EL2, SCTLR_EL2, dsb_ish, dsb_sy, isb, tlbi_alle2 } from "aarch64";
import { allocPage } from "../vm/page-alloc";

const MAIR_NORMAL_WB: u64 = 0xff; // AttrIndx 0: Normal, inner/outer write-back, read/write-allocate
const MAIR_DEVICE_NGNRE: u64 = 0x04; // AttrIndx 1
const ATTR_NORMAL: u64 = 0 << 2;
const ATTR_DEVICE: u64 = 1 << 2;

const DESC_TABLE: u64 = 3;
const DESC_BLOCK: u64 = 1;
const AF: u64 = 1 << 10; // access flag: set, so no access-flag faults
const SH_INNER: u64 = 3 << 8;
// AP[1] (bit 6) is RES1 in a translation regime of one exception level (EL2, EL3): the ARM
// ARM's stage-1 access permissions for EL2 use AP[2] alone (0: read/write).
const AP1_RES1: u64 = 1 << 6;
const XN: u64 = <u64>1 << 54; // EL2 regime: XN (PXN is RES0)

const BLOCK: u64 = 0x200000;
export const PERIPH_BASE: u64 = 0x3F000000;
const LOCAL_END: u64 = 0x41000000;

// TCR_EL2: T0SZ = 32 (4 GiB of VA, walk starts at level 1), table walks cacheable inner
// shareable, 4 KiB granule, 32-bit PA (PS = 0). Bits 31 and 23 are RES1.
const TCR_VALUE: u64 = (1 << 31) | (1 << 23) | (3 << 12) | (1 << 10) | (1 << 8) | 32;
// SCTLR_EL2: RES1 bits, then M (MMU), C (data cache), I (instruction cache). A (alignment
// checks) stays clear.
const SCTLR_RES1: u64 = 0x30c50830;
const SCTLR_M: u64 = 1 << 0;
const SCTLR_C: u64 = 1 << 2;
const SCTLR_I: u64 = 1 << 12;

function blockDescriptor(pa: u64): u64 {
  // Device memory is always treated as Outer Shareable: its SH field is left 0.
  if (pa < PERIPH_BASE) return pa | DESC_BLOCK | AF | AP1_RES1 | SH_INNER | ATTR_NORMAL;
  return pa | DESC_BLOCK | AF | AP1_RES1 | ATTR_DEVICE | XN;
}

/** Builds the tables and turns the MMU and both caches on. */
export function el2MmuEnable(): void {
  const l1 = allocPage();
  for (let gib: u64 = 0; gib < 2; gib++) {
    const l2 = allocPage();
    store<u64>(<usize>(l1 + gib * 8), l2 | DESC_TABLE);
    for (let i: u64 = 0; i < 512; i++) {
      const pa = (gib << 30) + i * BLOCK;
      if (pa < LOCAL_END) store<u64>(<usize>(l2 + i * 8), blockDescriptor(pa));
    }
  }
  dsb_ish();
  MAIR_EL2.write(MAIR_NORMAL_WB | (MAIR_DEVICE_NGNRE << 8));
  TCR_EL2.write(TCR_VALUE);
  TTBR0_EL2.write(l1);
  isb();
  tlbi_alle2();
  dsb_sy();
  isb();
  SCTLR_EL2.write(SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_I);
  isb();
}
