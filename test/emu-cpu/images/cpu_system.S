// CPU system-level conformance image (ELF: QEMU -kernel and our core start it at EL3).
// Walks EL3 -> EL2 -> EL1 and prints the syndrome of every exception it provokes:
// SVC/HVC/SMC, UNDEFINED, trapped WFI/SMC/ID-register access (HCR_EL2.TWI/TSC/TID3),
// stage-2 translation and permission faults (ESR/FAR/HPFAR_EL2), stage-1 permission and
// translation faults (ESR/FAR_EL1), AT S1E1R + PAR_EL1, TLBI after a remap, a virtual IRQ
// (HCR_EL2.VI), a virtual-timer IRQ routed by the ARM-local block, an illegal exception return,
// and a PC alignment fault. Convention: x28 = where a handler resumes after a fault that
// cannot be skipped.
    .include "boot.inc.S"
    image_start park=1
    print msg_el3
    ldr x0, =vectors_el3
    msr VBAR_EL3, x0
    eret_to_el2 at_el2, isb=1

at_el2:
    ldr x1, =stack_top - 0x1000
    mov sp, x1
    print msg_el2
    ldr x0, =vectors_el2
    msr VBAR_EL2, x0
    hvc #0x12                 // taken at EL2 itself
    smc #0x7                  // to EL3
    // stage 2: level 1 (1 GiB entries) -> level 2 (2 MiB blocks) for the first GiB
    ldr x1, =s2_l1
    ldr x2, =s2_l2
    orr x3, x2, #3
    str x3, [x1]
    ldr x3, =0x400004C5       // second GiB (ARM-local block): device block, S2AP RW, AF
    str x3, [x1, #8]
    mov x4, #0
    ldr x5, =0x3F000000
2:  lsl x6, x4, #21
    ldr x7, =0x7FD            // normal, S2AP RW, AF, block
    cmp x6, x5
    b.lo 3f
    ldr x7, =0x4C5            // device, S2AP RW, AF, block
3:  ldr x8, =0x20000000       // left unmapped
    cmp x6, x8
    b.ne 4f
    mov x7, #0
4:  ldr x8, =0x20200000       // read-only (S2AP = 01)
    cmp x6, x8
    b.ne 5f
    ldr x7, =0x77D
5:  cbz x7, 6f
    orr x6, x6, x7
    b 7f
6:  mov x6, #0
7:  str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 2b
    ldr x0, =0x80003560       // T0SZ 32, SL0 level 1, 4 KiB
    msr VTCR_EL2, x0
    ldr x0, =s2_l1
    orr x0, x0, #(1 << 48)    // VMID 1
    msr VTTBR_EL2, x0
    ldr x0, =((1 << 31) | (1 << 18) | (1 << 19) | (1 << 13) | (1 << 4) | 1)  // RW TID3 TSC TWI IMO VM
    msr HCR_EL2, x0
    eret_to_el1 guest, stack=stack_top-0x2000, tlbi=1

// ---------------------------------------------------------------- EL1 guest
guest:
    print msg_el1
    ldr x0, =vectors_el1
    msr VBAR_EL1, x0
    mov x0, #(3 << 20)        // FP/SIMD accessible
    msr CPACR_EL1, x0
    svc #0x34
    .word 0x00000000          // UDF #0
    wfi                       // trapped by TWI
    smc #0                    // trapped by TSC
    mrs x0, ID_AA64MMFR0_EL1  // trapped by TID3
    ldr x5, =0x20000010
    ldr w3, [x5]              // stage-2 translation fault
    ldr x7, =0x20200008
    str x6, [x7]              // stage-2 permission fault
    ldr x7, =0x20200010
    ldr w2, [x7]              // read of the read-only block works
    // stage 1 at EL1: L1 -> L2 (identity, 2 MiB) with one L2 entry -> L3 for VA 0x10000000
    ldr x1, =s1_l1
    ldr x2, =s1_l2
    orr x3, x2, #3
    str x3, [x1]
    ldr x3, =0x40000405       // second GiB: device (AttrIndx 1), AF, block
    str x3, [x1, #8]
    mov x4, #0
    ldr x5, =0x3F000000
1:  lsl x6, x4, #21
    ldr x7, =0x701            // AttrIndx 0 (normal), inner shareable, AF, block, EL1 RW
    cmp x6, x5
    b.lo 2f
    ldr x7, =0x405            // AttrIndx 1 (device)
2:  orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    ldr x3, =s1_l3
    orr x3, x3, #3
    str x3, [x2, #(0x80 * 8)] // VA 0x10000000 -> L3 table
    ldr x3, =s1_l3
    ldr x4, =page_a
    ldr x6, =0x783            // page, AF, inner shareable, AP = EL1 read-only
    orr x6, x4, x6
    str x6, [x3]              // VA 0x10000000: page_a, read-only
    str xzr, [x3, #8]         // VA 0x10001000: invalid
    ldr x6, =0x703
    orr x6, x4, x6
    str x6, [x3, #16]         // VA 0x10002000: page_a, read-write
    ldr x0, =0x04FF           // MAIR: attr0 normal WB, attr1 device-nGnRE
    msr MAIR_EL1, x0
    ldr x0, =0x80803520       // T0SZ 32, 4 KiB, inner shareable WBWA, EPD1, IPS 32-bit
    msr TCR_EL1, x0
    ldr x0, =s1_l1
    msr TTBR0_EL1, x0
    tlbi vmalle1
    dsb sy
    isb
    ldr x0, =0x30d00801       // M
    msr SCTLR_EL1, x0
    isb
    print msg_mmu
    ldr x7, =0x10000008
    ldr x8, [x7]              // reads page_a
    str x8, [x7]              // permission fault (read-only page)
    ldr x7, =0x10001010
    ldr x8, [x7]              // translation fault level 3
    ldr x0, =0x10002040
    at s1e1r, x0
    isb
    mrs x0, PAR_EL1
    bl print_par
    ldr x0, =0x10001040
    at s1e1r, x0
    isb
    mrs x0, PAR_EL1
    bl print_par
    // remap VA 0x10002000 to page_b, TLBI, read through it
    ldr x7, =0x10002000
    ldr x0, [x7]
    print_hex 16
    bl newline
    ldr x3, =s1_l3
    ldr x4, =page_b
    ldr x6, =0x703
    orr x6, x4, x6
    str x6, [x3, #16]
    dsb ishst
    ldr x0, =0x10002000
    lsr x0, x0, #12
    tlbi vae1, x0
    dsb ish
    isb
    ldr x7, =0x10002000
    ldr x0, [x7]
    print_hex 16
    bl newline
    // virtual IRQ: EL2 sets HCR_EL2.VI on request
    msr DAIFClr, #2
    hvc #2
    print msg_after_virq
    // virtual timer through the ARM-local block (EL2 first drops IMO so the IRQ comes here)
    msr DAIFSet, #2
    hvc #5
    ldr x1, =0x40000040       // core 0 timer interrupt control: nCNTVIRQ -> IRQ
    mov w2, #8
    str w2, [x1]
    mov x0, #200
    msr CNTV_TVAL_EL0, x0
    mov x0, #1
    msr CNTV_CTL_EL0, x0
    isb
    mov x20, #0
    msr DAIFClr, #2
1:  cbz x20, 1b
    msr DAIFSet, #2
    // illegal exception return: SPSR_EL1 asks for EL2
    adr x28, after_illegal
    mov x0, #0x3c9
    msr SPSR_EL1, x0
    adr x0, after_illegal
    msr ELR_EL1, x0
    eret
after_illegal:
    print msg_resumed
    // PC alignment fault
    adr x28, after_pcalign
    adr x0, after_pcalign
    add x0, x0, #2
    br x0
after_pcalign:
    print msg_resumed
    hvc #4                    // done

    newline_routine

// print_par: x0 = PAR_EL1 value
print_par:
    mov x15, x30
    mov x14, x0
    print msg_par
    mov x0, x14
    print_hex 16
    bl newline
    mov x30, x15
    ret

    report_routine nl=0

// ---------------------------------------------------------------- EL1 handlers
el1_sync:
    exc_save
    mrs x1, ESR_EL1
    mrs x2, FAR_EL1
    lsr x4, x1, #26
    cmp x4, #0x25
    cset x3, eq
    cmp x4, #0x22
    csinc x3, x3, xzr, ne
    adr x0, msg_s1
    bl report
    bl newline
    mrs x1, ESR_EL1
    lsr x4, x1, #26
    mrs x0, ELR_EL1
    cmp x4, #0x15             // SVC: ELR already past it
    b.eq 9f
    cmp x4, #0x0e             // illegal state: resume at x28, PSTATE.IL cleared
    b.ne 1f
    mrs x5, SPSR_EL1
    bic x5, x5, #(1 << 20)
    msr SPSR_EL1, x5
    mov x0, x28
    b 8f
1:  cmp x4, #0x22
    b.ne 2f
    mov x0, x28
    b 8f
2:  add x0, x0, #4
8:  msr ELR_EL1, x0
9:
    exc_return

el1_irq:
    exc_save
    mrs x1, CNTV_CTL_EL0
    tbz x1, #2, 1f
    adr x0, msg_tirq           // timer: report, stop it, tell the loop
    mov x3, #0
    bl report
    bl newline
    msr CNTV_CTL_EL0, xzr
    mov x20, #1
    b 2f
1:  adr x0, msg_virq
    bl puts
    hvc #3                    // EL2 clears HCR_EL2.VI
2:
    exc_return

// ---------------------------------------------------------------- EL2 handlers
el2_cur_sync:
    mov x19, x30
    mrs x1, ESR_EL2
    mov x3, #0
    adr x0, msg_s2
    bl report
    bl newline
    mov x30, x19
    eret

el2_lower_sync:
    sub sp, sp, #96
    stp x0, x1, [sp]
    stp x2, x3, [sp, #16]
    stp x9, x10, [sp, #32]
    stp x11, x12, [sp, #48]
    stp x13, x15, [sp, #64]
    str x30, [sp, #80]
    mrs x1, ESR_EL2
    lsr x4, x1, #26
    cmp x4, #0x16
    b.eq hvc_call
    mrs x2, FAR_EL2
    cmp x4, #0x24
    cset x3, eq
    adr x0, msg_s2
    bl report
    cmp x4, #0x24
    b.ne 1f
    print msg_hpfar
    mrs x0, HPFAR_EL2
    print_hex 8
1:  bl newline
    mrs x0, ELR_EL2
    add x0, x0, #4
    msr ELR_EL2, x0
    b el2_ret
hvc_call:
    and x1, x1, #0xffff
    cmp x1, #2
    b.ne 1f
    mrs x0, HCR_EL2
    orr x0, x0, #(1 << 7)     // VI
    msr HCR_EL2, x0
    b el2_ret
1:  cmp x1, #3
    b.ne 2f
    mrs x0, HCR_EL2
    bic x0, x0, #(1 << 7)
    msr HCR_EL2, x0
    b el2_ret
2:  cmp x1, #5
    b.ne 3f
    mrs x0, HCR_EL2
    bic x0, x0, #(1 << 4)     // IMO off: physical IRQs go to EL1
    msr HCR_EL2, x0
    b el2_ret
3:  adr x0, msg_done
    bl puts
    b poweroff
el2_ret:
    ldp x0, x1, [sp]
    ldp x2, x3, [sp, #16]
    ldp x9, x10, [sp, #32]
    ldp x11, x12, [sp, #48]
    ldp x13, x15, [sp, #64]
    ldr x30, [sp, #80]
    add sp, sp, #96
    eret

// ---------------------------------------------------------------- EL3 handler
el3_sync:
    mov x19, x30
    mrs x1, ESR_EL3
    mov x3, #0
    adr x0, msg_s3
    bl report
    bl newline
    mov x30, x19
    eret

unexpected:
    report_stop msg_unexpected, CurrentEL

    vector_table vectors_el1, unexpected, t_sync=el1_sync, h_sync=el1_sync, h_irq=el1_irq
    vector_table vectors_el2, unexpected, h_sync=el2_cur_sync, a64_sync=el2_lower_sync
    vector_table vectors_el3, unexpected, h_sync=el3_sync, a64_sync=el3_sync

msg_el3:  .asciz "EL3\n"
msg_el2:  .asciz "EL2\n"
msg_el1:  .asciz "EL1\n"
msg_mmu:  .asciz "MMU on\n"
msg_s1:   .asciz "EL1 ESR="
msg_s2:   .asciz "EL2 ESR="
msg_s3:   .asciz "EL3 ESR="
msg_far:  .asciz " FAR="
msg_hpfar: .asciz " HPFAR="
msg_par:  .asciz "PAR="
msg_virq: .asciz "vIRQ\n"
msg_tirq: .asciz "timer IRQ CNTV_CTL="
msg_after_virq: .asciz "after vIRQ\n"
msg_resumed: .asciz "resumed\n"
msg_done: .asciz "done\n"
msg_unexpected: .asciz "unexpected exception at EL"
    .balign 8
    .include "lib.S"

    .data
    .balign 4096
page_a:
    .quad 0x1111111111111111, 0xaaaaaaaaaaaaaaaa
    .balign 4096
page_b:
    .quad 0x2222222222222222, 0xbbbbbbbbbbbbbbbb
    .balign 4096
s2_l1: .space 4096
s2_l2: .space 4096
s1_l1: .space 4096
s1_l2: .space 4096
s1_l3: .space 4096
    stack_bss 0x8000
