// CPU system-level image 4 (ELF, starts at EL3): two-stage translation seen through AT, TLBI
// and faults. Stage 2 moves the guest's tables away from their IPAs (IPA 0x400000 -> PA
// 0x2000000, IPA 0x600000 -> PA 0x2200000 in 4 KiB pages, some invalid, read-only or Device),
// and decoy tables sit at PA 0x400000, so a stage-1 walk that skips stage 2 gives other
// results. EL2 runs AT S1E1*/S1E0*/S12E1*/S12E0* (PAR_EL1 for stage-1 and stage-2 faults,
// PTW faults, HCR_EL2.PTW), then the guest at EL1 sees a stage-2 remap after TLBI IPAS2E1IS,
// its own remap after TLBI VAE1, stage-2 faults on its table walks (loads, fetches and AT from
// EL1, which EL2 takes with S1PTW/CM set) and a stage-2 permission fault.
    .include "boot.inc.S"
    image_start park=1
    eret_to_el2 at_el2

    .equ S2_L1, 0x01000000
    .equ S2_L2, 0x01001000
    .equ S2_L3, 0x01002000
    .equ G_L1, 0x00400000     // IPAs of the guest's tables (PA 0x2000000 ...)
    .equ G_PA, 0x02000000
    .equ DECOY, 0x00400000    // PA the wrong walk would read

    .macro at_par op, va
    ldr x1, =\va
    at \op, x1
    isb
    mrs x0, PAR_EL1
    mov x1, #16
    bl puthex
    bl newline
    .endm

at_el2:
    ldr x1, =stack_top - 0x1000
    mov sp, x1
    ldr x0, =vectors_el2
    msr VBAR_EL2, x0
    // stage 2 L2: identity 2 MiB blocks (normal RW), device from 0x3F000000
    ldr x2, =S2_L2
    mov x4, #0
    ldr x5, =0x3F000000
1:  lsl x6, x4, #21
    ldr x7, =0x7FD
    cmp x6, x5
    b.lo 2f
    ldr x7, =0x4C5
