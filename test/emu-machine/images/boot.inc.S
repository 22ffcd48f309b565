// Boot macros shared by the test images (emu-cpu and emu-machine). They emit nothing until
// used, so include this first; lib.S (the routines) still goes at the end of each image.
    .equ SCR_NS_HCE_RW,     0x531     // SCR_EL3: non-secure, HVC enabled, EL2 AArch64
    .equ SPSR_EL2H_MASKED,  0x3c9     // EL2h with D, A, I, F masked
    .equ HCR_RW_IMO_FMO,    (1 << 31) | (1 << 4) | (1 << 3)  // EL1 AArch64, IRQ/FIQ to EL2

// _start: a stack and the mini-UART. ELF images start every core (park=1): the others wait.
    .macro image_start stack=stack_top, park=0, uart=1
    .text
    .global _start
_start:
    .if \park
    mrs x0, MPIDR_EL1
    and x0, x0, #3
    cbz x0, 1f
0:  wfe
    b 0b
1:
    .endif
    ldr x1, =\stack
    mov sp, x1
    .if \uart
    bl uart_init
    .endif
    .endm

// Leave EL3 for EL2h at `target` (interrupts masked).
    .macro eret_to_el2 target, isb=0
    mov x0, #SCR_NS_HCE_RW
    msr SCR_EL3, x0
    mov x0, #SPSR_EL2H_MASKED
    msr SPSR_EL3, x0
    adr x0, \target
    msr ELR_EL3, x0
    .if \isb
    isb
    .endif
    eret
    .endm

// EL2 takes physical IRQs and FIQs at `vectors`.
    .macro el2_irq_setup vectors=vectors_el2
    ldr x0, =\vectors
    msr VBAR_EL2, x0
    ldr x0, =HCR_RW_IMO_FMO
    msr HCR_EL2, x0
    .endm
