// Mini-UART receive interrupts: IER bit 0 (the receive enable, per the datasheet erratum) ->
// AUX interrupt (GPU IRQ 29) -> core 0 IRQ at EL2. Each interrupt reads IIR and AUX_IRQ and
// echoes one byte as [c]; a '.' ends the test.
    .include "boot.inc.S"
    .equ IC_BASE,   0x3F00B200
    image_start
    el2_irq_setup
    isb
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_IIR]   // no interrupt enabled: "none pending"
    and w0, w0, #0x7
    mov x1, #1
    print msg_iir
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_IIR]
    and w0, w0, #0x7
    print_hex 1
    print_char '\n'
    ldr x1, =IC_BASE
    mov w2, #(1 << 29)
    str w2, [x1, #0x10]         // enable GPU IRQ 29 (AUX)
    ldr x1, =AUX_BASE
    mov w2, #1                  // receive interrupt (bit 0 on real chips)
    str w2, [x1, #AUX_MU_IER]
    print msg_ready
    wait_irq_flag done
    print msg_count
    ldr x1, =count
    ldr x0, [x1]
    print_hex 2
    b poweroff

irq_handler:
    mov x19, x30
    ldr x1, =AUX_BASE
    ldr w20, [x1, #0x00]        // AUX_IRQ
    ldr w21, [x1, #AUX_MU_IIR]
    ldr w22, [x1, #AUX_MU_IO]
    print_char '['
    mov x0, x22
    bl putc
    print_char ' '
    mov x0, x20
    print_hex 1
    print_char ' '
    and x0, x21, #0x7
    print_hex 1
    print_char ']'
    ldr x1, =count
    ldr x2, [x1]
    add x2, x2, #1
    str x2, [x1]
    cmp x22, #'.'
    b.ne 1f
    ldr x1, =done
    mov x2, #1
    str x2, [x1]
    ldr x1, =AUX_BASE
    str wzr, [x1, #AUX_MU_IER]
1:  mov x30, x19
    ret

msg_iir:   .asciz "IIR with no interrupt enabled: "
msg_ready: .asciz "ready\n"
msg_count: .asciz "\nbytes: "
    .balign 4
    .include "irq_common.S"
    .include "lib.S"
    .data
    .balign 8
done:  .quad 0
count: .quad 0
    stack_bss 0x4000
