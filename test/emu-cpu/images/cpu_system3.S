// CPU system-level image 3 (ELF, starts at EL3): virtual FIQ and virtual SError
// (HCR_EL2.VF/VSE with FMO/AMO, masked by PSTATE.F/A at EL1), the EL2 physical timer
// (CNTHP) routed by the ARM-local block as a physical IRQ taken to EL2 while EL1 runs with
// IRQs masked (HCR_EL2.IMO), and a WFE trapped by HCR_EL2.TWE.
    .include "boot.inc.S"
    image_start park=1
    eret_to_el2 at_el2

at_el2:
    ldr x1, =stack_top - 0x1000
    mov sp, x1
    ldr x0, =vectors_el2
    msr VBAR_EL2, x0
    ldr x0, =((1 << 31) | (1 << 5) | (1 << 4) | (1 << 3))  // RW, AMO, IMO, FMO
    msr HCR_EL2, x0
    mov x0, #3
    msr CNTHCTL_EL2, x0
    eret_to_el1 guest, stack=stack_top-0x2000

guest:
    ldr x0, =vectors_el1
    msr VBAR_EL1, x0
    print msg_el1
    hvc #1                    // VF on; F is masked
    print msg_masked
    msr DAIFClr, #1           // now the virtual FIQ is taken
    print msg_after
    hvc #3                    // VSE on; A is masked
    print msg_masked
    msr DAIFClr, #4           // virtual SError taken (VSE clears itself)
    print msg_after
    mrs x0, ISR_EL1
    print_hex 3
    bl newline
    hvc #4                    // EL2 arms CNTHP; its IRQ goes to EL2 although EL1 masks IRQs
    ldr x1, =flag
1:  ldr w2, [x1]
    cbz w2, 1b
    print msg_after
    hvc #5                    // TWE on
    wfe                       // trapped to EL2
    print msg_after
    hvc #9

    newline_routine

    report_routine far=0

    .macro save
    sub sp, sp, #64
    stp x0, x1, [sp]
    stp x2, x3, [sp, #16]
    stp x9, x10, [sp, #32]
    stp x15, x16, [sp, #48]
    .endm
    .macro restore
    ldp x0, x1, [sp]
    ldp x2, x3, [sp, #16]
    ldp x9, x10, [sp, #32]
    ldp x15, x16, [sp, #48]
    add sp, sp, #64
    .endm

el1_fiq:
    save
    print msg_vfiq
    hvc #2                    // VF off
    restore
    eret

el1_serror:
    save
    mrs x1, ESR_EL1
    adr x0, msg_vserr
    bl report
    restore
    eret

el2_sync:
    save
    mrs x1, ESR_EL2
    adr x0, msg_s2
    bl report
    mrs x1, ESR_EL2
    lsr x4, x1, #26
    cmp x4, #0x16
    b.eq 1f
    mrs x0, ELR_EL2           // trapped WFE: skip it
    add x0, x0, #4
    msr ELR_EL2, x0
    b 9f
1:  and x1, x1, #0xffff
    mrs x0, HCR_EL2
    cmp x1, #1
    b.ne 2f
    orr x0, x0, #(1 << 6)     // VF
    b 8f
2:  cmp x1, #2
    b.ne 3f
    bic x0, x0, #(1 << 6)
    b 8f
3:  cmp x1, #3
    b.ne 4f
    orr x0, x0, #(1 << 8)     // VSE
    b 8f
4:  cmp x1, #4
    b.ne 5f
    ldr x2, =0x40000040       // core 0 timer interrupt control: nCNTHPIRQ -> IRQ
    mov w3, #4
    str w3, [x2]
    mov x2, #300
    msr CNTHP_TVAL_EL2, x2
    mov x2, #1
    msr CNTHP_CTL_EL2, x2
    b 8f
5:  cmp x1, #5
    b.ne 6f
    orr x0, x0, #(1 << 14)    // TWE
    b 8f
6:  adr x0, msg_done
    bl puts
    b poweroff
8:  msr HCR_EL2, x0
9:  restore
    eret

el2_irq:
    save
    mrs x1, CNTHP_CTL_EL2
    adr x0, msg_hirq
    bl report
    msr CNTHP_CTL_EL2, xzr
    ldr x0, =flag
    mov w1, #1
    str w1, [x0]
    restore
    eret

unexpected:
    report_stop msg_unexpected, CurrentEL

    vector_table vectors_el1, unexpected, h_fiq=el1_fiq, h_serror=el1_serror
    vector_table vectors_el2, unexpected, a64_sync=el2_sync, a64_irq=el2_irq

msg_el1:  .asciz "EL1\n"
msg_masked: .asciz "pending but masked\n"
msg_after: .asciz "after\n"
msg_vfiq: .asciz "vFIQ\n"
msg_vserr: .asciz "vSError ESR_EL1="
msg_hirq: .asciz "EL2 IRQ CNTHP_CTL="
msg_s2:   .asciz "EL2 ESR="
msg_done: .asciz "done\n"
msg_unexpected: .asciz "unexpected exception at EL"
    .balign 8
    .include "lib.S"
    .data
    .balign 8
flag: .word 0
    stack_bss 0x8000
