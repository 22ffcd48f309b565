// Attacker: random words as code. 64 KiB of a fixed LCG's output run in chunks of 64 words
// at EL1: whatever a chunk does (undefined encodings, system register writes, SMC, HVC,
// loads from anywhere), an exception taken at EL1 sends it to the next chunk with the stack
// and vectors as before. After CHUNKS chunks it exits with code 0x77; it may instead be
// stopped by the hypervisor (its report) or lose itself; the other VMs must not notice.
    .equ CODE, 0x200000
    .equ WORDS, 16384
    .equ CHUNKS, 256
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    ldr     x1, =CODE
    ldr     x2, =WORDS
    ldr     x3, =0x2545F4914F6CDD1D   // seed
    ldr     x4, =6364136223846793005
    ldr     x5, =1442695040888963407
1:  madd    x3, x3, x4, x5
    lsr     x6, x3, #32
    str     w6, [x1], #4
    subs    x2, x2, #1
    b.ne    1b
    adr     x0, rvec
    msr     vbar_el1, x0
    isb
    adr     x0, chunk
    str     xzr, [x0]
    b       next

next:                                 // run chunk number [chunk]
    adr     x0, chunk
    ldr     x1, [x0]
    cmp     x1, #CHUNKS
    b.hs    done
    add     x2, x1, #1
    str     x2, [x0]
    ldr     x2, =CODE
    add     x2, x2, x1, lsl #8
    msr     elr_el1, x2
    mov     x2, #0x3c5                // EL1h, DAIF masked
    msr     spsr_el1, x2
    ldr     x0, =0x80000
    mov     sp, x0
    eret
done:
    mov     x0, #0x77
    bl      hv_exit
    .ltorg

    .balign 8
chunk: .quad 0

    .balign 2048
rvec:
    .rept 16
    .balign 128
    b       next
    .endr
