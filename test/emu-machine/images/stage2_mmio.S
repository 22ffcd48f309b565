// A stage-2 MMIO trap round trip: EL2 maps guest RAM and the peripherals through stage 2 but
// leaves the 2 MiB block holding the mini-UART unmapped. The EL1 guest prints a line with
// the ordinary polling putc; every access faults to EL2 (EC 0x24 with ISV, SAS, SRT, WnR and
// HPFAR_EL2), which emulates it: LSR reads return "transmitter empty", IO writes go to the
// real UART. HVC ends the guest; EL2 then prints the first fault's syndrome and the count.
    .include "boot.inc.S"
    image_start
    print msg_start
    ldr x0, =vectors_el2
    msr VBAR_EL2, x0
    // Stage-2 tables: level 1 (4 x 1 GiB) -> level 2 for the first GiB in 2 MiB blocks.
    ldr x1, =s2_l1
    ldr x2, =s2_l2
    orr x3, x2, #3              // table descriptor
    str x3, [x1]
    mov x4, #0                  // block index
    ldr x5, =0x3F000000
1:  lsl x6, x4, #21
    cmp x6, x5
    b.hs 2f
    ldr x7, =0x7FD              // normal WB memory, S2AP RW, inner shareable, AF, block
    b 3f
2:  ldr x7, =0x4C5              // Device-nGnRE, S2AP RW, AF, block
    ldr x8, =0x3F200000         // the block with GPIO and the mini-UART stays unmapped
    cmp x6, x8
    b.ne 3f
    mov x7, #0
    mov x6, #0
3:  orr x6, x6, x7
    str x6, [x2, x4, lsl #3]
    add x4, x4, #1
    cmp x4, #512
    b.lo 1b
    ldr x0, =0x80003560         // T0SZ 32, SL0 level 1, WBWA, inner shareable, 4 KiB, 32-bit PA
    msr VTCR_EL2, x0
    ldr x0, =s2_l1
    orr x0, x0, #(1 << 48)      // VMID 1
    msr VTTBR_EL2, x0
    ldr x0, =((1 << 31) | 1)    // RW, VM
    msr HCR_EL2, x0
    eret_to_el1 guest, stack=guest_stack_top, tlbi=1

// ---- the guest, at EL1 with its MMU off: plain polling output
guest:
    mov sp, x0
    print msg_guest
    hvc #1
0:  b 0b

// ---- EL2: lower-EL synchronous exceptions
lower_sync:
    sub sp, sp, #256
    stp x0, x1, [sp, #0]
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x19, x20, [sp, #152]
    stp x21, x22, [sp, #168]
    str x30, [sp, #240]
    mrs x19, ESR_EL2
    lsr x20, x19, #26
    cmp x20, #0x16
    b.eq guest_done
    cmp x20, #0x24
    b.ne unexpected
    mrs x21, HPFAR_EL2
    mrs x22, FAR_EL2
    ldr x1, =traps
    ldr x2, [x1]
    cbnz x2, 1f
    ldr x3, =first
    stp x19, x21, [x3]
    str x22, [x3, #16]
1:  add x2, x2, #1
    str x2, [x1]
    // IPA = HPFAR_EL2[39:4] << 8 | FAR_EL2[11:0]
    ubfx x3, x21, #4, #36
    lsl x3, x3, #12
    and x4, x22, #0xfff
    orr x3, x3, x4
    ubfx x5, x19, #16, #5       // SRT
    tbnz x19, #6, 2f            // WnR
    // A read: only LSR is expected; give "transmitter empty and idle".
    mov x6, #0x60
    cmp x5, #31
    b.eq 3f
    str x6, [sp, x5, lsl #3]
    b 3f
2:  // A write: IO goes to the real UART.
    ldr x6, =0x3F215040
    cmp x3, x6
    b.ne 3f
    mov x0, #0
    cmp x5, #31
    b.eq 4f
    ldr x0, [sp, x5, lsl #3]
4:  bl putc
3:  mrs x0, ELR_EL2
    add x0, x0, #4
    msr ELR_EL2, x0
    ldp x0, x1, [sp, #0]
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x19, x20, [sp, #152]
    ldp x21, x22, [sp, #168]
    ldr x30, [sp, #240]
    add sp, sp, #256
    eret

guest_done:
    print msg_first
    ldr x3, =first
    ldr x0, [x3]
    print_hex 8
    print msg_hpfar
    ldr x3, =first
    ldr x0, [x3, #8]
    print_hex 8
    print msg_far
    ldr x3, =first
    ldr x0, [x3, #16]
    print_hex 8
    print msg_traps
    ldr x1, =traps
    ldr x0, [x1]
    print_hex 4
    b poweroff

unexpected:
    print msg_unexpected
    mov x0, x19
    print_hex 8
    b poweroff

    vector_table vectors_el2, unexpected_vec, a64_sync=lower_sync
unexpected_vec:
    mrs x19, ESR_EL2
    b unexpected

msg_start: .asciz "stage-2 MMIO trap test\n"
msg_guest: .asciz "guest: hello through stage-2 traps\n"
msg_first: .asciz "first fault ESR_EL2="
msg_hpfar: .asciz " HPFAR_EL2="
msg_far:   .asciz " FAR_EL2="
msg_traps: .asciz "\ntrapped accesses: "
msg_unexpected: .asciz "unexpected exception, ESR_EL2="
    .balign 4
    .include "lib.S"
    .data
    .balign 8
traps: .quad 0
first: .quad 0, 0, 0
    .bss
    .balign 4096
s2_l1: .space 4096
s2_l2: .space 4096
    .space 0x4000
stack_top:
    .space 0x4000
guest_stack_top:
