// UART hello at EL2 (raw image: QEMU -kernel and `raspvisor run --kernel` start core 0 at
// 0x80000 in EL2 with x0 = 0x100; cores 1-3 wait on the spin table at 0xd8 + 8 * core).
// Core 0 wakes each secondary in turn; each reports its EL and number.
    .include "boot.inc.S"
    .text
    .global _start
_start:
    mov x19, x0
    ldr x1, =stack_top
    mov sp, x1
    bl uart_init
    print msg_hello
    mrs x0, CurrentEL
    lsr x0, x0, #2
    print_hex 1
    print msg_x0
    mov x0, x19
    print_hex 8
    print_char '\n'
    // Wake cores 1..3 one at a time through the spin table.
    mov x20, #1
1:  ldr x1, =turn
    str x20, [x1]
    adr x2, secondary
    mov x3, #0xd8
    str x2, [x3, x20, lsl #3]
    dsb sy
    sev
2:  ldr x1, =turn
    ldr x2, [x1]
    cmp x2, x20
    b.eq 2b
    add x20, x20, #1
    cmp x20, #4
    b.lt 1b
    print msg_all
    b poweroff

secondary:
    mrs x19, MPIDR_EL1
    and x19, x19, #3
    ldr x1, =stack_top
    sub x1, x1, x19, lsl #12
    mov sp, x1
    print msg_core
    mov x0, x19
    print_hex 1
    print msg_at
    mrs x0, CurrentEL
    lsr x0, x0, #2
    print_hex 1
    print_char '\n'
    ldr x1, =turn
    str xzr, [x1]
    dsb sy
3:  wfe
    b 3b

msg_hello: .asciz "hello from EL"
msg_x0:    .asciz ", x0="
msg_core:  .asciz "core "
msg_at:    .asciz " up at EL"
msg_all:   .asciz "all cores up"
    .balign 8
    .include "lib.S"
    .data
    .balign 8
turn: .quad 0
    stack_bss 0x4000