2:  orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    ldr x3, =(G_PA | 0x7FD)            // IPA 0x400000 -> PA 0x2000000
    str x3, [x2, #(2 * 8)]
    ldr x3, =(S2_L3 | 3)               // IPA 0x600000: pages
    str x3, [x2, #(3 * 8)]
    str xzr, [x2, #(4 * 8)]            // IPA 0x800000: unmapped
    // stage 2 L3: IPA 0x600000 + n*4K -> PA 0x2200000 + n*4K, page 5 invalid, 6 read-only,
    // 7 Device-nGnRE
    ldr x2, =S2_L3
    mov x4, #0
1:  ldr x6, =0x2200000
    add x6, x6, x4, lsl #12
    ldr x7, =0x7FF
    orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    str xzr, [x2, #(5 * 8)]
    ldr x3, =(0x2206000 | 0x77F)       // S2AP = 01: read-only
    str x3, [x2, #(6 * 8)]
    ldr x3, =(0x2207000 | 0x4C7)       // MemAttr 0001: Device-nGnRE
    str x3, [x2, #(7 * 8)]
    ldr x1, =S2_L1
    ldr x3, =(S2_L2 | 3)
    str x3, [x1]
    ldr x3, =0x400004C5
    str x3, [x1, #8]
    // guest stage 1 at PA 0x2000000 (IPA 0x400000): L1, L2 at +0x1000, L3 at +0x2000
    ldr x1, =G_PA
    ldr x3, =(G_L1 + 0x1000 + 3)
    str x3, [x1]                       // VA 0 - 1 GiB: L2
    ldr x3, =(0x00800000 + 3)
    str x3, [x1, #8]                   // VA 1 GiB: table at an IPA stage 2 does not map
    ldr x3, =(0x00605000 + 3)
    str x3, [x1, #16]                  // VA 2 GiB: table in a stage-2 invalid page
    ldr x3, =(0x00607000 + 3)
    str x3, [x1, #24]                  // VA 3 GiB: table in a stage-2 Device page
    add x2, x1, #0x1000
    mov x4, #0
    ldr x5, =0x3F000000
1:  lsl x6, x4, #21
    ldr x7, =0x701
    cmp x6, x5
    b.lo 2f
    ldr x7, =0x405
2:  orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    ldr x3, =(G_L1 + 0x2000 + 3)
    str x3, [x2, #(3 * 8)]             // VA 0x600000: L3
    ldr x3, =(0x00600000 | 0x681)
    str x3, [x2, #(5 * 8)]             // VA 0xA00000: EL1 read-only block, SH = 10
    ldr x3, =(0x00600000 | 0x745)
    str x3, [x2, #(6 * 8)]             // VA 0xC00000: EL0 read-write, Device (AttrIndx 1)
    add x2, x1, #0x2000
    ldr x3, =(0x00601000 | 0x703)
    str x3, [x2]                       // VA 0x600000 -> IPA 0x601000
    ldr x3, =(0x00606000 | 0x743)
    str x3, [x2, #8]                   // VA 0x601000 -> IPA 0x606000 (stage-2 read-only), EL0 RW
    ldr x3, =(0x00605000 | 0x703)
    str x3, [x2, #16]                  // VA 0x602000 -> IPA 0x605000 (stage-2 invalid)
    ldr x3, =(0x00607000 | 0x707)
    str x3, [x2, #24]                  // VA 0x603000 -> IPA 0x607000 (stage-2 Device)
    // decoys at PA 0x400000: a walk reading IPAs as PAs maps VA 0-1 GiB as one block
    ldr x1, =DECOY
    ldr x3, =0x10000701
    str x3, [x1]
    // data the guest reads: PA 0x2201010 = 0x1111, PA 0x2206010 = 0x2222
    ldr x1, =0x2201010
    mov x3, #0x1111
    str x3, [x1]
    ldr x1, =0x2206010
    mov x3, #0x2222
    str x3, [x1]
    dsb sy
    // EL1 translation regime, switched on from EL2
    ldr x0, =0x04FF
    msr MAIR_EL1, x0
    ldr x0, =0x80803520
    msr TCR_EL1, x0
    ldr x0, =G_L1
    msr TTBR0_EL1, x0
    ldr x0, =0x80003560
    msr VTCR_EL2, x0
    ldr x0, =S2_L1
    orr x0, x0, #(3 << 48)             // VMID 3
    msr VTTBR_EL2, x0
    ldr x0, =((1 << 31) | 1)           // RW, VM
    msr HCR_EL2, x0
    print msg_at
    ldr x0, =SCTLR_EL1_OFF
    msr SCTLR_EL1, x0
    isb
    at_par s1e1r, 0x600010     // stage 1 off: the VA is the IPA
    at_par s12e1r, 0x600010    // ... and stage 2 gives PA 0x2201000
    at_par s12e1w, 0x606000    // stage-2 permission fault
    ldr x0, =0x30d00801
    msr SCTLR_EL1, x0
    isb
    at_par s1e1r, 0x600010     // stage 1 only: IPA 0x601000
    at_par s12e1r, 0x600010    // PA 0x2201000
    at_par s1e1w, 0x601000     // stage 1 allows the write
    at_par s12e1w, 0x601000    // stage-2 permission fault, level 3
    at_par s12e1r, 0x601000
    at_par s1e1r, 0x602000     // IPA 0x605000
    at_par s12e1r, 0x602000    // stage-2 translation fault, level 3
    at_par s1e1r, 0x603000
    at_par s12e1r, 0x603000    // stage-1 normal, stage-2 device
    at_par s1e1r, 0x604000     // stage-1 translation fault, level 3
    at_par s1e1r, 0xA00008     // EL1 read-only block
    at_par s1e1w, 0xA00008     // stage-1 permission fault, level 2
    at_par s1e0r, 0xA00008     // EL0 no access
    at_par s1e0w, 0x601000     // EL0 read-write
    at_par s12e0w, 0x601000    // ... but stage 2 read-only
    at_par s12e0r, 0xC00000    // device
    at_par s1e1r, 0x40000000   // stage-2 translation fault on the walk, level 2
    at_par s12e1r, 0x40000000
    at_par s1e1r, 0x80000000   // stage-2 translation fault on the walk, level 3
    at_par s1e1r, 0xC0000000   // walk reads a stage-2 Device page: allowed (PTW = 0)
    mrs x0, HCR_EL2
    orr x0, x0, #(1 << 2)      // HCR_EL2.PTW
    msr HCR_EL2, x0
    isb
    at_par s1e1r, 0xC0000000   // now a stage-2 permission fault on the walk
    at_par s12e1r, 0x600010
    mrs x0, HCR_EL2
    bic x0, x0, #(1 << 2)
    msr HCR_EL2, x0
    mov x0, #SPSR_EL1H_MASKED
    msr SPSR_EL2, x0
    adr x0, guest
    msr ELR_EL2, x0
    ldr x0, =stack_top - 0x2000
    msr SP_EL1, x0
    tlbi alle1
    dsb sy
    isb
    eret

// ---------------------------------------------------------------- EL1 guest (MMU on)
guest:
    print msg_el1
    ldr x0, =vectors_el1
    msr VBAR_EL1, x0
    isb
    ldr x7, =0x600010
    ldr x0, [x7]
    print_hex 4
    bl newline
    hvc #1                     // EL2 points IPA 0x601000 at PA 0x2206000, TLBI IPAS2E1IS
    ldr x0, [x7]
    print_hex 4
    bl newline
    ldr x8, =(G_L1 + 0x2000)   // the guest's L3 (identity VA = IPA)
    ldr x3, =(0x00601000 | 0x703)
    str x3, [x8, #32]          // VA 0x604000 -> IPA 0x601000
    dsb sy
    ldr x9, =(0x604000 >> 12)
    tlbi vae1, x9
    dsb sy
    isb
    ldr x7, =0x604010
    ldr x0, [x7]
    print_hex 4
    bl newline
    hvc #2                     // EL2 puts IPA 0x601000 back (TLBI VMALLS12E1)
    ldr x7, =0x604010
    ldr x0, [x7]
    print_hex 4
    bl newline
    ldr x7, =0x40000008
    ldr x0, [x7]               // stage-2 fault on the walk: to EL2, S1PTW
    ldr x7, =0x40000008
    at s1e1r, x7               // the same from AT at EL1: to EL2, CM and S1PTW
    ldr x7, =0x601000
    str x0, [x7]               // stage-2 permission fault
    ldr x7, =0x605000
    ldr x0, [x7]               // stage-1 translation fault: to EL1
    ldr x7, =0x602000
    blr x7                     // fetch: stage-2 translation fault
    ldr x7, =0x80000000
    blr x7                     // fetch: stage-2 fault on the walk
    ldr x7, =0x605008
    at s1e1r, x7               // stage-1 fault from AT at EL1: PAR only
    mrs x0, PAR_EL1
    print_hex 16
    bl newline
    hvc #9

// ---------------------------------------------------------------- handlers
    newline_routine

el1_sync:
    exc_save
    adr x0, msg_s1
    mrs x1, ESR_EL1
    mrs x2, FAR_EL1
    mov x3, #1
    bl report
    mrs x0, ELR_EL1
    add x0, x0, #4
    msr ELR_EL1, x0
    exc_return

el2_sync:
    exc_save
    mrs x1, ESR_EL2
    lsr x4, x1, #26
    cmp x4, #0x16
    b.eq el2_hvc
    adr x0, msg_s2
    mrs x2, FAR_EL2
    mov x3, #1
    bl report_nl
    adr x0, msg_hpfar
    bl puts
    mrs x0, HPFAR_EL2
    mov x1, #8
    bl puthex
    bl newline
    mrs x1, ESR_EL2
    lsr x4, x1, #26
    cmp x4, #0x20              // instruction abort: back to the caller
    b.ne 1f
    ldr x0, [sp, #48]
    msr ELR_EL2, x0
    exc_return
1:  mrs x0, ELR_EL2
    add x0, x0, #4
    msr ELR_EL2, x0
    exc_return

el2_hvc:
    and x5, x1, #0xffff
    cmp x5, #1
    b.ne 2f
    ldr x2, =S2_L3
    ldr x3, =(0x2206000 | 0x7FF)
    str x3, [x2, #8]
    dsb sy
    ldr x0, =(0x601000 >> 12)
    tlbi ipas2e1is, x0
    dsb sy
    tlbi vmalle1is
    dsb sy
    isb
    exc_return
2:  cmp x5, #2
    b.ne 3f
    ldr x2, =S2_L3
    ldr x3, =(0x2201000 | 0x7FF)
    str x3, [x2, #8]
    dsb sy
    tlbi vmalls12e1
    dsb sy
    isb
    exc_return
3:  adr x0, msg_done
    bl puts
    b poweroff

// report without its newline (HPFAR follows)
report_nl:
    mov x15, x30
    mov x16, x1
    mov x17, x2
    bl puts
    mov x0, x16
    mov x1, #8
    bl puthex
    adr x0, msg_far
    bl puts
    mov x0, x17
    mov x1, #8
    bl puthex
    mov x30, x15
    ret

    report_routine

unexpected:
    report_stop msg_unexpected, CurrentEL

    vector_table vectors_el1, unexpected, h_sync=el1_sync
    vector_table vectors_el2, unexpected, a64_sync=el2_sync

msg_at:   .asciz "AT at EL2\n"
msg_el1:  .asciz "EL1\n"
msg_s1:   .asciz "EL1 ESR="
msg_s2:   .asciz "EL2 ESR="
msg_far:  .asciz " FAR="
msg_hpfar: .asciz " HPFAR="
msg_done: .asciz "done\n"
msg_unexpected: .asciz "unexpected exception at EL"
    .balign 8
    .include "lib.S"

    .data
    stack_bss 0x8000
