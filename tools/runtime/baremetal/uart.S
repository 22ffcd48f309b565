// Mini-UART (BCM2837 AUX, GPIO 14/15 ALT5) output for the runtime's own messages (panics,
// traps). Programs usually drive the UART themselves; these routines work whether or not they
// did: rv_uart_init only initialises an AUX that is not yet enabled.

    .equ PERIPH,        0x3F000000
    .equ GPFSEL1,       PERIPH + 0x200004
    .equ GPPUD,         PERIPH + 0x200094
    .equ GPPUDCLK0,     PERIPH + 0x200098
    .equ AUX_ENABLES,   PERIPH + 0x215004
    .equ AUX_MU_IO,     PERIPH + 0x215040
    .equ AUX_MU_IER,    PERIPH + 0x215044
    .equ AUX_MU_LCR,    PERIPH + 0x21504C
    .equ AUX_MU_MCR,    PERIPH + 0x215050
    .equ AUX_MU_LSR,    PERIPH + 0x215054
    .equ AUX_MU_CNTL,   PERIPH + 0x215060
    .equ AUX_MU_BAUD,   PERIPH + 0x215068

    .text
    .globl rv_uart_init
    .type rv_uart_init, %function
// Clobbers x9-x11.
rv_uart_init:
    ldr     x9, =AUX_ENABLES
    ldr     w10, [x9]
    tbnz    w10, #0, 9f               // already on: leave its settings alone
    ldr     x9, =GPFSEL1              // GPIO 14, 15 -> ALT5 (0b010)
    ldr     w10, [x9]
    and     w10, w10, #~(0x3f << 12)
    ldr     w11, =(0x12 << 12)
    orr     w10, w10, w11
    str     w10, [x9]
    ldr     x9, =GPPUD                // pulls off, clocked into pins 14/15
    str     wzr, [x9]
    mov     x11, #150
1:  subs    x11, x11, #1
    b.ne    1b
    ldr     x9, =GPPUDCLK0
    mov     w10, #(3 << 14)
    str     w10, [x9]
    mov     x11, #150
2:  subs    x11, x11, #1
    b.ne    2b
    str     wzr, [x9]
    ldr     x9, =AUX_ENABLES
    mov     w10, #1
    str     w10, [x9]
    ldr     x9, =AUX_MU_CNTL
    str     wzr, [x9]
    ldr     x9, =AUX_MU_IER
    str     wzr, [x9]
    ldr     x9, =AUX_MU_LCR
    mov     w10, #3                   // 8 data bits
    str     w10, [x9]
    ldr     x9, =AUX_MU_MCR
    str     wzr, [x9]
    ldr     x9, =AUX_MU_BAUD
    mov     w10, #270                 // 115200 baud at a 250 MHz core clock
    str     w10, [x9]
    ldr     x9, =AUX_MU_CNTL
    mov     w10, #3                   // transmitter and receiver on
    str     w10, [x9]
9:  ret
    .size rv_uart_init, . - rv_uart_init

    .globl rv_uart_putc
    .type rv_uart_putc, %function
// w0 = byte; '\n' goes out as "\r\n". Clobbers x9-x10.
rv_uart_putc:
    cmp     w0, #10
    b.ne    1f
    mov     w10, #13
    ldr     x9, =AUX_MU_LSR
0:  ldr     w11, [x9]
    tbz     w11, #5, 0b
    ldr     x9, =AUX_MU_IO
    str     w10, [x9]
1:  ldr     x9, =AUX_MU_LSR
2:  ldr     w10, [x9]
    tbz     w10, #5, 2b               // wait until the transmitter takes a byte
    ldr     x9, =AUX_MU_IO
    str     w0, [x9]
    ret
    .size rv_uart_putc, . - rv_uart_putc

    .globl rv_uart_puts
    .type rv_uart_puts, %function
// x0 = NUL-terminated string (machine address). Clobbers x0-x2, x9-x11.
rv_uart_puts:
    mov     x2, x30
    mov     x1, x0
1:  ldrb    w0, [x1], #1
    cbz     w0, 2f
    bl      rv_uart_putc
    b       1b
2:  ret     x2
    .size rv_uart_puts, . - rv_uart_puts

    .globl rv_uart_puthex
    .type rv_uart_puthex, %function
// x0 = value, printed as 0x<hex> without leading zeros. Clobbers x0-x4, x9-x11.
rv_uart_puthex:
    mov     x4, x30
    mov     x1, x0
    mov     w0, #'0'
    bl      rv_uart_putc
    mov     w0, #'x'
    bl      rv_uart_putc
    mov     x2, #60                   // shift of the current nibble
1:  cbz     x2, 2f                    // skip leading zero nibbles (keep the last)
    lsr     x3, x1, x2
    cbnz    x3, 2f
    sub     x2, x2, #4
    b       1b
2:  lsr     x3, x1, x2
    and     x3, x3, #0xf
    cmp     x3, #10
    add     x0, x3, #'0'
    add     x3, x3, #('a' - 10)
    csel    x0, x3, x0, hs
    bl      rv_uart_putc
    cbz     x2, 3f
    sub     x2, x2, #4
    b       2b
3:  ret     x4
    .size rv_uart_puthex, . - rv_uart_puthex

    .globl rv_uart_putdec
    .type rv_uart_putdec, %function
// x0 = unsigned value in decimal. Uses 32 bytes of stack. Clobbers x0-x4, x9-x11.
rv_uart_putdec:
    mov     x4, x30
    sub     sp, sp, #32
    mov     x1, x0
    mov     x2, #0                    // digits pushed
    mov     x3, #10
1:  udiv    x9, x1, x3
    msub    x10, x9, x3, x1
    add     x10, x10, #'0'
    strb    w10, [sp, x2]
    add     x2, x2, #1
    mov     x1, x9
    cbnz    x1, 1b
2:  sub     x2, x2, #1
    ldrb    w0, [sp, x2]
    bl      rv_uart_putc
    cbnz    x2, 2b
    add     sp, sp, #32
    ret     x4
    .size rv_uart_putdec, . - rv_uart_putdec
    .ltorg
