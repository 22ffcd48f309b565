// FIQ and inter-core interrupts. Part 1: system timer channel 3 selected as the FIQ source
// of the legacy controller (FIQ control = 0x80 | 3) reaches core 0 as an FIQ at EL2.
// Part 2: core 1, woken through the spin table, enables its mailbox-0 interrupt in the
// ARM-local block and waits in WFI; core 0 writes its mailbox; core 1 takes the IRQ, reports
// the source and the mailbox value, clears it and answers through core 0's mailbox 3, which
// core 0 polls.
    .include "boot.inc.S"
    .equ ST_BASE,   0x3F003000
    .equ IC_BASE,   0x3F00B200
    .equ LOCAL,     0x40000000
    image_start
    el2_irq_setup vectors
    isb
    // Part 1: FIQ from system timer match 3, 5 ms from now.
    ldr x1, =IC_BASE
    mov w2, #(0x80 | 3)
    str w2, [x1, #0x0c]
    ldr x1, =ST_BASE
    ldr w2, [x1, #0x04]
    ldr w3, =5000
    add w2, w2, w3
    str w2, [x1, #0x18]
    // Check with interrupts masked, then WFI (which wakes on a pending interrupt even while
    // masked) and unmask briefly to take it: no wake-up can be lost between check and WFI.
1:  ldr x1, =fiqs
    ldr x2, [x1]
    cbnz x2, 9f
    wfi
    msr DAIFClr, #1             // FIQ only
    isb
    msr DAIFSet, #1
    b 1b
9:
    ldr x1, =IC_BASE
    str wzr, [x1, #0x0c]
    // Part 2: wake core 1 and interrupt it through its mailbox 0.
    adr x2, core1
    mov x3, #0xe0
    str x2, [x3]
    dsb sy
    sev
2:  ldr x1, =core1_ready
    ldr x2, [x1]
    cbz x2, 2b
    ldr x1, =LOCAL
    mov w2, #0x5a
    str w2, [x1, #0x90]         // core 1 mailbox 0, write-set
3:  ldr w2, [x1, #0xcc]         // core 0 mailbox 3: the answer
    cbz w2, 3b
    str w2, [x1, #0xcc]         // clear it
    mov w19, w2
    print msg_answer
    mov w0, w19
    print_hex 8
    b poweroff

fiq_handler:
    mov x19, x30
    print msg_fiq
    ldr x1, =IC_BASE
    ldr w0, [x1, #0x04]         // pending 1: the FIQ source is not an enabled IRQ
    print_hex 8
    print_char ' '
    ldr x1, =LOCAL
    ldr w0, [x1, #0x70]         // core 0 FIQ source: GPU (bit 8)
    print_hex 3
    print_char ' '
    ldr x1, =ST_BASE
    ldr w0, [x1, #0x00]
    print_hex 1
    print_char '\n'
    ldr x1, =ST_BASE
    mov w2, #8
    str w2, [x1, #0x00]
    ldr x1, =fiqs
    mov x2, #1
    str x2, [x1]
    mov x30, x19
    ret

core1:
    ldr x1, =stack_top - 0x2000
    mov sp, x1
    el2_irq_setup vectors
    isb
    ldr x1, =LOCAL
    mov w2, #1
    str w2, [x1, #0x54]         // core 1: mailbox 0 -> IRQ
    msr DAIFClr, #2
    ldr x1, =core1_ready
    mov x2, #1
    str x2, [x1]
    dsb sy
4:  wfi
    b 4b

irq_handler:                    // only core 1 takes IRQs here
    mov x19, x30
    print msg_ipi
    ldr x1, =LOCAL
    ldr w0, [x1, #0x64]         // core 1 IRQ source: mailbox 0 (bit 4)
    print_hex 3
    print_char ' '
    ldr x1, =LOCAL
    ldr w20, [x1, #0xd0]        // core 1 mailbox 0
    mov w0, w20
    print_hex 8
    print_char '\n'
    ldr x1, =LOCAL
    str w20, [x1, #0xd0]        // write-1-to-clear
    add w20, w20, #0x100
    str w20, [x1, #0x8c]        // answer in core 0 mailbox 3
    mov x30, x19
    ret

    .macro save_call target
    stp x0, x1, [sp, #-16]!
    stp x2, x3, [sp, #-16]!
    stp x9, x10, [sp, #-16]!
    stp x11, x12, [sp, #-16]!
    stp x13, x30, [sp, #-16]!
    stp x19, x20, [sp, #-16]!
    bl \target
    ldp x19, x20, [sp], #16
    ldp x13, x30, [sp], #16
    ldp x11, x12, [sp], #16
    ldp x9, x10, [sp], #16
    ldp x2, x3, [sp], #16
    ldp x0, x1, [sp], #16
    eret
    .endm

    .balign 0x800
vectors:
    .set i, 0
    .rept 16
    .balign 0x80
    .if (i == 5)
    save_call irq_handler
    .elseif (i == 6)
    save_call fiq_handler
    .else
    b bad
    .endif
    .set i, i + 1
    .endr
bad:
    print msg_bad
    b poweroff

msg_fiq:    .asciz "FIQ: pend1/local/cs = "
msg_ipi:    .asciz "core 1 IRQ: source/mailbox = "
msg_answer: .asciz "core 0 got "
msg_bad:    .asciz "unexpected exception\n"
    .balign 4
    .include "lib.S"
    .data
    .balign 8
fiqs:        .quad 0
core1_ready: .quad 0
    stack_bss 0x4000
