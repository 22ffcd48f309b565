// Mailbox property channel: one buffer with board revision, ARM memory, VC memory and the
// UART clock rate; print each answer word and the buffer's response code.
    .include "boot.inc.S"
    .equ MBOX,  0x3F00B880
    image_start
    ldr x20, =MBOX
1:  ldr w1, [x20, #0x38]        // mailbox 1 status: wait while full
    tbnz w1, #31, 1b
    ldr x0, =buffer
    orr w0, w0, #8              // channel 8
    str w0, [x20, #0x20]
2:  ldr w1, [x20, #0x18]        // mailbox 0 status: wait while empty
    tbnz w1, #30, 2b
    ldr w1, [x20, #0x00]
    and w1, w1, #0xf
    cmp w1, #8
    b.ne 2b
    print msg_code
    ldr x21, =buffer
    ldr w0, [x21, #4]
    print_hex 8
    print msg_rev
    ldr w0, [x21, #20]
    print_hex 8
    print msg_arm
    ldr w0, [x21, #36]
    print_hex 8
    print_char ' '
    ldr w0, [x21, #40]
    print_hex 8
    print msg_vc
    ldr w0, [x21, #56]
    print_hex 8
    print_char ' '
    ldr w0, [x21, #60]
    print_hex 8
    b poweroff
msg_code: .asciz "response "
msg_rev:  .asciz "\nboard revision "
msg_arm:  .asciz "\nARM memory "
msg_vc:   .asciz "\nVC memory "
    .balign 4
    .include "lib.S"
    .data
    .balign 16
buffer:
    .word 19 * 4, 0
    .word 0x00010002, 4, 0, 0           // board revision
    .word 0x00010005, 8, 0, 0, 0        // ARM memory
    .word 0x00010006, 8, 0, 0, 0        // VC memory
    .word 0
    stack_bss
