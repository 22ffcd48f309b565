// Attacker: EL2 and EL3 system registers and EL2 maintenance operations from EL1. The
// architecture makes each UNDEFINED at EL1: the guest's own vector takes it (EC 0), EL2 never
// does. Exit code: how many were taken with EC 0 (COUNT when all), 0x80 + n if one got through.
    .equ COUNT, 16
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    mov     x0, #0
    msr     hcr_el2, x0
    msr     vttbr_el2, x0
    msr     vbar_el2, x0
    mrs     x1, hcr_el2
    msr     cptr_el2, x0
    msr     cntvoff_el2, x0
    mrs     x1, tpidr_el2
    msr     elr_el2, x0
    msr     sp_el1, x0
    msr     scr_el3, x0
    mrs     x1, scr_el3
    msr     sctlr_el3, x0
    msr     vbar_el3, x0
    tlbi    alle2
    tlbi    vmalls12e1
    at      s12e1r, x0
    adr     x2, lib_caught
    ldr     x3, [x2]                  // caught
    ldr     x4, [x2, #8]              // ECs seen
    cmp     x4, #1                    // only EC 0 (bit 0)
    mov     x0, x3
    b.eq    1f
    add     x0, x3, #0x80
1:  bl      hv_exit
    .ltorg
