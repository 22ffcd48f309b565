// What the C twins need of raspvisor's bare-metal runtime, which the AssemblyScript guests get
// from tools/runtime/baremetal: the layout words lib/boot.S and lib/context.S read, the
// start-up (zero .bss; the identity-mapped MMU of tools/runtime/baremetal/mmu.S when the AS
// twin's layout has it on), rv_halt. ADDRESS_BASE, STACK_TOP and MMU come from the build
// (build.ts, -D).
    .section .rodata.rv_layout, "a"
    .balign 8
    .globl __rv_address_base
    .globl __rv_stack_top
__rv_address_base: .quad ADDRESS_BASE
__rv_stack_top:    .quad STACK_TOP

    .text
    .globl rv_runtime_init
    .type rv_runtime_init, %function
rv_runtime_init:
    stp     x29, x30, [sp, #-16]!
    ldr     x0, =__bss_start
    ldr     x2, =__bss_end
    sub     x2, x2, x0
    mov     w1, #0
    bl      memset
#if MMU
    bl      rv_mmu_on
#endif
    ldp     x29, x30, [sp], #16
    ret
    .size rv_runtime_init, . - rv_runtime_init
    .ltorg

    .globl rv_halt
    .type rv_halt, %function
rv_halt:
    msr     daifset, #0xf
1:  wfe
    b       1b
    .size rv_halt, . - rv_halt
