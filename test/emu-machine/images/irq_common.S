// An EL2 vector table whose IRQ entries (current EL with SPx, offset 0x280) save the
// caller-saved registers and call `irq_handler`; synchronous exceptions report and stop.
    .macro save_regs
    stp x0, x1, [sp, #-16]!
    stp x2, x3, [sp, #-16]!
    stp x9, x10, [sp, #-16]!
    stp x11, x12, [sp, #-16]!
    stp x13, x30, [sp, #-16]!
    .endm
    .macro restore_regs
    ldp x13, x30, [sp], #16
    ldp x11, x12, [sp], #16
    ldp x9, x10, [sp], #16
    ldp x2, x3, [sp], #16
    ldp x0, x1, [sp], #16
    .endm

    .balign 0x800
vectors_el2:
    .set i, 0
    .rept 16
    .balign 0x80
    .if (i == 5)
    save_regs
    bl irq_handler
    restore_regs
    eret
    .else
    b bad_exception
    .endif
    .set i, i + 1
    .endr

bad_exception:
    report_stop msg_bad, ESR_EL2, 8
msg_bad: .asciz "unexpected exception, ESR_EL2="
    .balign 4
