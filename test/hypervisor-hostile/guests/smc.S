// Attacker: SMC from EL1. HCR_EL2.TSC traps it to EL2 (EL3 never sees it): the VM is stopped.
    .text
    .globl _start
_start:
    mov     x0, #0x82000000           // a SiP service call (PSCI ids are served: exits/psci.ts)
    smc     #0
    mov     x0, #1                    // never reached
    bl      hv_exit
