// Attacker: MMIO the syndrome does not describe, and lots of it. XZR as the register of an
// ISV=1 store and load and of an ISV=0 STP (the C original wrote the EL2 stack pointer);
// STP/LDP with pre- and post-index writeback; FLOOD LDPs (each an ISV=0 exit the hypervisor
// decodes). Results go out as the legacy `mov x8, N; hvc #0` line (WARN[n]: HVC #N, N = 0x7 when
// all three held), then a SIMD load from MMIO, which cannot be emulated: the VM is stopped.
    .equ AUX_ENABLES, 0x3F215004
    .equ AUX_MU_SCRATCH, 0x3F21505C
    .equ GPFSEL0, 0x3F200000
    .equ FLOOD, 20000
    .text
    .globl _start
_start:
    mov     x19, #0
    ldr     x0, =AUX_ENABLES
    mov     w1, #1
    str     w1, [x0]
    ldr     x0, =AUX_MU_SCRATCH
    mov     w1, #0x5a
    str     w1, [x0]
    str     wzr, [x0]                 // ISV=1, SRT=31: stores zero
    ldr     wzr, [x0]                 // loads into nothing
    ldr     w2, [x0]
    cbnz    w2, 1f
    orr     x19, x19, #1
1:  ldr     x0, =GPFSEL0
    ldr     w1, =0x12345678
    ldr     w2, =0x09abcdef
    stp     w1, w2, [x0]
    stp     wzr, wzr, [x0]            // ISV=0 with Rt = Rt2 = 31
    ldp     w3, w4, [x0]
    orr     w3, w3, w4
    cbnz    w3, 2f
    orr     x19, x19, #2
2:  mov     x5, x0
    stp     w1, w2, [x0, #8]!         // GPFSEL2/3, x0 += 8
    ldp     w3, w4, [x0], #-8         // x0 back
    cmp     x0, x5
    b.ne    3f
    cmp     w3, w1
    b.ne    3f
    cmp     w4, w2
    b.ne    3f
    ldr     w6, [x0, #12]
    cmp     w6, w2
    b.ne    3f
    orr     x19, x19, #4
3:  ldr     x20, =FLOOD
4:  ldp     w3, w4, [x0, #8]
    subs    x20, x20, #1
    b.ne    4b
    cmp     w3, w1                    // still served correctly after the flood
    b.eq    5f
    mov     x19, #0xbad
5:  mov     x8, x19
    hvc     #0
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1             // FP on, so that the load reaches the MMIO window
    isb
    ldr     q0, [x0]                  // SIMD from MMIO: stopped
    mov     x0, #1
    bl      hv_exit
    .ltorg
