// UART print routines as macros (included by boot.inc.S): each image emits them where its
// layout wants them, for the mini-UART (lib.S) or another UART's `putc` (pl011_irq.S).
// They clobber x0-x3, x9-x13 and x30; `report` also x15-x18.

// name: x0 = NUL-terminated string
    .macro puts_routine name, putc
\name:
    mov x9, x30
    mov x10, x0
1:  ldrb w0, [x10], #1
    cbz w0, 2f
    bl \putc
    b 1b
2:  mov x30, x9
    ret
    .endm

// name: x0 = value, x1 = number of hex digits (1-16)
    .macro puthex_routine name, putc
\name:
    mov x9, x30
    mov x10, x0
    lsl x11, x1, #2
1:  sub x11, x11, #4
    lsr x0, x10, x11
    and x0, x0, #15
    add x12, x0, #'0'
    add x13, x0, #('a' - 10)
    cmp x0, #10
    csel x0, x12, x13, lt
    bl \putc
    cbnz x11, 1b
    mov x30, x9
    ret
    .endm

// newline: print '\n'
    .macro newline_routine
newline:
    mov x9, x30
    mov w0, #'\n'
    bl putc
    mov x30, x9
    ret
    .endm

// report: x0 = message, x1 = ESR in 8 digits; with far=1 also " FAR=" (msg_far) and x2 when
// x3 != 0; with nl=1 a newline after.
    .macro report_routine far=1, nl=1
report:
    mov x15, x30
    mov x16, x1
    .if \far
    mov x17, x2
    mov x18, x3
    .endif
    bl puts
    mov x0, x16
    mov x1, #8
    bl puthex
    .if \far
    cbz x18, 1f
    adr x0, msg_far
    bl puts
    mov x0, x17
    mov x1, #8
    bl puthex
1:
    .endif
    .if \nl
    bl newline
    .endif
    mov x30, x15
    ret
    .endm

// Print the string at `msg`; print x0 in `digits` hex digits; print the character `c`.
    .macro print msg
    adr x0, \msg
    bl puts
    .endm
    .macro print_hex digits
    mov x1, #\digits
    bl puthex
    .endm
    .macro print_char c
    mov x0, #\c
    bl putc
    .endm
