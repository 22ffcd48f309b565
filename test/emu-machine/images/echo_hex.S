// Console echo for the terminal test: every byte received on the mini-UART is printed back
// as [hh], so raw mode (no line buffering, Ctrl-C delivered as 03) is visible on screen.
    .include "boot.inc.S"
    image_start
    print msg_ready
1:  ldr x1, =AUX_BASE
2:  ldr w2, [x1, #AUX_MU_LSR]
    tbz w2, #0, 3f
    ldr w19, [x1, #AUX_MU_IO]
    print_char '['
    mov x0, x19
    print_hex 2
    print_char ']'
    b 1b
3:  wfe                         // nothing to read: doze until the next event
    b 1b
msg_ready: .asciz "echo ready\n"
    .balign 4
    .include "lib.S"
    stack_bss
