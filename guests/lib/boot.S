// Guest boot code. `_start` is a guest's entry when it imports "../lib/boot": core 0 goes on,
// the others park; a guest started at EL3 (an ELF under QEMU, kernel_old=1) or EL2 (QEMU
// -kernel, the Pi firmware) drops to EL1, as a guest runs under the hypervisor; then stack,
// the runtime's start-up (rv_runtime_init) and main(bootEL).
// rv_enter_el1 is position-independent and callable before the MMU is on (mini-os uses it).

    .section .text.boot, "ax"
    .globl rv_guest_start
    .weak _start                      // a guest's own _start (test_binary) may come first
_start:
rv_guest_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #3
    cbnz    x0, rv_halt
    bl      rv_enter_el1              // x0 = the EL we were started at
    mov     x19, x0
    adrp    x1, __rv_stack_top
    ldr     x1, [x1, :lo12:__rv_stack_top]
    mov     sp, x1
    bl      rv_runtime_init
    mov     x0, x19
    bl      main
    b       rv_halt

// Return to the caller (x30) at EL1h with DAIF masked, from EL3, EL2 or EL1. Returns in x0 the
// exception level it was called at. Clobbers x1. SP_EL1 is the caller's to set afterwards.
    .globl rv_enter_el1
    .type rv_enter_el1, %function
rv_enter_el1:
    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    cmp     x0, #1
    b.eq    3f
    // EL1 runs AArch64 (HCR_EL2.RW), with access to the physical timer and counter, no offset
    mov     x1, #(1 << 31)
    msr     hcr_el2, x1
    mov     x1, #3
    msr     cnthctl_el2, x1
    msr     cntvoff_el2, xzr
    // SCTLR_EL1: RES1 bits, MMU and caches off, little-endian
    ldr     x1, =0x30d00800
    msr     sctlr_el1, x1
    mov     x1, #(3 << 20)            // CPACR_EL1.FPEN: FP/SIMD at EL1 and EL0 untrapped
    msr     cpacr_el1, x1
    adr     x1, rv_el2_stub           // bare: HVC from EL1 answers NOT_SUPPORTED (-1)
    msr     vbar_el2, x1
    mov     x1, #0x3c5                // EL1h, DAIF masked
    cmp     x0, #3
    b.eq    1f
    msr     spsr_el2, x1
    msr     elr_el2, x30
    eret
1:  msr     spsr_el3, x1
    msr     elr_el3, x30
    ldr     x1, =0x5b1                // SCR_EL3: NS, RES1, HCE, RW: lower ELs non-secure AArch64
    msr     scr_el3, x1
    eret
3:  mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    ret
    .size rv_enter_el1, . - rv_enter_el1
    .ltorg

// EL2 vectors of a guest booted bare: there is no hypervisor, so a hypercall (HVC from EL1,
// the lower-EL synchronous entry) returns -1, SMCCC's NOT_SUPPORTED; anything else stops.
    .balign 0x800
rv_el2_stub:
    .rept 8
    .balign 0x80
    b       .
    .endr
    .balign 0x80
    mov     x0, #-1
    eret
    .rept 7
    .balign 0x80
    b       .
    .endr
