// Faults at once, each time it is restarted: it prints the word at MARKER (0x0 in fresh
// memory), leaves a marker, then loads from an IPA beyond its RAM (stopped with a data abort
// report). `?r` must bring it back as often as it is asked to.
    .equ MARKER, 0x200000
    .equ MARKER_VALUE, 0xfa17

    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    ldr     x19, =MARKER
    ldr     x20, [x19]
    adr     x0, banner
    bl      hv_puts
    mov     x0, x20
    bl      hv_put_hex
    adr     x0, newline
    bl      hv_puts
    ldr     x0, =MARKER_VALUE
    str     x0, [x19]
    ldr     x0, =0x2000000            // 32 MiB: past its 16 MiB
    ldr     w1, [x0]
    mov     x0, #0xEE                 // not reached
    bl      hv_exit
    .ltorg
banner: .asciz "refault: up, marker "
newline: .asciz "\n"
