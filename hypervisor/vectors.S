// EL2 exception vectors. A synchronous exception from the EL1 guest (HVC, and later traps
// and aborts) saves the guest's x0-x30, ELR_EL2 and SPSR_EL2 in a frame on the EL2 stack and
// calls the AssemblyScript `handle_guest_sync(frame)`; the handler may change the frame
// (return values, ELR), which is restored before `eret`. Anything else is unexpected:
// `handle_unexpected(vector, esr, elr)` reports it and stops.

    .equ FRAME_SIZE, 272              // 31 registers + ELR + SPSR, 16-byte aligned
    .equ FRAME_ELR, 248
    .equ FRAME_SPSR, 256

    .macro unexpected index
    .balign 128
    mov     x0, #\index
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    bl      handle_unexpected
    b       rv_halt
    .endm

    .text
    .balign 2048
    .globl el2_vectors
el2_vectors:
    unexpected 0                      // current EL, SP0: sync, IRQ, FIQ, SError
    unexpected 1
    unexpected 2
    unexpected 3
    unexpected 4                      // current EL, SPx
    unexpected 5
    unexpected 6
    unexpected 7
    .balign 128                       // lower EL, AArch64: sync
    b       guest_sync
    unexpected 9
    unexpected 10
    unexpected 11
    unexpected 12                     // lower EL, AArch32
    unexpected 13
    unexpected 14
    unexpected 15

guest_sync:
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    str     x30, [sp, #240]
    stp     x0, x1, [sp, #FRAME_ELR]
    mov     x0, sp
    bl      handle_guest_sync
    ldp     x0, x1, [sp, #FRAME_ELR]
    msr     elr_el2, x0
    msr     spsr_el2, x1
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    add     sp, sp, #FRAME_SIZE
    eret
