// Soak-run VM (soak.test.ts): computes for a pseudo-random time, then faults in one of four
// ways, each of which must stop it with one report: a load outside its memory, a SiP SMC, a
// fetch from the MMIO window, a SIMD load from MMIO. Seeded by the counter at its start (our
// emulator's time follows instructions, so a run repeats exactly; each restart draws anew).
// At its start it touches the same pages every time (code, stack, MARKER), so the pages it
// holds do not depend on how far it got; MARKER must read zero (fresh memory), or it exits
// with code 77.
    .equ MARKER, 0x100000
    .equ MIN_LOOPS, 100000            // 2 instructions each: 0.2 ms of our emulator's virtual time
    .equ RANGE_LOOPS, 4000000         // up to 8 ms more

    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    stp     xzr, xzr, [sp, #-16]!
    ldr     x19, =MARKER
    ldr     x1, [x19]
    cbnz    x1, stale
    str     x19, [x19]
    mrs     x20, cntpct_el0
    ldr     x2, =6364136223846793005  // Knuth's MMIX LCG, twice
    ldr     x3, =1442695040888963407
    madd    x20, x20, x2, x3
    madd    x20, x20, x2, x3
    lsr     x4, x20, #33
    ldr     x5, =RANGE_LOOPS
    udiv    x6, x4, x5
    msub    x4, x6, x5, x4
    ldr     x5, =MIN_LOOPS
    add     x4, x4, x5
1:  subs    x4, x4, #1
    b.ne    1b
    ubfx    x7, x20, #20, #2
    cmp     x7, #1
    b.lo    outside
    b.eq    sip
    cmp     x7, #2
    b.eq    fetch
    mov     x1, #(3 << 20)            // CPACR_EL1.FPEN: FP/SIMD on at EL1
    msr     cpacr_el1, x1
    isb
    ldr     x1, =0x3F200000           // GPIO: a SIMD load cannot be emulated
    ldr     q0, [x1]
    b       unreached
outside:
    ldr     x1, =0x2000000            // 32 MiB: past its 16 MiB (nothing mapped there)
    ldr     x0, [x1]
    b       unreached
sip:
    ldr     w0, =0xC2000000           // a SiP service call: not for VMs
    smc     #0
    b       unreached
fetch:
    ldr     x1, =0x3F215040           // the mini-UART's IO register
    br      x1
unreached:
    mov     x0, #0xEE
    bl      hv_exit
stale:
    mov     x0, #77
    bl      hv_exit
    .ltorg
