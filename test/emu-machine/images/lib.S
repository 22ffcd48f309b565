// Shared routines of the conformance images: mini-UART output, hex printing, power-off.
// Included at the end of each image, after boot.inc.S (whose uart.inc.S has the routine
// macros) at its top. Clobbers only x0-x3, x9-x13 (and x30 via bl).
    .equ AUX_BASE,      0x3F215000
    .equ AUX_ENABLES,   0x04
    .equ AUX_MU_IO,     0x40
    .equ AUX_MU_IER,    0x44
    .equ AUX_MU_IIR,    0x48
    .equ AUX_MU_LCR,    0x4C
    .equ AUX_MU_LSR,    0x54
    .equ AUX_MU_CNTL,   0x60
    .equ AUX_MU_BAUD,   0x68
    .equ PM_BASE,       0x3F100000

    .text
// uart_init: enable the mini-UART, 8 bits, 115200 at a 250 MHz core clock.
uart_init:
    ldr x1, =AUX_BASE
    mov w2, #1
    str w2, [x1, #AUX_ENABLES]
    str wzr, [x1, #AUX_MU_CNTL]
    str wzr, [x1, #AUX_MU_IER]
    mov w2, #3
    str w2, [x1, #AUX_MU_LCR]
    mov w2, #270
    str w2, [x1, #AUX_MU_BAUD]
    mov w2, #3
    str w2, [x1, #AUX_MU_CNTL]
    ret

// putc: w0 = character
putc:
    ldr x1, =AUX_BASE
1:  ldr w2, [x1, #AUX_MU_LSR]
    tbz w2, #5, 1b
    str w0, [x1, #AUX_MU_IO]
    ret

// puts: x0 = NUL-terminated string
    puts_routine puts, putc

// puthex: x0 = value, x1 = number of hex digits (1-16)
    puthex_routine puthex, putc

// poweroff: print the end marker, then a watchdog full reset with a short count
// (QEMU -no-reboot exits on it; raspvisor ends the run).
poweroff:
    print end_marker
    ldr x1, =PM_BASE
    ldr w2, =0x5a00000a
    str w2, [x1, #0x24]
    ldr w2, =0x5a000020
    str w2, [x1, #0x1c]
1:  wfe
    b 1b

end_marker:
    .asciz "\nEND\n"
    .balign 4
