// The hypervisor lock `hyp` (arch/spinlock.ts says what it protects) as the exit path takes
// it: in assembly, before any compiled code of the exit runs, so that the stack limit the
// compiled code checks can be this core's own (see spinlock.ts). Its word is 0 when free and
// 1 when held; the word after it holds the holder's core number + 1.
// rv_hyp_lock clobbers x0-x5 and x16-x17 only.

    .equ CORE_STACK, 0xf000           // boot.S: 60 KiB per core
    .equ LEAF_RESERVE, 0x4000         // leaf functions do not check: keep 16 KiB for them

    .weak __stack_limit

    .text
    .globl rv_hyp_lock
    .type rv_hyp_lock, %function
rv_hyp_lock:
    adrp    x16, rv_hyp_lock_word
    add     x16, x16, :lo12:rv_hyp_lock_word
    sevl
1:  wfe
2:  ldaxr   w17, [x16]
    cbnz    w17, 1b
    mov     w17, #1
    stxr    w0, w17, [x16]
    cbnz    w0, 2b
    mrs     x2, mpidr_el1
    and     x2, x2, #3
    add     x3, x2, #1
    str     w3, [x16, #4]             // the holder
    // This core's stack limit: top of core N's stack is __rv_stack_top - N * CORE_STACK.
    ldr     x5, =__stack_limit
    cbz     x5, 3f
    adrp    x4, __rv_stack_top
    ldr     x4, [x4, :lo12:__rv_stack_top]
    mov     x1, #CORE_STACK
    msub    x4, x1, x3, x4            // the bottom of this core's stack
    add     x4, x4, #LEAF_RESERVE
    str     x4, [x5]
3:  ret
    .size rv_hyp_lock, . - rv_hyp_lock

// Releases `hyp` (the stack limit stays: only a holder runs compiled code past a prologue).
    .globl rv_hyp_unlock
    .type rv_hyp_unlock, %function
rv_hyp_unlock:
    adrp    x16, rv_hyp_lock_word
    add     x16, x16, :lo12:rv_hyp_lock_word
    str     wzr, [x16, #4]
    stlr    wzr, [x16]
    ret
    .size rv_hyp_unlock, . - rv_hyp_unlock
    .ltorg

    .data
    .balign 8
    .globl rv_hyp_lock_word
rv_hyp_lock_word: .word 0, 0
