// Memory routines for compiled code (memory.copy / memory.fill) and for C-style callers.
// Only aligned accesses: with the MMU off every access is Device memory, where an unaligned
// access faults. Machine addresses in x0/x1, length in x2 (AAPCS64; x0-x17 are scratch).

    .text
    .globl __wasm_memmove
    .globl memmove
    .globl memcpy
    .type __wasm_memmove, %function
// void __wasm_memmove(void *dst, const void *src, size_t n): overlapping copy.
__wasm_memmove:
memmove:
memcpy:
    cbz     x2, 9f
    cmp     x0, x1
    b.eq    9f
    b.hi    backward                 // dst above src: copy from the end
    // forward: words when dst and src share their alignment, else bytes
    eor     x3, x0, x1
    tst     x3, #7
    b.ne    fbytes
1:  tst     x0, #7                    // head bytes up to an 8-byte boundary
    b.eq    2f
    ldrb    w4, [x1], #1
    strb    w4, [x0], #1
    subs    x2, x2, #1
    b.ne    1b
    b       9f
2:  cmp     x2, #16
    b.lo    3f
    ldp     x4, x5, [x1], #16
    stp     x4, x5, [x0], #16
    sub     x2, x2, #16
    b       2b
3:  cmp     x2, #8
    b.lo    fbytes
    ldr     x4, [x1], #8
    str     x4, [x0], #8
    sub     x2, x2, #8
fbytes:
    cbz     x2, 9f
    ldrb    w4, [x1], #1
    strb    w4, [x0], #1
    sub     x2, x2, #1
    b       fbytes
backward:
    add     x0, x0, x2
    add     x1, x1, x2
    eor     x3, x0, x1
    tst     x3, #7
    b.ne    bbytes
4:  tst     x0, #7
    b.eq    5f
    ldrb    w4, [x1, #-1]!
    strb    w4, [x0, #-1]!
    subs    x2, x2, #1
    b.ne    4b
    b       9f
5:  cmp     x2, #16
    b.lo    6f
    ldp     x4, x5, [x1, #-16]!
    stp     x4, x5, [x0, #-16]!
    sub     x2, x2, #16
    b       5b
6:  cmp     x2, #8
    b.lo    bbytes
    ldr     x4, [x1, #-8]!
    str     x4, [x0, #-8]!
    sub     x2, x2, #8
bbytes:
    cbz     x2, 9f
    ldrb    w4, [x1, #-1]!
    strb    w4, [x0, #-1]!
    sub     x2, x2, #1
    b       bbytes
9:  ret
    .size __wasm_memmove, . - __wasm_memmove

    .globl __wasm_memset
    .globl memset
    .type __wasm_memset, %function
// void __wasm_memset(void *dst, int byte, size_t n)
__wasm_memset:
memset:
    and     x1, x1, #0xff
    mov     x3, #0x0101010101010101
    mul     x1, x1, x3                // the byte in all 8 lanes
1:  cbz     x2, 9f                    // head bytes up to an 8-byte boundary
    tst     x0, #7
    b.eq    2f
    strb    w1, [x0], #1
    sub     x2, x2, #1
    b       1b
2:  cmp     x2, #64
    b.lo    3f
    stp     x1, x1, [x0]
    stp     x1, x1, [x0, #16]
    stp     x1, x1, [x0, #32]
    stp     x1, x1, [x0, #48]
    add     x0, x0, #64
    sub     x2, x2, #64
    b       2b
3:  cmp     x2, #8
    b.lo    4f
    str     x1, [x0], #8
    sub     x2, x2, #8
    b       3b
4:  cbz     x2, 9f
    strb    w1, [x0], #1
    sub     x2, x2, #1
    b       4b
9:  ret
    .size __wasm_memset, . - __wasm_memset
