// Attacker: the mailbox property channel and the DMA controller pointed at memory that is not
// the VM's. Exit code: 1 a valid request answered (its own 16 MiB), 2 a buffer running past the
// end of its RAM answered with the error code, 4 a buffer far outside its RAM left alone (the
// reply word still comes back), 8 the DMA controller (not modelled: RAZ/WI) copied nothing.
// 0xf when all hold.
    .equ MBOX_READ, 0x3F00B880
    .equ MBOX_WRITE, 0x3F00B8A0
    .equ DMA0_CS, 0x3F007000
    .equ DMA0_CONBLK, 0x3F007004
    .equ BUF, 0x300000
    .equ EDGE, 0xFFFFF0
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    mov     x19, #0
    // 1: ARM memory tag (0x00010005), 8-byte value buffer.
    ldr     x20, =BUF
    mov     w1, #32
    str     w1, [x20]
    str     wzr, [x20, #4]
    ldr     w1, =0x00010005
    str     w1, [x20, #8]
    mov     w1, #8
    str     w1, [x20, #12]
    stp     wzr, wzr, [x20, #16]
    str     wzr, [x20, #24]
    str     wzr, [x20, #28]
    orr     x0, x20, #8
    bl      mbox_call
    ldr     w1, [x20, #4]
    mov     w2, #0x80000000
    cmp     w1, w2
    b.ne    1f
    ldr     w1, [x20, #24]
    mov     w2, #0x1000000
    cmp     w1, w2
    b.ne    1f
    orr     x19, x19, #1
    // 2: a buffer whose size runs past the end of RAM.
1:  ldr     x20, =EDGE
    mov     w1, #64
    str     w1, [x20]
    str     wzr, [x20, #4]
    orr     x0, x20, #8
    bl      mbox_call
    ldr     w1, [x20, #4]
    ldr     w2, =0x80000001
    cmp     w1, w2
    b.ne    2f
    orr     x19, x19, #2
    // 4: a buffer at 48 MiB (not its RAM; a host address other VMs' pages may sit at).
2:  ldr     x0, =0x3000008
    bl      mbox_call
    cbnz    x0, 3f
    orr     x19, x19, #4
    // 8: DMA channel 0 told to copy the host's first pool page into the VM's RAM.
3:  ldr     x20, =0x301000
    str     wzr, [x20]                // TI
    ldr     w1, =0xC0800000           // SOURCE_AD: bus address of PA 0x800000
    str     w1, [x20, #4]
    ldr     w1, =0x302000             // DEST_AD
    str     w1, [x20, #8]
    mov     w1, #4096
    str     w1, [x20, #12]            // TXFR_LEN
    stp     wzr, wzr, [x20, #16]
    ldr     x0, =DMA0_CONBLK
    str     w20, [x0]
    ldr     x0, =DMA0_CS
    mov     w1, #1                    // ACTIVE
    str     w1, [x0]
    ldr     w1, [x0]
    cbnz    w1, 4f
    ldr     x0, =0x302000
    bl      page_zero
    cbnz    x0, 4f
    orr     x19, x19, #8
4:  mov     x0, x19
    bl      hv_exit

// x0 = word for channel 8 -> x0 = 0 when the same word came back.
mbox_call:
    ldr     x1, =MBOX_WRITE
    str     w0, [x1]
    ldr     x1, =MBOX_READ
    ldr     w2, [x1]
    sub     x0, x2, x0
    ret
    .ltorg
