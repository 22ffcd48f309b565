// Attacker: SMC from EL1. HCR_EL2.TSC traps it to EL2 (EL3 never sees it). PSCI through SMC
// is served (PSCI_VERSION: 0.2); any other SMC (here a SiP service call, as a guest for
// another board's firmware would make) stops the VM.
    .text
    .globl _start
_start:
    mov     x0, #0x84000000           // PSCI_VERSION
    smc     #0
    cmp     x0, #2
    b.ne    1f
    mov     x0, #0xC2000000           // SiP service 0: not for VMs
    smc     #0
1:  mov     x0, #1                    // reached only when PSCI_VERSION was wrong
    bl      hv_exit
