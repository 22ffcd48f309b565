// Faults at once, each time it is restarted: it prints the word at LIB_MARKER (0x0 in fresh
// memory), leaves a marker, then loads from an IPA beyond its RAM (stopped with a data abort
// report). `?r` must bring it back as often as it is asked to.
    .equ MARKER_VALUE, 0xfa17

    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    adr     x0, banner
    ldr     x1, =MARKER_VALUE
    bl      hv_boot_marker
    ldr     x0, =0x2000000            // 32 MiB: past its 16 MiB
    ldr     w1, [x0]
    mov     x0, #0xEE                 // not reached
    bl      hv_exit
    .ltorg
banner: .asciz "refault: up, marker "
