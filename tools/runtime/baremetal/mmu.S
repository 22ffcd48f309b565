// rv_mmu_on: an identity-mapped MMU at the current exception level (EL1, EL2 or EL3), so that
// what runs before a program's own MMU set-up has Normal memory: with the MMU off every access
// is Device memory, where the unaligned stores of AssemblyScript's string and number formatting
// fault (alignment fault), and where the A53's exclusives may never succeed.
// Map (4 KiB granule, 32-bit VA, walk from level 1): 0 - 0x3F000000 Normal write-back
// cacheable, inner shareable (2 MiB blocks at level 2); 0x3F000000 - 4 GiB Device-nGnRnE,
// execute-never. Caches (C, I) on, alignment checks (A) off. rv_runtime_init calls it unless
// the program's layout says `mmu: false` (__rv_mmu = 0, layout.S), and does nothing where the
// MMU is already on at this EL (a program that set up its own tables); a program's own boot code
// may call it on every core (x0-x5 clobbered). A program that installs its own tables later
// writes TTBR0/TCR/MAIR, invalidates the TLB and may keep or clear SCTLR.M as it likes.

    .equ DESC_TABLE, 3
    .equ NORMAL_BLOCK, 0x1 | (1 << 2) | (3 << 8) | (1 << 10)       // AttrIndx 1, SH inner, AF
    .equ DEVICE_BLOCK, 0x1 | (0 << 2) | (1 << 10)                  // AttrIndx 0, AF
    .equ XN_ALL, (3 << 53)                                         // UXN/XN and PXN
    .equ AP1, (1 << 6)                                             // RES1 at EL2/EL3
    .equ MAIR_VALUE, 0xff00                                        // attr0 Device-nGnRnE, attr1 Normal WB
    .equ TCR_EL1_VALUE, (1 << 23) | (3 << 12) | (1 << 10) | (1 << 8) | 32   // EPD1, SH0, ORGN0, IRGN0, T0SZ
    .equ TCR_EL23_VALUE, (1 << 31) | (1 << 23) | (3 << 12) | (1 << 10) | (1 << 8) | 32  // RES1 31/23, PS 0
    .equ SCTLR_ON, (1 << 0) | (1 << 2) | (1 << 12)                  // M, C, I
    .equ SCTLR_A, (1 << 1)
    .equ PERIPH_BLOCK, 0x3f000000 >> 21                            // first Device 2 MiB block

    .text
    .globl rv_mmu_on
    .type rv_mmu_on, %function
rv_mmu_on:
    mrs     x5, CurrentEL
    ubfx    x5, x5, #2, #2
    // already on (the program's boot code set up its own translation, e.g. a high-half
    // kernel): leave it alone
    cmp     x5, #2
    b.eq    6f
    b.hi    7f
    mrs     x0, sctlr_el1
    b       8f
6:  mrs     x0, sctlr_el2
    b       8f
7:  mrs     x0, sctlr_el3
8:  tbz     x0, #0, 9f
    ret
9:  mov     x4, #0
    cmp     x5, #1
    b.eq    1f
    mov     x4, #AP1
1:  // level 2 table for the first GiB: Normal below the peripherals, Device from them on
    adrp    x0, rv_pt_l2
    add     x0, x0, :lo12:rv_pt_l2
    mov     x1, #0                    // block index
2:  lsl     x2, x1, #21
    cmp     x1, #PERIPH_BLOCK
    b.hs    3f
    mov     x3, #NORMAL_BLOCK
    b       4f
3:  mov     x3, #DEVICE_BLOCK
    orr     x3, x3, #XN_ALL
4:  orr     x2, x2, x3
    orr     x2, x2, x4
    str     x2, [x0, x1, lsl #3]
    add     x1, x1, #1
    cmp     x1, #512
    b.lo    2b
    // level 1: [0] -> the level 2 table, [1..3] Device 1 GiB blocks
    adrp    x1, rv_pt_l1
    add     x1, x1, :lo12:rv_pt_l1
    orr     x2, x0, #DESC_TABLE
    str     x2, [x1]
    mov     x3, #DEVICE_BLOCK
    orr     x3, x3, #XN_ALL
    orr     x3, x3, x4
    mov     x2, #1
5:  lsl     x0, x2, #30
    orr     x0, x0, x3
    str     x0, [x1, x2, lsl #3]
    add     x2, x2, #1
    cmp     x2, #4
    b.lo    5b
    dsb     sy
    mov     x0, #MAIR_VALUE
    cmp     x5, #2
    b.eq    el2
    b.hi    el3
    msr     mair_el1, x0
    ldr     x0, =TCR_EL1_VALUE
    msr     tcr_el1, x0
    msr     ttbr0_el1, x1
    isb
    tlbi    vmalle1
    dsb     sy
    isb
    mrs     x0, sctlr_el1
    mov     x2, #SCTLR_ON
    orr     x0, x0, x2
    bic     x0, x0, #SCTLR_A
    msr     sctlr_el1, x0
    isb
    ret
el2:
    msr     mair_el2, x0
    ldr     x0, =TCR_EL23_VALUE
    msr     tcr_el2, x0
    msr     ttbr0_el2, x1
    isb
    tlbi    alle2
    dsb     sy
    isb
    mrs     x0, sctlr_el2
    mov     x2, #SCTLR_ON
    orr     x0, x0, x2
    bic     x0, x0, #SCTLR_A
    msr     sctlr_el2, x0
    isb
    ret
el3:
    msr     mair_el3, x0
    ldr     x0, =TCR_EL23_VALUE
    msr     tcr_el3, x0
    msr     ttbr0_el3, x1
    isb
    tlbi    alle3
    dsb     sy
    isb
    mrs     x0, sctlr_el3
    mov     x2, #SCTLR_ON
    orr     x0, x0, x2
    bic     x0, x0, #SCTLR_A
    msr     sctlr_el3, x0
    isb
    ret
    .size rv_mmu_on, . - rv_mmu_on
    .ltorg

    .bss
    .balign 4096
rv_pt_l2:
    .space 4096
rv_pt_l1:
    .space 4096
