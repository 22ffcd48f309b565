// The entry of secondary vCPUs (lib/psci.ts cpuOn): where PSCI CPU_ON starts vCPUs 1-3 (EL1h, MMU off, DAIF
// masked, x0 = the context id = the vCPU's number). Each gets 16 KiB of stack below the boot
// vCPU's (vCPU n: __rv_stack_top - n * 16 KiB, above the stack floor), FP/SIMD at EL1, the
// runtime's identity-mapped MMU with caches (the boot vCPU's tables: shared, coherent; with
// the MMU off the exclusives of the barrier may never succeed), then secondary_main(n).

    .text
    .globl rv_psci_secondary_entry
    .type rv_psci_secondary_entry, %function
rv_psci_secondary_entry:
    mov     x19, x0
    adrp    x1, __rv_stack_top
    ldr     x1, [x1, :lo12:__rv_stack_top]
    sub     x1, x1, x19, lsl #14
    mov     sp, x1
    mov     x1, #(3 << 20)            // CPACR_EL1.FPEN
    msr     cpacr_el1, x1
    isb
    bl      rv_mmu_on
    mov     x0, x19
    bl      secondary_main
1:  wfe
    b       1b
    .size rv_psci_secondary_entry, . - rv_psci_secondary_entry
