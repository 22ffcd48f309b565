// Hypervisor entry, for every core and both ways a Pi starts a kernel:
//  - at EL2 (the firmware's armstub, QEMU -kernel): straight on;
//  - at EL3 (config.txt kernel_old=1, loaded at 0; or an ELF started at reset): install EL3
//    vectors that report, configure EL2 as AArch64 non-secure with SMC disabled, drop to EL2h.
// kernel_old=1 loads the image at 0 although it is linked at 0x80000: core 0 copies it to its
// link address first (all code up to `relocated` is position-independent).
// At EL2 each core takes its own stack: core N's top is __rv_stack_top - N * CORE_STACK, all
// above the compiled code's __stack_floor (docs/backend.md). Core 0 then runs the runtime's
// start-up and `main(bootEL, stackTop)`; cores 1-3 park in WFE until `rv_core_release[N]`
// holds an address. Secondaries reach `park` both ways: with kernel_old=1 (or an ELF) they
// enter at EL3 with core 0 and come down here; started by the firmware (armstub, QEMU
// -kernel) they wait in its spin table, 0xd8 + 8 * N, until rv_release_secondaries writes
// _start there. rv_release_secondaries also sets rv_core_release[N] = secondary_el2, which
// turns the MMU on with core 0's settings (rv_secondary_mmu), takes the `hyp` lock and calls
// `secondary_main(core, stackTop)` (cores.ts).

    .equ SCR_EL3_VALUE, (1 << 10) | (1 << 8) | (1 << 7) | (3 << 4) | 1 // RW, HCE, SMD, RES1, NS
    .equ SPSR_EL2H_MASKED, (0xf << 6) | 0x9                            // DAIF set, EL2h
    .equ CPTR_EL2_VALUE, 0x33ff                                       // RES1 only: no FP/SIMD traps yet
    .equ CNTFRQ_PI3, 19200000                                         // the firmware's value
    .equ CORE_STACK, 0xf000                                           // 60 KiB per core
    .equ LINK_ADDRESS, 0x80000
    .equ SPIN_TABLE, 0xd8                                             // + 8 * core (armstub8, QEMU)

    .section .text.boot, "ax"
    .globl _start
    .type _start, %function
_start:
    mrs     x20, mpidr_el1
    and     x20, x20, #3              // core number, kept in x20
    mrs     x19, CurrentEL
    ubfx    x19, x19, #2, #2          // the EL we booted in, kept in x19 (for the banner)
    adr     x0, _start
    ldr     x1, =LINK_ADDRESS
    cmp     x0, x1
    b.eq    relocated
    // Loaded elsewhere (kernel_old=1: at 0). Core 0 copies the image; the others wait for it.
    cbnz    x20, wait_copy
    ldr     x2, =__data_end
    sub     x2, x2, x1                // image size,
    add     x2, x2, #15
    and     x2, x2, #~15              // in whole 16-byte pairs (MMU off: aligned accesses only)
    add     x3, x0, x2                // copy backwards: the two ranges may overlap
    add     x4, x1, x2
