// Attacker: WFI with an interrupt pending but masked: the system timer's compare 1 matches and
// its line stays up, so every WFI completes at once (an exit each), for ever. It spends its
// slices in exits; the other VMs keep theirs.
    .equ CLO, 0x3F003004
    .equ C1, 0x3F003010
    .equ ENABLE_IRQS_1, 0x3F00B210
    .text
    .globl _start
_start:
    msr     daifset, #0xf
    ldr     x0, =CLO
    ldr     w1, [x0]
    add     w1, w1, #100
    ldr     x0, =C1
    str     w1, [x0]
    ldr     x0, =ENABLE_IRQS_1
    mov     w1, #2                    // IRQ 1: system timer compare 1
    str     w1, [x0]
1:  wfi
    b       1b
    .ltorg
