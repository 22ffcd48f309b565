// Hypervisor entry. Core 0 continues, the others park. Entered at EL3 (Pi firmware with
// kernel_old=1, or a bare board) it configures EL2 as AArch64 non-secure and drops there;
// entered at EL2 (QEMU -kernel, the Pi firmware's default) it goes straight on. Then: stack,
// the runtime's start-up (data, zeroed memory, wasm start function), EL2 vectors, and the
// AssemblyScript `main(bootEL)`.

    .equ SCR_EL3_VALUE,  (1 << 10) | (1 << 8) | (1 << 7) | (3 << 4) | 1   // RW, HCE, SMD, RES1, NS
    .equ SPSR_EL2H_MASKED, (0xf << 6) | 0x9                               // DAIF set, EL2h
    .equ CPTR_EL2_VALUE, 0x33ff                                          // RES1 only: no FP/SIMD traps

    .section .text.boot, "ax"
    .globl _start
    .type _start, %function
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #3
    cbnz    x0, park
    mrs     x19, CurrentEL
    ubfx    x19, x19, #2, #2          // the EL we booted in, for the banner
    cmp     x19, #3
    b.ne    at_el2
    ldr     x0, =SCR_EL3_VALUE
    msr     scr_el3, x0
    mov     x0, #SPSR_EL2H_MASKED
    msr     spsr_el3, x0
    adr     x0, at_el2
    msr     elr_el3, x0
    eret
at_el2:
    ldr     x0, =CPTR_EL2_VALUE
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    adrp    x0, __rv_stack_top
    ldr     x0, [x0, :lo12:__rv_stack_top]
    mov     sp, x0
    bl      rv_runtime_init
    adr     x0, el2_vectors
    msr     vbar_el2, x0
    isb
    mov     w0, w19
    bl      main
    b       rv_halt
park:
    wfe
    b       park
    .size _start, . - _start
    .ltorg
