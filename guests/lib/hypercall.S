// The C original's hypercall: x8 carries a number, `hvc #0`; x0 = 0 so that an SMCCC-style
// hypervisor (raspvisor's) takes it for the original's kind (lib/hypercall.ts).
    .text
    .globl rv_hvc_x8
    .type rv_hvc_x8, %function
rv_hvc_x8:
    mov     x8, x0
    mov     x0, #0
    hvc     #0
    ret
    .size rv_hvc_x8, . - rv_hvc_x8
