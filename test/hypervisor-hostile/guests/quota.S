// Attacker: touches every page of its RAM above the image (each must read as zero when it
// first gets it: no other VM's bytes), writes to each, then touches the first page past its
// 16 MiB: stopped with the data abort report. Exit code 1 (no stop) if a fresh page held data.
    .equ FIRST, 0x100000
    .equ END, 0x1000000
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    ldr     x19, =FIRST
    ldr     x20, =END
1:  mov     x0, x19
    bl      page_zero
    cbnz    x0, 2f
    str     x19, [x19]
    str     x19, [x19, #4088]
    add     x19, x19, #4096
    cmp     x19, x20
    b.lo    1b
    ldr     w1, [x20]                 // one page past: stopped
    mov     x0, #2
    bl      hv_exit
2:  mov     x0, #1
    bl      hv_exit
    .ltorg
