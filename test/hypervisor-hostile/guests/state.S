// The per-vCPU state a VM owns and another VM must never see or change: V0-V31, FPCR, FPSR,
// TPIDR_EL0, TPIDR_EL1, TPIDRRO_EL0, CONTEXTIDR_EL1, SP_EL0, CNTV_CVAL_EL0, CNTV_CTL_EL0,
// CNTKCTL_EL1, all set from a seed; and fresh RAM pages, which must read as zero.
//   state_fill(x0 = seed)
//   state_check(x0 = seed) -> x0 = 0 when everything holds, else the number of the first
//                               item that does not (1-32 V0-V31, 40+ the system registers)
//   page_zero(x0 = address of a page never touched) -> x0 = 0 when it reads as zero
    .equ K_LANE, 0x9E3779B97F4A7C15

    .text
    // x1 = expected low lane of V\i for seed x0 (x9 = K_LANE)
    .macro lane i
    mov     x1, #(\i + 1)
    madd    x1, x1, x9, x0
    .endm

    .globl state_fill
state_fill:
    mov     x1, #(3 << 20)            // CPACR_EL1.FPEN: FP/SIMD at EL1 and EL0 (reset: trapped)
    msr     cpacr_el1, x1
    isb
    ldr     x9, =K_LANE
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lane    \i
    mvn     x2, x1
    fmov    d\i, x1
    mov     v\i\().d[1], x2
    .endr
    and     x1, x0, #3
    lsl     x1, x1, #22               // RMode
    tst     x0, #4
    mov     x2, #(1 << 24)            // FZ
    csel    x2, x2, xzr, ne
    orr     x1, x1, x2
    msr     fpcr, x1
    lsr     x1, x0, #8
    ldr     x2, =0x0800009f           // QC and the cumulative exception flags
    and     x1, x1, x2
    msr     fpsr, x1
    ldr     x2, =0x1111111111111111
    eor     x1, x0, x2
    msr     tpidr_el0, x1
    ldr     x2, =0x2222222222222222
    eor     x1, x0, x2
    msr     tpidr_el1, x1
    ldr     x2, =0x3333333333333333
    eor     x1, x0, x2
    msr     tpidrro_el0, x1
    and     x1, x0, #0xffffffff
    msr     contextidr_el1, x1
    and     x1, x0, #~0xf
    msr     sp_el0, x1
    orr     x1, x0, #(1 << 62)        // far in the future
    msr     cntv_cval_el0, x1
    mov     x1, #3                    // ENABLE, IMASK: counting, never interrupting
    msr     cntv_ctl_el0, x1
    and     x1, x0, #3
    msr     cntkctl_el1, x1
    isb
    ret

    .globl state_check
state_check:
    ldr     x9, =K_LANE
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lane    \i
    mvn     x2, x1
    mov     x3, v\i\().d[0]
    mov     x4, v\i\().d[1]
    mov     x5, #(\i + 1)
    cmp     x3, x1
    b.ne    9f
    cmp     x4, x2
    b.ne    9f
    .endr
    mov     x5, #40
    and     x1, x0, #3
    lsl     x1, x1, #22
    tst     x0, #4
    mov     x2, #(1 << 24)
    csel    x2, x2, xzr, ne
    orr     x1, x1, x2
    mrs     x3, fpcr
    cmp     x3, x1
    b.ne    9f
    mov     x5, #41
    lsr     x1, x0, #8
    ldr     x2, =0x0800009f
    and     x1, x1, x2
    mrs     x3, fpsr
    cmp     x3, x1
    b.ne    9f
    mov     x5, #42
    ldr     x2, =0x1111111111111111
    eor     x1, x0, x2
    mrs     x3, tpidr_el0
    cmp     x3, x1
    b.ne    9f
    mov     x5, #43
    ldr     x2, =0x2222222222222222
    eor     x1, x0, x2
    mrs     x3, tpidr_el1
    cmp     x3, x1
    b.ne    9f
    mov     x5, #44
    ldr     x2, =0x3333333333333333
    eor     x1, x0, x2
    mrs     x3, tpidrro_el0
    cmp     x3, x1
    b.ne    9f
    mov     x5, #45
    and     x1, x0, #0xffffffff
    mrs     x3, contextidr_el1
    cmp     x3, x1
    b.ne    9f
    mov     x5, #46
    and     x1, x0, #~0xf
    mrs     x3, sp_el0
    cmp     x3, x1
    b.ne    9f
    mov     x5, #47
    orr     x1, x0, #(1 << 62)
    mrs     x3, cntv_cval_el0
    cmp     x3, x1
    b.ne    9f
    mov     x5, #48
    mrs     x3, cntv_ctl_el0
    and     x3, x3, #3                // ISTATUS (bit 2) is the timer's, not ours
    cmp     x3, #3
    b.ne    9f
    mov     x5, #49
    and     x1, x0, #3
    mrs     x3, cntkctl_el1
    and     x3, x3, #3
    cmp     x3, x1
    b.ne    9f
    mov     x0, #0
    ret
9:  mov     x0, x5
    ret

    .globl page_zero
page_zero:
    mov     x1, #0
1:  ldr     x2, [x0, x1]
    cbnz    x2, 2f
    add     x1, x1, #8
    cmp     x1, #4096
    b.lo    1b
    mov     x0, #0
    ret
2:  mov     x0, #1
    ret
    .ltorg
