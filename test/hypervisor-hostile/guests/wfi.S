// Attacker: WFI with every interrupt masked, for ever. The vCPU waits (costs nothing); nothing
// it does wakes it, and the other VMs go on.
    .text
    .globl _start
_start:
    msr     daifset, #0xf
1:  wfi
    b       1b
