// Guest boot code, first in every guest that imports "../lib/boot": the image's first
// instruction branches to `_start`, the guest's own (mini-os, test_binary: in .text, so their
// code needs no 2 KiB alignment of its own) or the one here. This `_start`: core 0 goes on,
// the others park; a guest started at EL3 (an ELF under QEMU, kernel_old=1) or EL2 (QEMU
// -kernel, the Pi firmware) drops to EL1, as a guest runs under the hypervisor; then stack,
// the runtime's start-up (rv_runtime_init) and main(bootEL).
// rv_enter_el1 is position-independent and callable before the MMU is on (mini-os uses it).

    .section .text.boot, "ax"
// EL2 vectors of a guest booted bare (VBAR_EL2 = rv_el2_stub): there is no hypervisor, so a
// hypercall (HVC from EL1: the lower-EL synchronous entry at +0x400) returns -1, SMCCC's
// NOT_SUPPORTED. Nothing else is taken to EL2 after rv_enter_el1 has left it, so the table's
// first 0x400 bytes hold the entry and rv_enter_el1 instead of padding.
    .balign 0x800
rv_el2_stub:
    b       _start                    // the image's first instruction (the load address)
    .globl rv_guest_start
    .weak _start                      // a guest's own _start (mini-os, test_binary) wins
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
    .ltorg
    .size rv_enter_el1, . - rv_enter_el1

    .org rv_el2_stub + 0x400
    mov     x0, #-1
    eret
