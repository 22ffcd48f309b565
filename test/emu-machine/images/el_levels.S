// EL3 -> EL2 -> EL1 -> EL0 and back up through SVC, HVC and SMC (ELF image: QEMU -kernel and
// `raspvisor run --kernel` start every core at the ELF entry in EL3). Each level prints its
// name; each exception handler prints ESR_ELx (EC and ISS) and returns past the instruction.
    .include "boot.inc.S"
    image_start park=1
    print msg_el3
    ldr x0, =vectors_el3
    msr VBAR_EL3, x0
    // Non-secure, EL2 enabled (HCE), lower ELs AArch64 (RW); SMC allowed.
    eret_to_el2 at_el2, isb=1

at_el2:
    ldr x1, =stack_top - 0x1000
    mov sp, x1
    print msg_el2
    ldr x0, =vectors_el2
    msr VBAR_EL2, x0
    mov x0, #(1 << 31)        // EL1 is AArch64
    msr HCR_EL2, x0
    eret_to_el1 at_el1

at_el1:
    ldr x1, =stack_top - 0x2000
    mov sp, x1
    print msg_el1
    ldr x0, =vectors_el1
    msr VBAR_EL1, x0
    ldr x0, =stack_top - 0x3000
    msr SP_EL0, x0
    mov x0, #0                // EL0t
    msr SPSR_EL1, x0
    adr x0, at_el0
    msr ELR_EL1, x0
    isb
    eret

at_el0:
    print msg_el0
    svc #0x42
    print msg_back0
    svc #0x43                 // asks EL1 to go on with HVC and SMC
    print msg_done
    svc #0x44                 // EL1 powers off
0:  b 0b

// Print "<name> ESR=<hex>\n" for the handler of level x20 (name in x0).
report:
    mov x21, x30
    bl puts
    mov x0, x22
    print_hex 8
    print_char '\n'
    mov x30, x21
    ret

el1_sync:
    mrs x22, ESR_EL1
    adr x0, msg_svc
    bl report
    and x23, x22, #0xffff
    cmp x23, #0x43
    b.ne 1f
    hvc #0x7
    smc #0x9
1:  cmp x23, #0x44
    b.eq poweroff
    eret                      // SVC: ELR already points past it

el2_sync:
    mrs x22, ESR_EL2
    adr x0, msg_hvc
    bl report
    eret

el3_sync:
    mrs x22, ESR_EL3
    adr x0, msg_smc
    bl report
    eret                      // SMC: ELR_EL3 already points past it

unexpected:
    report_stop msg_unexpected

// Vector tables: only "lower EL, AArch64, synchronous" (offset 0x400) and current-EL SPx
// synchronous (0x200) are expected; everything else reports and stops.
    vector_table vectors_el1, unexpected, a64_sync=el1_sync
    vector_table vectors_el2, unexpected, a64_sync=el2_sync
    vector_table vectors_el3, unexpected, a64_sync=el3_sync

msg_el3:  .asciz "EL3\n"
msg_el2:  .asciz "EL2\n"
msg_el1:  .asciz "EL1\n"
msg_el0:  .asciz "EL0\n"
msg_back0: .asciz "back at EL0\n"
msg_done: .asciz "EL0 done\n"
msg_svc:  .asciz "EL1 took SVC, ESR_EL1="
msg_hvc:  .asciz "EL2 took HVC, ESR_EL2="
msg_smc:  .asciz "EL3 took SMC, ESR_EL3="
msg_unexpected: .asciz "unexpected exception\n"
    .balign 8
    .include "lib.S"
    stack_bss 0x8000
