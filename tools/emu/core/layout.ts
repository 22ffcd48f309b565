// Fixed layout of the core's wasm memory (imported from JS). Addresses are constants so that
// the hot path addresses registers with immediate offsets.
//
//  0x000000  AssemblyScript static data
//  ACT       the running core's state (swapped with its save area on core switch)
//  SAVE      per-core saved states
//  TLBS      per-core software TLBs (read / write / execute, 4096 direct-mapped entries each)
//  PAGESLOT  physical page -> decoded-instruction slot (+1; 0 = none)
//  SLOTS     decoded-instruction slots: 1024 records of 16 bytes + one end-of-page sentinel
//  RAM_BASE  guest physical RAM (PA 0)

export const ACT: usize = 0x100000;
export const STATE_SIZE: usize = 0x1000;
export const SAVE: usize = 0x101000;
export const TLB_ENTRIES: usize = 4096;
export const TLB_W_OFF: usize = 0x10000;
export const TLB_X_OFF: usize = 0x20000;
export const TLB_CORE_SIZE: usize = 0x30000;
export const BPS: usize = 0x118000; // i32 count, then up to 64 i64 breakpoint VAs at +8
export const MAX_BPS: i32 = 64;
export const STATS: usize = 0x119000; // i32 counters: [0..63] sync exceptions by EC, 64 IRQ, 65 FIQ, 66 SError
export const PAGESLOT: usize = 0x120000; // i32 per 4 KiB page of RAM (1 GiB max)
export const SLOTOWNER: usize = 0x220000; // i32 physical page number per slot (-1 free)
export const SLOTS: usize = 0x240000;
export const SLOT_STRIDE: usize = 0x4010;
export const NSLOTS: i32 = 1024;
export const TLBS: usize = 0x1250000; // after the slots (which end at 0x1244000)
export const RAM_BASE: usize = 0x1400000;

// ---- offsets inside a core state (from ACT)
// X register slots: 0..30 = X0..X30, 31 = always-zero source (XZR reads), 32 = sink for
// writes to XZR, 33 = the current SP. Decoding maps register number 31 to 31/32/33.
export const R_ZERO: u32 = 31;
export const R_SINK: u32 = 32;
export const R_SP: u32 = 33;
export const O_PC: usize = 0x120;
export const O_N: usize = 0x128; // each flag an i32 0/1
export const O_Z: usize = 0x12c;
export const O_C: usize = 0x130;
export const O_V: usize = 0x134;
export const O_EL: usize = 0x138;
export const O_SPSEL: usize = 0x13c;
export const O_DAIF: usize = 0x140; // bits 9..6 as in PSTATE
export const O_EVENT: usize = 0x144;
export const O_HALTED: usize = 0x148;
export const O_LINES: usize = 0x14c; // bit0 IRQ, bit1 FIQ, bit2 SError
export const O_SPEL: usize = 0x150; // SP_EL0..SP_EL3 (banked copies; current one lives in X slot 33)
export const O_ICOUNT: usize = 0x170;
export const O_EXCL_ADDR: usize = 0x178;
export const O_EXCL_VALID: usize = 0x180;
export const O_EXCL_SIZE: usize = 0x184;
export const O_CNT_BASE: usize = 0x188; // CNTPCT at O_ICNT_BASE
export const O_ICNT_BASE: usize = 0x190;
export const O_TPI: usize = 0x198; // f64 counter ticks per instruction
export const O_TLINES: usize = 0x1a0;
export const O_IL: usize = 0x1a4;
export const O_SS: usize = 0x1a8;
export const O_FPCR: usize = 0x1b0;
export const O_FPSR: usize = 0x1b4;
export const O_CORE: usize = 0x1b8;
export const O_HOSTEXC: usize = 0x1bc; // 1: exceptions stop run() instead of being taken
export const O_LAST_ESR: usize = 0x1c0;
export const O_LAST_FAR: usize = 0x1c8;
export const O_LAST_ELR: usize = 0x1d0;
export const O_LAST_TARGET: usize = 0x1d8;
export const O_LAST_VEC: usize = 0x1dc;
export const O_LASTRUN: usize = 0x1e0;
export const O_TLBGEN: usize = 0x1e4; // next soft-TLB context slot to recycle (round robin)
export const O_V0: usize = 0x200; // 32 x 16 bytes
export const O_SYS: usize = 0x400; // system registers, i64 each, indexed by SR_* (sysregs.gen.ts)
// Soft-TLB translation contexts: CTX_SLOTS x 48 bytes {key u64 (0 = free), TTBR0_EL1, TTBR1_EL1,
// VTTBR_EL2 (table bases; 0 above EL1), generation i32} (see mem.ts).
export const O_CTXSLOTS: usize = 0xc00;
export const CTX_SLOTS: i32 = 16;
