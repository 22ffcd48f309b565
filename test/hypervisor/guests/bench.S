// Benchmark guest (test/bench/vm-exits.ts): known exits in phases, each from its own code so
// that the benchmark can tell them apart by the guest PC that exited:
//  1. `lsr_loop`: 40 mini-UART LSR reads (data abort, ISV=1, emulated read);
//  2. `hvc_loop`: 40 hypercalls (HVC_VERSION round trip);
//  3. `timer_loop`: spins while its system timer C1 interrupts it every 230 µs (40 times;
//     not a multiple of the 100 µs slices, so that the compare falls in both VMs' slices):
//     the hypervisor's EL2 timer exit injects the virtual IRQ; the handler re-arms C1.
// Then it prints "bench done" and waits.
    .equ AUX_ENABLES, 0x3F215004
    .equ AUX_MU_LSR, 0x3F215054
    .equ ST_CS, 0x3F003000
    .equ ST_CLO, 0x3F003004
    .equ ST_C1, 0x3F003010
    .equ ENABLE_IRQS_1, 0x3F00B210
    .equ HVC_VERSION, 0xC6000000
    .equ HVC_CONSOLE_WRITE, 0xC6000001
    .equ TICKS, 40
    .equ PERIOD_US, 230

    .text
    .globl _start
_start:
    ldr     x0, =0x100000
    mov     sp, x0
    ldr     x0, =AUX_ENABLES
    mov     w1, #1
    str     w1, [x0]
    ldr     x0, =AUX_MU_LSR
    mov     x2, #40
    .globl lsr_loop
lsr_loop:
    ldr     w1, [x0]
    subs    x2, x2, #1
    b.ne    lsr_loop
    mov     x2, #40
    .globl hvc_loop
hvc_loop:
    ldr     w0, =HVC_VERSION
    hvc     #0
    subs    x2, x2, #1
    b.ne    hvc_loop
    adr     x0, vectors
    msr     vbar_el1, x0
    isb
    mov     x19, #0                   // ticks taken (the handler counts)
    bl      arm
    ldr     x0, =ENABLE_IRQS_1
    mov     w1, #2                    // IRQ 1: system timer C1
    str     w1, [x0]
    msr     daifclr, #2
    .globl timer_loop
timer_loop:
    cmp     x19, #TICKS
    b.lo    timer_loop
    msr     daifset, #2
    adr     x1, msg
    mov     x2, #(msg_end - msg)
    ldr     w0, =HVC_CONSOLE_WRITE
    hvc     #0
1:  wfi
    b       1b

arm:                                  // C1 = CLO + PERIOD_US
    ldr     x0, =ST_CLO
    ldr     w1, [x0]
    add     w1, w1, #PERIOD_US
    ldr     x0, =ST_C1
    str     w1, [x0]
    ret

irq:
    stp     x0, x1, [sp, #-32]!
    str     x30, [sp, #16]
    ldr     x0, =ST_CS
    mov     w1, #2
    str     w1, [x0]                  // clear the C1 match
    add     x19, x19, #1
    bl      arm
    ldr     x30, [sp, #16]
    ldp     x0, x1, [sp], #32
    eret
    .ltorg

    .balign 2048
    .globl vectors
vectors:
    .rept 5
    .balign 128
    b       .
    .endr
    .balign 128                       // current EL with SPx: IRQ (+0x280)
    b       irq
    .rept 10
    .balign 128
    b       .
    .endr
msg: .ascii "bench done\r\n"
msg_end:
