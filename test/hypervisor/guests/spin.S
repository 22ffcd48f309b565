// Test guest: the foreground VM of the multi-VM transcripts. Prints "tick N" lines while the
// other VMs take their turns, through stage 2 (its own RAM, lazily mapped: the counter lives
// on a page beyond the image), then waits in WFI for an interrupt that never comes.
    .equ AUX_MU_IO, 0x3F215040
    .equ AUX_MU_LSR, 0x3F215054
    .text
    .globl _start
_start:
    ldr     x0, =AUX_MU_IO
    ldr     x10, =0x200000            // a page nobody mapped yet: a stage-2 page fault
    str     xzr, [x10]
loop:
    ldr     x11, [x10]
    add     x11, x11, #1
    str     x11, [x10]
    adr     x1, msg
1:  ldrb    w2, [x1], #1
    cbz     w2, 2f
    str     w2, [x0]
    b       1b
2:  add     w2, w11, #'0'
    str     w2, [x0]
    mov     w2, #'\r'
    str     w2, [x0]
    mov     w2, #'\n'
    str     w2, [x0]
    ldr     x12, =4000000             // burn time (8 ms in our emulator) so that the others get slices
3:  subs    x12, x12, #1
    b.ne    3b
    cmp     x11, #3
    b.lo    loop
    wfi                               // nothing will interrupt: blocked for good
    mov     w2, #'X'                  // never printed
    str     w2, [x0]
    b       .
    .ltorg
msg: .asciz "spin: tick "
