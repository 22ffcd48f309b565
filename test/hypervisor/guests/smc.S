// Test guest: an SMC. HCR_EL2.TSC traps it to the hypervisor (whatever EL3 would do), which
// stops this VM with its report instead of letting it reach the secure monitor.
    .text
    .globl _start
_start:
    mov     x0, #0x82000000           // a SiP service call (PSCI ids are served: exits/psci.ts)
    smc     #0
    b       .
