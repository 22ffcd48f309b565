// Registers where QEMU's raspi3b model is known to differ from a Raspberry Pi 3: the
// generic counter frequency the firmware programs (19.2 MHz crystal; QEMU 62.5 MHz) and
// mini-UART registers QEMU leaves unimplemented (baud rate, scratch, line control read back).
    .include "boot.inc.S"
    image_start
    adr x0, msg_frq
    bl puts
    mrs x0, CNTFRQ_EL0
    mov x1, #8
    bl puthex
    ldr x1, =AUX_BASE
    mov w2, #0xa5
    str w2, [x1, #0x5c]         // scratch
    adr x0, msg_baud
    bl puts
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_BAUD]
    mov x1, #4
    bl puthex
    adr x0, msg_lcr
    bl puts
    ldr x1, =AUX_BASE
    ldr w0, [x1, #AUX_MU_LCR]
    mov x1, #2
    bl puthex
    adr x0, msg_scratch
    bl puts
    ldr x1, =AUX_BASE
    ldr w0, [x1, #0x5c]
    mov x1, #2
    bl puthex
    b poweroff
msg_frq:     .asciz "CNTFRQ_EL0="
msg_baud:    .asciz " AUX_MU_BAUD="
msg_lcr:     .asciz " AUX_MU_LCR="
msg_scratch: .asciz " AUX_MU_SCRATCH="
    .balign 4
    .include "lib.S"
    stack_bss
