// rv_default_vectors: exception vectors for any EL that report what happened on the mini-UART
// and stop the core, instead of an exception that nobody handles spinning silently:
//   exception: synchronous, current EL with SPx, at EL2: EC 0x3c (BRK instruction),
//     ESR 0xf2000000, FAR 0x0, ELR 0x80123 (crash+0x8)
// rv_start installs them at the EL it runs in; a program's own boot code may install them
// (`adr x0, rv_default_vectors; msr vbar_elN, x0`) or replace them. An exception while one is
// being reported stops the core at once (a fault in the report itself cannot loop).

    .macro entry index
    .balign 128
    mov     x9, #\index
    b       rv_exception_report
    .endm

    .text
    .balign 2048
    .globl rv_default_vectors
rv_default_vectors:
    .irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    entry \i
    .endr

    .globl rv_exception_report
    .type rv_exception_report, %function
rv_exception_report:
    msr     daifset, #0xf
    mrs     x10, mpidr_el1
    and     x10, x10, #3
    adrp    x11, rv_exc_busy
    add     x11, x11, :lo12:rv_exc_busy
    ldrb    w12, [x11, x10]
    cbnz    w12, rv_halt              // a fault while reporting: stop here
    mov     w12, #1
    strb    w12, [x11, x10]
    // a stack of its own (the fault may be the stack's)
    adrp    x11, rv_exc_stacks
    add     x11, x11, :lo12:rv_exc_stacks
    add     x10, x10, #1
    add     x11, x11, x10, lsl #10
    mov     sp, x11
    mov     x19, x9                   // vector index
    mrs     x20, CurrentEL
    ubfx    x20, x20, #2, #2
    cmp     x20, #2
    b.eq    2f
    b.hi    3f
    mrs     x21, esr_el1
    mrs     x22, far_el1
    mrs     x23, elr_el1
    b       4f
2:  mrs     x21, esr_el2
    mrs     x22, far_el2
    mrs     x23, elr_el2
    b       4f
3:  mrs     x21, esr_el3
    mrs     x22, far_el3
    mrs     x23, elr_el3
4:  bl      rv_uart_init
    adr     x0, msg_exc
    bl      rv_uart_puts
    adr     x9, vec_kinds
    and     x10, x19, #3
    ldr     x0, [x9, x10, lsl #3]
    bl      rv_uart_puts
    adr     x0, msg_comma
    bl      rv_uart_puts
    adr     x9, vec_origins
    lsr     x10, x19, #2
    ldr     x0, [x9, x10, lsl #3]
    bl      rv_uart_puts
    adr     x0, msg_at_el
    bl      rv_uart_puts
    mov     x0, x20
    bl      rv_uart_putdec
    adr     x0, msg_ec
    bl      rv_uart_puts
    ubfx    x24, x21, #26, #6
    mov     x0, x24
    bl      rv_uart_puthex
    // class name: (ec, name) pairs ending with ec 0xff
    adr     x25, ec_names
5:  ldr     x10, [x25], #16
    cmp     x10, #0xff
    b.eq    6f
    cmp     x10, x24
    b.ne    5b
    adr     x0, msg_open
    bl      rv_uart_puts              // (clobbers x9-x11)
    ldur    x0, [x25, #-8]
    bl      rv_uart_puts
    mov     w0, #')'
    bl      rv_uart_putc
6:  adr     x0, msg_esr
    bl      rv_uart_puts
    mov     x0, x21
    bl      rv_uart_puthex
    adr     x0, msg_far
    bl      rv_uart_puts
    mov     x0, x22
    bl      rv_uart_puthex
    adr     x0, msg_elr
    bl      rv_uart_puts
    mov     x0, x23
    bl      rv_uart_puthex
    mov     x0, x23
    bl      rv_put_function
    mov     w0, #'\n'
    bl      rv_uart_putc
    b       rv_halt
    .size rv_exception_report, . - rv_exception_report

msg_exc:   .asciz "\nexception: "
msg_comma: .asciz ", "
msg_at_el: .asciz ", at EL"
msg_ec:    .asciz ": EC "
msg_open:  .asciz " ("
msg_esr:   .asciz ", ESR "
msg_far:   .asciz ", FAR "
msg_elr:   .asciz ", ELR "
    .balign 8
vec_kinds:   .quad k_sync, k_irq, k_fiq, k_serror
vec_origins: .quad o_sp0, o_spx, o_a64, o_a32
ec_names:
    .quad 0x00, e00, 0x01, e01, 0x07, e07, 0x0e, e0e, 0x15, e15, 0x16, e16, 0x17, e17
    .quad 0x18, e18, 0x20, e20, 0x21, e21, 0x22, e22, 0x24, e24, 0x25, e25, 0x26, e26
    .quad 0x2c, e2c, 0x2f, e2f, 0x30, e30, 0x31, e31, 0x32, e32, 0x33, e33, 0x34, e34
    .quad 0x35, e35, 0x3c, e3c, 0xff, 0
k_sync:   .asciz "synchronous"
k_irq:    .asciz "IRQ"
k_fiq:    .asciz "FIQ"
k_serror: .asciz "SError"
o_sp0:    .asciz "current EL with SP0"
o_spx:    .asciz "current EL with SPx"
o_a64:    .asciz "lower EL (AArch64)"
o_a32:    .asciz "lower EL (AArch32)"
e00: .asciz "unknown reason"
e01: .asciz "WFI/WFE trapped"
e07: .asciz "FP/SIMD access trapped"
e0e: .asciz "illegal execution state"
e15: .asciz "SVC"
e16: .asciz "HVC"
e17: .asciz "SMC"
e18: .asciz "MSR/MRS/system instruction trapped"
e20: .asciz "instruction abort from a lower EL"
e21: .asciz "instruction abort"
e22: .asciz "PC alignment fault"
e24: .asciz "data abort from a lower EL"
e25: .asciz "data abort"
e26: .asciz "SP alignment fault"
e2c: .asciz "FP exception"
e2f: .asciz "SError"
e30: .asciz "breakpoint from a lower EL"
e31: .asciz "breakpoint"
e32: .asciz "software step from a lower EL"
e33: .asciz "software step"
e34: .asciz "watchpoint from a lower EL"
e35: .asciz "watchpoint"
e3c: .asciz "BRK instruction"
    .balign 4

    .bss
    .balign 16
rv_exc_stacks: .space 4 * 1024       // 1 KiB per core, grows down from the end of its slot
rv_exc_busy:   .space 4
