// Reporting a wasm trap or an AssemblyScript abort on the mini-UART, then stopping the core.
//   __wasm_trap(w0 = kind, x1 = code address)    (backend contract, docs/backend.md)
//   rv_abort(w0 = message, w1 = file, w2 = line, w3 = column)   (asc `--use abort=`)
// The code address is named as function+offset from __rv_functions, a table the build appends
// to each compiled program: (.quad address, .quad name) pairs ending with address 0.

    .weak __rv_functions

    .text
    .globl __wasm_trap
    .type __wasm_trap, %function
__wasm_trap:
    msr     daifset, #0xf
    mov     w19, w0
    mov     x20, x1
    bl      rv_uart_init
    adr     x0, msg_trap
    bl      rv_uart_puts
    cmp     w19, #TRAP_KINDS
    b.hs    1f
    adr     x9, trap_names
    ldr     x0, [x9, w19, uxtw #3]
    bl      rv_uart_puts
    b       2f
1:  adr     x0, msg_kind
    bl      rv_uart_puts
    mov     x0, x19
    bl      rv_uart_putdec
2:  adr     x0, msg_at
    bl      rv_uart_puts
    mov     x0, x20
    bl      rv_uart_puthex
    mov     x0, x20
    bl      rv_put_function
    mov     w0, #'\n'
    bl      rv_uart_putc
    b       rv_halt
    .size __wasm_trap, . - __wasm_trap

    .globl rv_abort
    .type rv_abort, %function
rv_abort:
    msr     daifset, #0xf
    mov     w19, w0
    mov     w20, w1
    mov     w21, w2
    mov     w22, w3
    mov     x23, x30                  // the call site, inside the aborting function
    bl      rv_uart_init
    adr     x0, msg_abort
    bl      rv_uart_puts
    mov     w0, w19
    bl      rv_put_asstring
    adr     x0, msg_in
    bl      rv_uart_puts
    mov     w0, w20
    bl      rv_put_asstring
    mov     w0, #':'
    bl      rv_uart_putc
    mov     x0, x21
    bl      rv_uart_putdec
    mov     w0, #':'
    bl      rv_uart_putc
    mov     x0, x22
    bl      rv_uart_putdec
    adr     x0, msg_from
    bl      rv_uart_puts
    sub     x0, x23, #4
    bl      rv_uart_puthex
    sub     x0, x23, #4
    bl      rv_put_function
    mov     w0, #'\n'
    bl      rv_uart_putc
    b       rv_halt
    .size rv_abort, . - rv_abort

// w0 = wasm address of an AssemblyScript string (UTF-16LE, byte length at ptr-4), or 0.
// Non-ASCII code units print as '?'. Clobbers x0-x4, x9-x13.
    .type rv_put_asstring, %function
rv_put_asstring:
    mov     x13, x30
    cbz     w0, 9f
    adrp    x9, __rv_address_base
    ldr     x9, [x9, :lo12:__rv_address_base]
    add     x12, x9, w0, uxtw         // machine address
    ldr     w11, [x12, #-4]           // byte length
    add     x11, x12, x11
1:  cmp     x12, x11
    b.hs    9f
    ldrh    w0, [x12], #2
    cmp     w0, #0x7f
    mov     w1, #'?'
    csel    w0, w1, w0, hi
    bl      rv_uart_putc
    b       1b
9:  ret     x13
    .size rv_put_asstring, . - rv_put_asstring

// x0 = code address: prints " (name+0xoff)" when __rv_functions names it (an entry without
// a name marks the end of the compiled code). Clobbers x0-x8.
    .globl rv_put_function
    .type rv_put_function, %function
rv_put_function:
    mov     x8, x30
    ldr     x5, =__rv_functions
    cbz     x5, 9f
    mov     x6, #0                    // best entry so far
1:  ldr     x7, [x5]
    cbz     x7, 2f
    cmp     x7, x0
    b.hi    3f                        // starts after the address
    cbz     x6, 4f
    ldr     x9, [x6]
    cmp     x7, x9
    b.ls    3f
4:  mov     x6, x5
3:  add     x5, x5, #16
    b       1b
2:  cbz     x6, 9f
    ldr     x7, [x6, #8]
    cbz     x7, 9f                    // past the end of the compiled code
    ldr     x7, [x6]
    sub     x7, x0, x7                // offset into the function
    stp     x6, x7, [sp, #-16]!
    adr     x0, msg_open
    bl      rv_uart_puts
    ldr     x0, [sp]
    ldr     x0, [x0, #8]
    bl      rv_uart_puts
    mov     w0, #'+'
    bl      rv_uart_putc
    ldr     x0, [sp, #8]
    bl      rv_uart_puthex
    mov     w0, #')'
    bl      rv_uart_putc
    add     sp, sp, #16
9:  ret     x8
    .size rv_put_function, . - rv_put_function
    .ltorg

    .include "../trap-names.inc.S"
    .text
msg_trap:  .asciz "\nwasm trap: "
msg_kind:  .asciz "kind "
msg_at:    .asciz " at "
msg_abort: .asciz "\nabort: "
msg_in:    .asciz " in "
msg_from:  .asciz ", called from "
msg_open:  .asciz " ("
    .balign 4
