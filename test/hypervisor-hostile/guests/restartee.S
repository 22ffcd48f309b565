// Restarted from the console (`?r`) again and again while it runs: it prints the word at
// LIB_MARKER (0x0 if its memory is fresh: the last boot left MARKER_VALUE there), leaves the
// marker, touches PAGES pages (which a restart must give back to the pool), then computes
// for ever without an exit of its own (the console's restart has to take the core from it).
    .equ MARKER_VALUE, 0x5a5a
    .equ TOUCHED, 0x300000
    .equ PAGES, 32

    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    adr     x0, banner
    ldr     x1, =MARKER_VALUE
    bl      hv_boot_marker
    ldr     x0, =MARKER_VALUE
    ldr     x1, =TOUCHED
    mov     x2, #PAGES
1:  str     x0, [x1]
    add     x1, x1, #4096
    subs    x2, x2, #1
    b.ne    1b
2:  add     x3, x3, #1
    b       2b
    .ltorg
banner: .asciz "restartee: up, marker "
