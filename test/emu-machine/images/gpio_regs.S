// GPIO: function selects read back, an output pin's level follows GPSET/GPCLR.
    .include "boot.inc.S"
    .equ GPIO, 0x3F200000
    image_start
    ldr x20, =GPIO
    ldr w1, =((2 << 12) | (2 << 15) | (1 << 18))   // GPIO14/15 ALT5, GPIO16 output
    str w1, [x20, #0x04]
    print msg_fsel
    ldr w0, [x20, #0x04]
    print_hex 8
    mov w1, #(1 << 16)
    str w1, [x20, #0x1c]        // GPSET0
    print msg_set
    ldr w0, [x20, #0x34]        // GPLEV0
    ubfx w0, w0, #16, #1
    print_hex 1
    mov w1, #(1 << 16)
    str w1, [x20, #0x28]        // GPCLR0
    print msg_clr
    ldr w0, [x20, #0x34]
    ubfx w0, w0, #16, #1
    print_hex 1
    b poweroff
msg_fsel: .asciz "GPFSEL1="
msg_set:  .asciz " GPIO16 after set="
msg_clr:  .asciz " after clear="
    .balign 4
    .include "lib.S"
    stack_bss
