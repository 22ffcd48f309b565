// Attacker: executes from the MMIO window (the mini-UART's IO register): nothing is ever mapped
// there at stage 2, so the fetch is an instruction abort to EL2 and the VM is stopped.
    .text
    .globl _start
_start:
    ldr     x0, =0x3F215040
    br      x0
    .ltorg
