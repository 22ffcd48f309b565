// The first guest: one hypercall. x8 carries the call number (777), as in the original
// raspvisor's test_binary; the hypervisor prints it with the ESR of the trap. After the
// hypervisor returns, the guest waits forever.
    .section .text.boot, "ax"
    .globl _start
_start:
    mov     x8, #777
    hvc     #0
1:  wfi
    b       1b
