// Planted fault (el2-fault.test.ts): after a delay, the test-only hypercall 0xC60000EF
// (hypervisor/exits/el2-fault-plant.ts), which makes the hypervisor itself fault at EL2 in
// this VM's exit, on the core running it. A test build never returns from it. The default
// build does not have it: -1 (NOT_SUPPORTED) comes back, and the VM exits with that value
// ("exited with code 18446744073709551615").
    .equ DELAY, 1500000               // ~3 ms of our emulator's virtual time: the good VMs are mid-way
    .equ HVC_PLANT_EL2_FAULT, 0xC60000EF
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    ldr     x0, =DELAY
1:  subs    x0, x0, #1
    b.ne    1b
    ldr     w0, =HVC_PLANT_EL2_FAULT
    hvc     #0
    bl      hv_exit
    .ltorg
