// Test guest: prints a line, then loads from an IPA outside its RAM and the MMIO window: the
// hypervisor stops this VM with a one-line report, the other VMs go on.
    .equ AUX_MU_IO, 0x3F215040
    .text
    .globl _start
_start:
    ldr     x0, =0x50000000
    ldr     w1, [x0]
    b       .
    .ltorg
