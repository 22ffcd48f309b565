// Attacker: FP/SIMD and the other per-vCPU state in use in several VMs at once. It sets its
// own values (state.S, seeded from the counter) and checks them after every yield, as the
// well-behaved VMs do: exit code 0 when they all survived ROUNDS rounds, else the item lost.
    .equ ROUNDS, 6
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    mrs     x19, cntpct_el0
    lsl     x19, x19, #3              // another seed than the good VMs'
    orr     x19, x19, #6
    mov     x0, x19
    bl      state_fill
    mov     x20, #ROUNDS
1:  bl      hv_yield
    mov     x0, x19
    bl      state_check
    cbnz    x0, 2f
    subs    x20, x20, #1
    b.ne    1b
2:  bl      hv_exit
    .ltorg
