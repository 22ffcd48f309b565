// Boot macros shared by the test images (emu-cpu and emu-machine). They emit nothing until
// used, so include this first; lib.S (the routines) still goes at the end of each image.
    .include "uart.inc.S"
    .equ SCR_NS_HCE_RW,     0x531     // SCR_EL3: non-secure, HVC enabled, EL2 AArch64
    .equ SPSR_EL2H_MASKED,  0x3c9     // EL2h with D, A, I, F masked
    .equ HCR_RW_IMO_FMO,    (1 << 31) | (1 << 4) | (1 << 3)  // EL1 AArch64, IRQ/FIQ to EL2
    .equ SCTLR_EL1_OFF,     0x30d00800  // RES1 bits only: MMU and caches off
    .equ SPSR_EL1H_MASKED,  0x3c5     // EL1h with D, A, I, F masked

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

// Leave EL2 for EL1h at `target` with the MMU off; SP_EL1 = `stack` if given (write it
// without blanks); tlbi=1 first drops EL1 translations cached under the old stage 2.
    .macro eret_to_el1 target, stack, tlbi=0
    ldr x0, =SCTLR_EL1_OFF
    msr SCTLR_EL1, x0
    mov x0, #SPSR_EL1H_MASKED
    msr SPSR_EL2, x0
    adr x0, \target
    msr ELR_EL2, x0
    .ifnb \stack
    ldr x0, =\stack
    msr SP_EL1, x0
    .endif
    .if \tlbi
    tlbi alle1
    dsb sy
    .endif
    isb
    eret
    .endm

// EL2 takes physical IRQs and FIQs at `vectors`.
    .macro el2_irq_setup vectors=vectors_el2
    ldr x0, =\vectors
    msr VBAR_EL2, x0
    ldr x0, =HCR_RW_IMO_FMO
    msr HCR_EL2, x0
    .endm

// A vector table of 16 branches at `name`: each slot named here (t_: current EL on SP_EL0,
// h_: current EL on SP_ELx, a64_: from a lower EL in AArch64, a32_: lower EL in AArch32)
// branches to its handler, every other slot to `other`.
    .macro vec_slot other, handler
    .balign 0x80
    .ifb \handler
    b \other
    .else
    b \handler
    .endif
    .endm
    .macro vector_table name, other, t_sync, t_irq, t_fiq, t_serror, h_sync, h_irq, h_fiq, h_serror, a64_sync, a64_irq, a64_fiq, a64_serror, a32_sync, a32_irq, a32_fiq, a32_serror
    .balign 0x800
\name:
    // not .irp: GNU as drops an empty last .irp value
    vec_slot \other, \t_sync
    vec_slot \other, \t_irq
    vec_slot \other, \t_fiq
    vec_slot \other, \t_serror
    vec_slot \other, \h_sync
    vec_slot \other, \h_irq
    vec_slot \other, \h_fiq
    vec_slot \other, \h_serror
    vec_slot \other, \a64_sync
    vec_slot \other, \a64_irq
    vec_slot \other, \a64_fiq
    vec_slot \other, \a64_serror
    vec_slot \other, \a32_sync
    vec_slot \other, \a32_irq
    vec_slot \other, \a32_fiq
    vec_slot \other, \a32_serror
    .endm

// The boot stack: `size` bytes of .bss below `stack_top`.
    .macro stack_bss size=0x1000
    .bss
    .balign 16
    .space \size
stack_top:
    .endm

// Print `msg`, then (if given) a system register in `digits` hex digits, and power off.
    .macro report_stop msg, sysreg, digits=1
    adr x0, \msg
    bl puts
    .ifnb \sysreg
    mrs x0, \sysreg
    mov x1, #\digits
    bl puthex
    .endif
    b poweroff
    .endm

// Wait with IRQs masked until the quad at `flag` is non-zero. WFI wakes on a pending IRQ even
// while masked and unmasking briefly takes it, so no wake-up is lost between check and WFI.
    .macro wait_irq_flag flag
1:  ldr x1, =\flag
    ldr x2, [x1]
    cbnz x2, 9f
    wfi
    msr DAIFClr, #2
    isb
    msr DAIFSet, #2
    b 1b
9:
    .endm

// An exception handler's frame: x0-x3, x9, x10 and x30 (what the print routines clobber).
// exc_return restores them and returns from the exception.
    .macro exc_save
    sub sp, sp, #64
    stp x0, x1, [sp]
    stp x2, x3, [sp, #16]
    stp x9, x10, [sp, #32]
    str x30, [sp, #48]
    .endm
    .macro exc_return
    ldp x0, x1, [sp]
    ldp x2, x3, [sp, #16]
    ldp x9, x10, [sp, #32]
    ldr x30, [sp, #48]
    add sp, sp, #64
    eret
    .endm
