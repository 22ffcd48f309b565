// System timer compare channel 1 -> legacy interrupt controller (GPU IRQ 1) -> ARM-local
// routing (GPU IRQ to core 0) -> IRQ at EL2. Five ticks 10 ms apart; each prints what the
// pending registers show.
    .include "boot.inc.S"
    .equ ST_BASE,   0x3F003000
    .equ IC_BASE,   0x3F00B200
    .equ LOCAL,     0x40000000
    image_start
    print msg_start
    el2_irq_setup
    isb
    bl arm_next
    ldr x1, =IC_BASE
    mov w2, #2                  // enable GPU IRQ 1 (system timer match 1)
    str w2, [x1, #0x10]
    // Check with interrupts masked, then WFI (which wakes on a pending interrupt even while
    // masked) and unmask briefly to take it: no wake-up can be lost between check and WFI.
1:  ldr x1, =ticks
    ldr x2, [x1]
    cmp x2, #5
    b.hs 9f
    wfi
    msr DAIFClr, #2
    isb
    msr DAIFSet, #2
    b 1b
9:
    print msg_done
    b poweroff

// C1 = CLO + 10000 (10 ms)
arm_next:
    ldr x1, =ST_BASE
    ldr w2, [x1, #0x04]
    mov w3, #10000
    add w2, w2, w3
    str w2, [x1, #0x10]
    ret

irq_handler:
    mov x19, x30
    print msg_tick
    ldr x1, =IC_BASE
    ldr w0, [x1, #0x00]         // basic pending
    print_hex 3
    print_char ' '
    ldr x1, =IC_BASE
    ldr w0, [x1, #0x04]         // pending 1
    print_hex 8
    print_char ' '
    ldr x1, =LOCAL
    ldr w0, [x1, #0x60]         // core 0 IRQ source
    print_hex 3
    print_char ' '
    ldr x1, =ST_BASE
    ldr w0, [x1, #0x00]         // CS
    print_hex 1
    print_char '\n'
    ldr x1, =ST_BASE
    mov w2, #2
    str w2, [x1, #0x00]         // clear M1
    ldr x1, =ticks
    ldr x2, [x1]
    add x2, x2, #1
    str x2, [x1]
    cmp x2, #5                  // re-arm only while ticks are still wanted
    b.hs 1f
    bl arm_next
1:  mov x30, x19
    ret

msg_start: .asciz "system timer IRQ test\n"
msg_tick:  .asciz "tick: basic/pend1/local/cs = "
msg_done:  .asciz "5 ticks"
    .balign 4
    .include "irq_common.S"
    .include "lib.S"
    .data
    .balign 8
ticks: .quad 0
    stack_bss 0x4000
