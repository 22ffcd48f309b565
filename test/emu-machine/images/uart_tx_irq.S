// Mini-UART transmit interrupts: IER bit 1 (transmit, per the erratum) raises the AUX
// interrupt while the transmit FIFO has room; the handler sends one character of a message
// per interrupt and turns the interrupt off at the end, as an interrupt-driven driver does.
    .include "boot.inc.S"
    .equ IC_BASE,   0x3F00B200
    image_start
    el2_irq_setup
    isb
    ldr x1, =IC_BASE
    mov w2, #(1 << 29)
    str w2, [x1, #0x10]
    ldr x1, =AUX_BASE
    mov w2, #2                  // transmit interrupt
    str w2, [x1, #AUX_MU_IER]
    wait_irq_flag done
    print msg_count
    ldr x1, =count
    ldr x0, [x1]
    print_hex 2
    b poweroff

irq_handler:
    mov x19, x30
    ldr x1, =AUX_BASE
    ldr w20, [x1, #AUX_MU_IIR]
    ldr x1, =count
    ldr x2, [x1]
    add x2, x2, #1
    str x2, [x1]
    cmp x2, #1
    b.ne 1f
    and x0, x20, #7             // the first interrupt's IIR: 2 = transmit holding register empty
    print_hex 1
    print_char ' '
1:  ldr x1, =next
    ldr x2, [x1]
    ldrb w0, [x2], #1
    str x2, [x1]
    cbz w0, 2f
    ldr x1, =AUX_BASE
    str w0, [x1, #AUX_MU_IO]
    b 3f
2:  ldr x1, =AUX_BASE
    str wzr, [x1, #AUX_MU_IER]  // message sent: interrupt off
    ldr x1, =done
    mov x2, #1
    str x2, [x1]
3:  mov x30, x19
    ret

msg_tx:    .asciz "sent by interrupts"
msg_count: .asciz "\ninterrupts: "
    .balign 4
    .include "irq_common.S"
    .include "lib.S"
    .data
    .balign 8
done:  .quad 0
count: .quad 0
next:  .quad msg_tx
    stack_bss 0x4000
