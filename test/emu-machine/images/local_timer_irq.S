// Generic-timer interrupts through the ARM-local block: the EL1 physical timer (CNTPNSIRQ,
// source bit 1), the virtual timer (CNTVIRQ, bit 3) and the EL2 physical timer (CNTHPIRQ,
// bit 2), each routed to core 0's IRQ by its timer interrupt control register, then the
// ARM-local timer (source bit 11) through the local interrupt routing register.
    .include "boot.inc.S"
    .equ LOCAL,     0x40000000
    image_start
    print msg_start
    el2_irq_setup
    mov x0, #3                  // EL1 may use the physical counter and timer
    msr CNTHCTL_EL2, x0
    msr CNTVOFF_EL2, xzr
    isb
    ldr x1, =LOCAL
    mov w2, #0xe                // CNTPNS, CNTHP, CNTV -> IRQ on core 0
    str w2, [x1, #0x40]
    // Phase 1: EL1 physical timer, 3 ticks.
    mov x20, #1
    mov x21, #3
    bl arm_phys
    bl wait_ticks
    msr CNTP_CTL_EL0, xzr
    // Phase 2: virtual timer, 2 ticks.
    mov x20, #2
    mov x21, #5
    bl arm_virt
    bl wait_ticks
    msr CNTV_CTL_EL0, xzr
    // Phase 3: EL2 physical timer, 2 ticks.
    mov x20, #3
    mov x21, #7
    bl arm_hyp
    bl wait_ticks
    msr CNTHP_CTL_EL2, xzr
    // Phase 4: the local timer, reload 384000 at 38.4 MHz = 10 ms, routed to core 0 IRQ.
    mov x20, #4
    mov x21, #9
    ldr x1, =LOCAL
    str wzr, [x1, #0x24]
    ldr w2, =((1 << 28) | (1 << 29) | 384000)
    str w2, [x1, #0x34]
    bl wait_ticks
    ldr x1, =LOCAL
    str wzr, [x1, #0x34]
    msr DAIFSet, #2
    print msg_done
    b poweroff

wait_ticks:
    // Check with interrupts masked, then WFI (which wakes on a pending interrupt even while
    // masked) and unmask briefly to take it: no wake-up can be lost between check and WFI.
1:  ldr x1, =ticks
    ldr x2, [x1]
    cmp x2, x21
    b.hs 9f
    wfi
    msr DAIFClr, #2
    isb
    msr DAIFSet, #2
    b 1b
9:  ret

// 10 ms from now on each timer (CNTFRQ / 100 ticks).
period:
    mrs x0, CNTFRQ_EL0
    mov x1, #100
    udiv x0, x0, x1
    ret
arm_phys:
    mov x9, x30
    bl period
    msr CNTP_TVAL_EL0, x0
    mov x0, #1
    msr CNTP_CTL_EL0, x0
    mov x30, x9
    ret
arm_virt:
    mov x9, x30
    bl period
    msr CNTV_TVAL_EL0, x0
    mov x0, #1
    msr CNTV_CTL_EL0, x0
    mov x30, x9
    ret
arm_hyp:
    mov x9, x30
    bl period
    msr CNTHP_TVAL_EL2, x0
    mov x0, #1
    msr CNTHP_CTL_EL2, x0
    mov x30, x9
    ret

irq_handler:
    mov x19, x30
    print msg_tick
    mov x0, x20
    print_hex 1
    print_char ' '
    ldr x1, =LOCAL
    ldr w0, [x1, #0x60]         // core 0 IRQ source
    print_hex 3
    print_char ' '
    cmp x20, #1
    b.ne 1f
    mrs x0, CNTP_CTL_EL0
    bl show_ctl
    bl last_tick
    b.hs 8f
    bl arm_phys
    b 9f
8:  msr CNTP_CTL_EL0, xzr
    b 9f
1:  cmp x20, #2
    b.ne 2f
    mrs x0, CNTV_CTL_EL0
    bl show_ctl
    bl last_tick
    b.hs 8f
    bl arm_virt
    b 9f
8:  msr CNTV_CTL_EL0, xzr
    b 9f
2:  cmp x20, #3
    b.ne 3f
    mrs x0, CNTHP_CTL_EL2
    bl show_ctl
    bl last_tick
    b.hs 8f
    bl arm_hyp
    b 9f
8:  msr CNTHP_CTL_EL2, xzr
    b 9f
3:  ldr x1, =LOCAL
    ldr w0, [x1, #0x34]
    lsr w0, w0, #28             // flag, interrupt enable, timer enable
    print_hex 1
    ldr x1, =LOCAL
    mov w2, #(3 << 30)          // clear the flag and reload
    str w2, [x1, #0x38]
    bl last_tick
    b.lo 9f
    ldr x1, =LOCAL
    str wzr, [x1, #0x34]        // last tick of the phase: timer off
9:  mov x0, #'\n'
    bl putc
    ldr x1, =ticks
    ldr x2, [x1]
    add x2, x2, #1
    str x2, [x1]
    mov x30, x19
    ret

show_ctl:
    mov x1, #1
    b puthex

// Flags HS when this tick is the phase's last (ticks + 1 >= x21), so that a slow host under
// QEMU cannot squeeze in an extra tick before the main loop moves on.
last_tick:
    ldr x1, =ticks
    ldr x2, [x1]
    add x2, x2, #1
    cmp x2, x21
    ret

msg_start: .asciz "generic timer / local block IRQ test\n"
msg_tick:  .asciz "tick phase/source/ctl = "
msg_done:  .asciz "all phases done"
    .balign 4
    .include "irq_common.S"
    .include "lib.S"
    .data
    .balign 8
ticks: .quad 0
    stack_bss 0x4000
