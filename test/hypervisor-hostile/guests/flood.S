// Attacker: makes the hypervisor complain on every exit. FLOOD legacy `hvc #0` lines (each a
// WARN line: the console rate-limits them per VM), then writes to every PMU event counter and
// debug breakpoint/watchpoint register (MDCR_EL2 traps them: RAZ/WI, reported once each).
// Exit code: how many of those its own vector took (0 where MDCR_EL2 traps them to EL2, RAZ/WI;
// all 32 where the CPU model makes them UNDEFINED): either way it gets through it all, and the
// hypervisor does not run out of memory.
    .equ FLOOD, 12000
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    ldr     x19, =FLOOD
1:  mov     x8, x19
    hvc     #0
    subs    x19, x19, #1
    b.ne    1b
    mov     x0, #1
    .irp n, 0,1,2,3,4,5                // the A53's six event counters
    msr     pmevcntr\n\()_el0, x0
    msr     pmevtyper\n\()_el0, x0
    .endr
    .irp n, 0,1,2,3,4,5                // its six breakpoints
    msr     dbgbvr\n\()_el1, x0
    msr     dbgbcr\n\()_el1, x0
    .endr
    .irp n, 0,1,2,3                    // its four watchpoints
    msr     dbgwvr\n\()_el1, x0
    msr     dbgwcr\n\()_el1, x0
    .endr
    adr     x0, lib_caught
    ldr     x0, [x0]
    bl      hv_exit
    .ltorg
