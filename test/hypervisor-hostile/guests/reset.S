// Resets itself: it prints the word at LIB_MARKER (0x0 in fresh memory), leaves a marker, works
// for a while, then calls PSCI SYSTEM_RESET through HVC: the hypervisor restarts the VM from
// its image, so the same line comes again, for ever. Were the call to return, it would say so.
    .equ MARKER_VALUE, 0x4e5e7
    .equ PSCI_SYSTEM_RESET, 0x84000009

    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    adr     x0, banner
    ldr     x1, =MARKER_VALUE
    bl      hv_boot_marker
    ldr     x0, =2000000              // work: ~4 ms of our emulator's virtual time
1:  subs    x0, x0, #1
    b.ne    1b
    ldr     w0, =PSCI_SYSTEM_RESET
    hvc     #0
    adr     x0, returned
    bl      hv_puts
    mov     x0, #0xEE
    bl      hv_exit
    .ltorg
banner: .asciz "reset: up, marker "
returned: .asciz "reset: SYSTEM_RESET returned\n"
