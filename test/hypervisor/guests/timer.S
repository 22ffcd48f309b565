// Test guest: WFI until its system-timer compare C1 (5 ms ahead) raises IRQ 1 of its
// interrupt controller. The hypervisor must block the vCPU, wake it when the compare comes
// due (not before; "on time": within 2 ms, else "within 50 ms" for a loaded host under QEMU's
// real time), and drop the virtual IRQ once CS is cleared.
    .equ ST_CS, 0x3F003000
    .equ ST_CLO, 0x3F003004
    .equ ST_C1, 0x3F003010
    .equ IRQ_PENDING_1, 0x3F00B204
    .equ ENABLE_IRQS_1, 0x3F00B210
    .equ AUX_MU_IO, 0x3F215040

    .text
    .globl _start
_start:
    ldr     x0, =0x3F215004           // AUX_ENABLES: the mini-UART on (its registers answer)
    mov     w1, #1
    str     w1, [x0]
    ldr     x9, =AUX_MU_IO
    ldr     x0, =ST_CLO
    ldr     w1, [x0]
    ldr     w2, =5000
    add     w19, w1, w2               // the compare value
    ldr     x0, =ST_C1
    str     w19, [x0]
    ldr     x0, =ENABLE_IRQS_1
    mov     w1, #2                    // IRQ 1: system timer C1
    str     w1, [x0]
    wfi                               // interrupts masked (DAIF): WFI still wakes on a pending IRQ
    ldr     x0, =ST_CLO
    ldr     w20, [x0]
    subs    w21, w20, w19             // how late (negative: woke too early)
    b.mi    early
    adr     x1, msg_on_time
    ldr     w2, =2000
    cmp     w21, w2
    b.ls    2f
    adr     x1, msg_within
    ldr     w2, =50000
    cmp     w21, w2
    b.hi    late
2:  bl      puts
3:  ldr     x0, =ST_CS
    ldr     w1, [x0]
    tbz     w1, #1, nomatch
    mov     w1, #2
    str     w1, [x0]                  // clear the match: the line drops
    ldr     x0, =IRQ_PENDING_1
    ldr     w1, [x0]
    tbnz    w1, #1, stuck
    adr     x1, msg_ok
    bl      puts
    b       halt
early:
    adr     x1, msg_early
    b       fail
late:
    adr     x1, msg_late
    bl      puts
    b       3b
nomatch:
    adr     x1, msg_nomatch
    b       fail
stuck:
    adr     x1, msg_stuck
fail:
    bl      puts
halt:
    wfi
    b       halt
puts:                                 // x1 = NUL-terminated string
    ldrb    w2, [x1], #1
    cbz     w2, 1f
    str     w2, [x9]
    b       puts
1:  ret
    .ltorg
msg_on_time: .asciz "timer: woke on time\r\n"
msg_within: .asciz "timer: woke within 50 ms\r\n"
msg_ok: .asciz "timer: match cleared, IRQ line low\r\n"
msg_early: .asciz "timer: woke too early\r\n"
msg_late: .asciz "timer: woke more than 50 ms late\r\n"
msg_nomatch: .asciz "timer: no match in CS\r\n"
msg_stuck: .asciz "timer: IRQ still pending after clearing CS\r\n"