1:  ldp     x5, x6, [x3, #-16]!
    stp     x5, x6, [x4, #-16]!
    cmp     x4, x1
    b.hi    1b
    dsb     sy
    ic      iallu
    dsb     sy
    isb
    ldr     x2, =image_copied
    mov     x3, #1
    str     x3, [x2]
    dsb     sy
    sev
    ldr     x2, =relocated
    br      x2
wait_copy:
    wfe
    ldr     x2, =image_copied
    ldr     x3, [x2]
    cbz     x3, wait_copy
    ldr     x2, =relocated
    br      x2

relocated:
    adrp    x0, __rv_stack_top
    ldr     x0, [x0, :lo12:__rv_stack_top]
    mov     x1, #CORE_STACK
    msub    x21, x1, x20, x0          // this core's stack top, kept in x21
    mov     sp, x21                   // (at EL3 too: the EL3 report needs a stack)
    cmp     x19, #3
    b.ne    at_el2
    adr     x0, el3_vectors
    msr     vbar_el3, x0
    ldr     x0, =SCR_EL3_VALUE
    msr     scr_el3, x0
    ldr     x0, =CNTFRQ_PI3           // only EL3 can set it; kernel_old=1 leaves it to us
    msr     cntfrq_el0, x0
    msr     cntvoff_el2, xzr
    mov     x0, #SPSR_EL2H_MASKED
    msr     spsr_el3, x0
    adr     x0, at_el2
    msr     elr_el3, x0
    eret

at_el2:
    ldr     x0, =CPTR_EL2_VALUE
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    msr     tpidr_el2, xzr            // no per-core state until main sets it
    mov     sp, x21
    adr     x0, el2_vectors
    msr     vbar_el2, x0
    isb
    cbnz    x20, park
    bl      rv_runtime_init
    mov     w0, w19
    mov     x1, x21
    bl      main                      // main(bootEL, stackTop): never returns
    b       rv_halt

park:
    wfe
    adr     x2, rv_core_release
    ldr     x2, [x2, x20, lsl #3]
    cbz     x2, park
    mov     x0, x20
    mov     x1, x21
    br      x2
    .size _start, . - _start

// A secondary core, released: x20 = core, x21 = its stack top (as in _start).
secondary_el2:
    adr     x0, rv_secondary_mmu
    ldp     x1, x2, [x0]              // MAIR_EL2, TCR_EL2
    ldp     x3, x4, [x0, #16]         // TTBR0_EL2, SCTLR_EL2
    msr     mair_el2, x1
    msr     tcr_el2, x2
    msr     ttbr0_el2, x3
    isb
    tlbi    alle2
    dsb     sy
    isb
    msr     sctlr_el2, x4
    isb
    bl      rv_hyp_lock
    mov     w0, w20
    mov     x1, x21
    bl      secondary_main            // never returns
    b       rv_halt

// rv_release_secondaries(): cores 1-3 to secondary_el2, wherever they wait (see the top).
// Core 0 has filled rv_secondary_mmu; everything a core reads with its MMU still off is
// cleaned to the point of coherency first.
    .globl rv_release_secondaries
    .type rv_release_secondaries, %function
rv_release_secondaries:
    adr     x0, rv_secondary_mmu
    dc      civac, x0
    adr     x1, secondary_el2
    adr     x2, rv_core_release
    adr     x3, _start
    mov     x4, #SPIN_TABLE
    mov     x5, #1
1:  str     x1, [x2, x5, lsl #3]
    add     x6, x2, x5, lsl #3
    dc      civac, x6
    str     x3, [x4, x5, lsl #3]
    add     x6, x4, x5, lsl #3
    dc      civac, x6
    add     x5, x5, #1
    cmp     x5, #4
    b.lo    1b
    dsb     sy
    sev
    ret
    .size rv_release_secondaries, . - rv_release_secondaries
    .ltorg

// EL3 vectors: nothing should come here (a guest's SMC traps to EL2 through HCR_EL2.TSC, and
// SMD makes SMC undefined at EL2). If something does, say so and stop this core.
    .macro el3_unexpected index
    .balign 128
    mov     x19, #\index
    b       el3_report
    .endm

    .balign 2048
el3_vectors:
    .irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    el3_unexpected \i
    .endr
el3_report:
    adr     x0, msg_el3
    bl      rv_uart_puts
    mov     x0, x19
    bl      rv_uart_putdec
    adr     x0, msg_esr
    bl      rv_uart_puts
    mrs     x0, esr_el3
    bl      rv_uart_puthex
    adr     x0, msg_elr
    bl      rv_uart_puts
    mrs     x0, elr_el3
    bl      rv_uart_puthex
    mov     w0, #'\n'
    bl      rv_uart_putc
1:  wfe
    b       1b

msg_el3: .asciz "EL3: unexpected exception, vector "
msg_esr: .asciz ", ESR_EL3 = "
msg_elr: .asciz ", ELR_EL3 = "

    .data
    .balign 8
image_copied: .quad 0
    .globl rv_core_release
rv_core_release: .quad 0, 0, 0, 0
    .balign 64                         // one cache line (cleaned as one)
    .globl rv_secondary_mmu
rv_secondary_mmu: .quad 0, 0, 0, 0    // MAIR_EL2, TCR_EL2, TTBR0_EL2, SCTLR_EL2 of core 0
