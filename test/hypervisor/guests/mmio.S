// Test guest: mini-UART accesses in every form the hypervisor must emulate. ISV=1 (str/ldr
// with an immediate offset), and ISV=0 forms decoded from the instruction: STP/LDP, pre- and
// post-indexed writeback, register offset; XZR (Rt = 31) as source and destination.
    .equ AUX_MU_IO, 0x3F215040
    .equ AUX_MU_LSR, 0x3F215054

    .text
    .globl _start
_start:
    ldr     x0, =AUX_MU_IO
    mov     w1, #'a'
    str     w1, [x0]                  // ISV=1 word store
    mov     w1, #'b'
    strb    w1, [x0]                  // ISV=1 byte store
    mov     w1, #'c'
    mov     w2, #0                    // second word goes to IER (offset 0x44): 0
    stp     w1, w2, [x0]              // ISV=0: pair
    add     x3, x0, #8
    mov     w1, #'d'
    str     w1, [x3, #-8]!            // pre-index: x3 = IO afterwards
    mov     w1, #'e'
    str     w1, [x3], #4              // post-index: x3 = IO + 4
    sub     x3, x3, #4
    cmp     x3, x0
    b.ne    bad
    mov     x4, #0
    mov     w1, #'f'
    str     w1, [x0, x4]              // register offset
    ldr     w5, [x0, #0x14]           // ISV=1 load of LSR: TX empty/idle bits 5-6 set
    and     w5, w5, #0x60
    cmp     w5, #0x60
    b.ne    bad
    mov     x6, #0
    ldp     w6, w7, [x0, #0x14]       // ISV=0 load pair: LSR, MSR
    and     w6, w6, #0x60
    cmp     w6, #0x60
    b.ne    bad
    mov     x9, #0x55
    ldr     wzr, [x0, #0x14]          // Rt = 31 load: nothing changes
    ldp     xzr, x9, [x0, #0x20]      // (64-bit pair, 8-aligned: CNTL|STAT, BAUD into x9)
    cmp     x9, #0x55                 // x9 was loaded, not left alone
    b.eq    bad
    mov     w1, #0x5a
    str     w1, [x0, #0x1c]           // SCRATCH = 0x5a
    str     wzr, [x0, #0x1c]          // Rt = 31 store: SCRATCH = 0 (not a stack byte)
    ldr     w1, [x0, #0x1c]
    cbnz    w1, bad
    mov     w1, #'g'
    str     w1, [x0]
    mov     w1, #'\r'
    str     w1, [x0]
    mov     w1, #'\n'
    str     w1, [x0]
    b       done
bad:
    mov     w1, #'!'
    str     w1, [x0]
done:
    wfi
    b       done
    .ltorg
