// CPU system-level image 2 (ELF, starts at EL3): EL2 with its own stage-1 MMU (TTBR0_EL2),
// an EL2 permission fault, a guest whose stage-1 tables are walked through stage 2, the
// HCR_EL2.TVM trap of an SCTLR_EL1 write, and an EL0 process: SVC, a permission fault on an
// EL1-only page, CNTKCTL_EL1 and SCTLR_EL1.nTWI traps, an UNDEFINED system register, then
// back up through HVC.
    .include "boot.inc.S"
    image_start park=1
    eret_to_el2 at_el2

at_el2:
    ldr x1, =stack_top - 0x1000
    mov sp, x1
    ldr x0, =vectors_el2
    msr VBAR_EL2, x0
    // EL2 stage 1: L1 -> L2 identity (2 MiB blocks), the block at 0x20000000 read-only
    ldr x1, =h_l1
    ldr x2, =h_l2
    orr x3, x2, #3
    str x3, [x1]
    ldr x3, =0x40000401       // second GiB: device, AF, block
    str x3, [x1, #8]
    mov x4, #0
    ldr x5, =0x3F000000
1:  lsl x6, x4, #21
    ldr x7, =0x701            // normal, AF, block, RW
    cmp x6, x5
    b.lo 2f
    ldr x7, =0x405            // device
2:  ldr x8, =0x20000000
    cmp x6, x8
    b.ne 3f
    ldr x7, =0x781            // read-only (AP[2] = 1)
3:  orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    ldr x0, =0x04FF
    msr MAIR_EL2, x0
    ldr x0, =0x80803520       // T0SZ 32, 4 KiB, RES1 bits 31 and 23, PS 32-bit
    msr TCR_EL2, x0
    ldr x0, =h_l1
    msr TTBR0_EL2, x0
    tlbi alle2
    dsb sy
    isb
    ldr x0, =0x30c50839       // M, C, SA, I (RES1 bits)
    msr SCTLR_EL2, x0
    isb
    print msg_el2mmu
    ldr x7, =0x20000100
    ldr x8, [x7]              // readable
    str x8, [x7]              // EL2 permission fault (current EL)
    mrs x0, SCTLR_EL2
    print_hex 8
    bl newline
    // stage 2: identity for the first GiB, device for the second
    ldr x1, =s2_l1
    ldr x2, =s2_l2
    orr x3, x2, #3
    str x3, [x1]
    ldr x3, =0x400004C5
    str x3, [x1, #8]
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
    ldr x0, =0x80003560
    msr VTCR_EL2, x0
    ldr x0, =s2_l1
    orr x0, x0, #(2 << 48)    // VMID 2
    msr VTTBR_EL2, x0
    ldr x0, =((1 << 31) | 1)  // RW, VM (the guest asks for TVM later)
    msr HCR_EL2, x0
    mov x0, #3
    msr CNTHCTL_EL2, x0
    // its SCTLR_EL1 write is not trapped: TVM traps EL1 only
    eret_to_el1 guest, stack=stack_top-0x2000, tlbi=1

// ---------------------------------------------------------------- EL1 guest
guest:
    print msg_el1
    ldr x0, =vectors_el1
    msr VBAR_EL1, x0
    // guest stage 1 (tables in guest memory, walked through stage 2): identity for EL1; the
    // VA block at 0x200000 aliases the first 2 MiB read-only for EL0 (its code runs there)
    ldr x1, =g_l1
    ldr x2, =g_l2
    orr x3, x2, #3
    str x3, [x1]
    ldr x3, =0x40000405
    str x3, [x1, #8]
    mov x4, #0
    ldr x5, =0x3F000000
1:  lsl x6, x4, #21
    ldr x7, =0x701            // normal, AF, block, EL1 only (AP = 00)
    cmp x6, x5
    b.lo 2f
    ldr x7, =0x405
2:  orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    ldr x3, =0x7C1            // VA 0x200000 -> PA 0: EL1/EL0 read-only (AP = 11), EL0 executable
    str x3, [x2, #8]
    ldr x0, =0x04FF
    msr MAIR_EL1, x0
    ldr x0, =0x80803520
    msr TCR_EL1, x0
    ldr x0, =g_l1
    msr TTBR0_EL1, x0
    tlbi vmalle1
    dsb sy
    isb
    hvc #2                    // EL2 sets HCR_EL2.TVM
    ldr x0, =0x30d00801
    msr SCTLR_EL1, x0         // trapped by TVM: EL2 performs it and skips the instruction
    isb
    print msg_guest_mmu
    msr CNTKCTL_EL1, xzr      // EL0 may not read the counters
    ldr x0, =stack_top - 0x3000
    msr SP_EL0, x0
    mov x0, #0                // EL0t
    msr SPSR_EL1, x0
    adr x0, user
    add x0, x0, #0x200000     // the EL0 alias
    msr ELR_EL1, x0
    eret

// ---------------------------------------------------------------- EL0
user:
    svc #0x99
    ldr x7, =0x20000040
    ldr x8, [x7]              // EL1-only page: permission fault from EL0
    mrs x0, CNTVCT_EL0        // trapped (CNTKCTL_EL1.EL0VCTEN = 0)
    wfi                       // trapped (SCTLR_EL1.nTWI = 0)
    mrs x0, ACTLR_EL1         // EL1 register from EL0: UNDEFINED
    svc #0xdead               // EL1 ends the test

// ---------------------------------------------------------------- handlers
    newline_routine

    report_routine

el1_sync:
    exc_save
    mrs x1, ESR_EL1
    mrs x2, FAR_EL1
    lsr x4, x1, #26
    cmp x4, #0x24
    cset x3, eq
    adr x0, msg_s1
    bl report
    mrs x1, ESR_EL1
    lsr x4, x1, #26
    cmp x4, #0x15
    b.ne 1f
    and x5, x1, #0xffff
    ldr x6, =0xdead
    cmp x5, x6
    b.ne 9f
    hvc #1                    // finished
1:  mrs x0, ELR_EL1
    add x0, x0, #4
    msr ELR_EL1, x0
9:
    exc_return

el2_sync:
    exc_save
    mrs x1, ESR_EL2
    mrs x2, FAR_EL2
    lsr x4, x1, #26
    cmp x4, #0x25
    cset x3, eq
    adr x0, msg_s2
    bl report
    mrs x1, ESR_EL2
    lsr x4, x1, #26
    cmp x4, #0x16
    b.ne 1f
    and x5, x1, #0xffff
    cmp x5, #2
    b.ne 3f
    mrs x0, HCR_EL2
    orr x0, x0, #(1 << 26)    // TVM
    msr HCR_EL2, x0
    b 4f
3:  adr x0, msg_done
    bl puts
    b poweroff
1:  cmp x4, #0x18             // trapped MSR: perform it for the guest (only SCTLR_EL1 here)
    b.ne 2f
    ubfx x5, x1, #5, #5       // Rt
    ldr x6, [sp, x5, lsl #3]  // x0..x3 were saved at sp
    msr SCTLR_EL1, x6
2:  mrs x0, ELR_EL2
    add x0, x0, #4
    msr ELR_EL2, x0
4:
    exc_return

unexpected:
    report_stop msg_unexpected, CurrentEL

    vector_table vectors_el1, unexpected, h_sync=el1_sync, a64_sync=el1_sync
    vector_table vectors_el2, unexpected, h_sync=el2_sync, a64_sync=el2_sync

msg_el2mmu: .asciz "EL2 MMU on\n"
msg_el1:  .asciz "EL1\n"
msg_guest_mmu: .asciz "guest MMU on\n"
msg_s1:   .asciz "EL1 ESR="
msg_s2:   .asciz "EL2 ESR="
msg_far:  .asciz " FAR="
msg_done: .asciz "done\n"
msg_unexpected: .asciz "unexpected exception at EL"
    .balign 8
    .include "lib.S"

    .data
    .balign 4096
h_l1: .space 4096
h_l2: .space 4096
s2_l1: .space 4096
s2_l2: .space 4096
g_l1: .space 4096
g_l2: .space 4096
    stack_bss 0x8000
