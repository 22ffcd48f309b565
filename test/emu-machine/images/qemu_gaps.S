// Registers where QEMU's raspi3b model is known to differ from a Raspberry Pi 3: the
// generic counter frequency the firmware programs (19.2 MHz crystal; QEMU 62.5 MHz) and
// mini-UART registers QEMU leaves unimplemented (baud rate, scratch, line control read back).
    .include "boot.inc.S"
    image_start
    print msg_frq
    mrs x0, CNTFRQ_EL0
    print_hex 8
    ldr x1, =AUX_BASE
    mov w2, #0xa5
    str w2, [x1, #0x5c]         // scratch
    print msg_baud
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_BAUD]
    print_hex 4
    print msg_lcr
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_LCR]
    print_hex 2
    print msg_scratch
    ldr x1, =AUX_BASE
    ldr w0, [x1, #0x5c]
    print_hex 2
    b poweroff
msg_frq:     .asciz "CNTFRQ_EL0="
msg_baud:    .asciz " AUX_MU_BAUD="
msg_lcr:     .asciz " AUX_MU_LCR="
msg_scratch: .asciz " AUX_MU_SCRATCH="
    .balign 4
    .include "lib.S"
    stack_bss
