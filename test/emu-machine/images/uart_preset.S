// The mini-UART as the boot leaves it (raw image, no uart_init): QEMU's -kernel and the Pi
// firmware with enable_uart=1 hand over a working mini-UART, so a kernel (U-Boot, Linux's
// earlycon) prints at once. Prints AUX_ENABLES and AUX_MU_CNTL, then echoes the ATAG words
// at x0 = 0x100 that QEMU writes for a boot without a device tree (ATAG_CORE, ATAG_MEM, ...).
    .include "boot.inc.S"
    .text
    .global _start
_start:
    mov x19, x0
    ldr x1, =stack_top
    mov sp, x1
    print msg_en
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_ENABLES]
    print_hex 1
    print msg_cntl
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_CNTL]
    print_hex 1
    print_char '\n'
    mov x20, x19
    mov x21, #9               // ATAG_CORE (5 words) + ATAG_MEM (4 words)
1:  ldr w0, [x20], #4
    print_hex 8
    print_char ' '
    subs x21, x21, #1
    b.ne 1b
    print_char '\n'
    b poweroff
msg_en:   .asciz "AUX_ENABLES="
msg_cntl: .asciz " AUX_MU_CNTL="
    .balign 4
    .include "lib.S"
    stack_bss
