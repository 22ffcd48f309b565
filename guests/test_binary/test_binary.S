// test_binary's entry (lib/boot.S's first instruction branches here): the C original's whole
// program, `mov x8, #777; hvc #0`, made at once when the guest starts at EL1 under a
// hypervisor (position-independent, so it works even where the guest is not loaded at its
// link address). Booted bare (at EL2 or EL3) there is nobody to answer yet: main makes the
// call after lib/boot.S installed its stand-in. Then the shared boot code (lib/boot.S) runs
// main.ts.
    .text
    .globl _start
_start:
    mov     x8, #777
    mrs     x9, CurrentEL
    cmp     x9, #(1 << 2)
    b.ne    rv_guest_start
    hvc     #0
    b       rv_guest_start
