// PL011 UART (QEMU's first serial port): output, flags, and receive interrupts through
// GPU IRQ 57 (pending 2 bit 25, basic pending bit 19). Each interrupt prints [c MIS];
// a '.' ends the test.
    .include "boot.inc.S"
    .equ UART0,   0x3F201000
    .equ IC_BASE, 0x3F00B200
    image_start uart=0
    ldr x20, =UART0
    str wzr, [x20, #0x30]       // CR: off while configuring
    mov w1, #26
    str w1, [x20, #0x24]        // IBRD: 115200 at 48 MHz
    mov w1, #3
    str w1, [x20, #0x28]        // FBRD
    mov w1, #0x60
    str w1, [x20, #0x2c]        // LCRH: 8 bits, FIFOs off
    ldr w1, =0x7ff
    str w1, [x20, #0x44]        // ICR: clear everything
    ldr w1, =0x301
    str w1, [x20, #0x30]        // CR: UART, TX, RX on
    adr x0, msg_hello
    bl uputs
    ldr w0, [x20, #0x18]        // FR
    and w0, w0, #0xf8
    mov x1, #2
    bl uputhex
    mov x0, #'\n'
    bl uputc
    el2_irq_setup
    isb
    ldr x1, =IC_BASE
    mov w2, #(1 << 25)
    str w2, [x1, #0x14]         // enable GPU IRQ 57
    mov w1, #(1 << 4)
    str w1, [x20, #0x38]        // IMSC: receive
    adr x0, msg_ready
    bl uputs
    wait_irq_flag done
    adr x0, msg_end
    bl uputs
    ldr x1, =0x3F100000
    ldr w2, =0x5a00000a
    str w2, [x1, #0x24]
    ldr w2, =0x5a000020
    str w2, [x1, #0x1c]
2:  wfe
    b 2b

irq_handler:
    mov x19, x30
    ldr x1, =IC_BASE
    ldr w21, [x1, #0x08]        // pending 2
    ldr w22, [x1, #0x00]        // basic pending
    ldr w23, [x20, #0x40]       // MIS
    ldr w24, [x20, #0x00]       // DR
    and w24, w24, #0xff
    mov x0, #'['
    bl uputc
    mov x0, x24
    bl uputc
    mov x0, #' '
    bl uputc
    mov x0, x23
    mov x1, #3
    bl uputhex
    mov x0, #' '
    bl uputc
    mov x0, x21
    mov x1, #8
    bl uputhex
    mov x0, #' '
    bl uputc
    mov x0, x22
    mov x1, #8
    bl uputhex
    mov x0, #']'
    bl uputc
    cmp x24, #'.'
    b.ne 1f
    ldr x1, =done
    mov x2, #1
    str x2, [x1]
    str wzr, [x20, #0x38]
1:  mov x30, x19
    ret

uputc:
    ldr x1, =UART0
1:  ldr w2, [x1, #0x18]
    tbnz w2, #5, 1b             // TXFF
    str w0, [x1, #0x00]
    ret
    puts_routine uputs, uputc
    puthex_routine uputhex, uputc
// irq_common.S reports unexpected exceptions with the mini-UART routines.
puts:   b uputs
putc:   b uputc
puthex: b uputhex
poweroff:
    adr x0, msg_end
    bl uputs
3:  wfe
    b 3b

msg_hello: .asciz "pl011 hello, FR="
msg_ready: .asciz "ready\n"
msg_end:   .asciz "\nEND\n"
    .balign 4
    .include "irq_common.S"
    .data
    .balign 8
done: .quad 0
    stack_bss 0x4000
