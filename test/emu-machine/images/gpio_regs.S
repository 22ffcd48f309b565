// GPIO: function selects read back, an output pin's level follows GPSET/GPCLR.
    .include "boot.inc.S"
    .equ GPIO, 0x3F200000
    image_start
    ldr x20, =GPIO
    ldr w1, =((2 << 12) | (2 << 15) | (1 << 18))   // GPIO14/15 ALT5, GPIO16 output
    str w1, [x20, #0x04]
    adr x0, msg_fsel
    bl puts
    ldr w0, [x20, #0x04]
    mov x1, #8
    bl puthex
    mov w1, #(1 << 16)
    str w1, [x20, #0x1c]        // GPSET0
    adr x0, msg_set
    bl puts
    ldr w0, [x20, #0x34]        // GPLEV0
    ubfx w0, w0, #16, #1
    mov x1, #1
    bl puthex
    mov w1, #(1 << 16)
    str w1, [x20, #0x28]        // GPCLR0
    adr x0, msg_clr
    bl puts
    ldr w0, [x20, #0x34]
    ubfx w0, w0, #16, #1
    mov x1, #1
    bl puthex
    b poweroff
msg_fsel: .asciz "GPFSEL1="
msg_set:  .asciz " GPIO16 after set="
msg_clr:  .asciz " after clear="
    .balign 4
    .include "lib.S"
    stack_bss
