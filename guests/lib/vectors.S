// EL1 exception vectors. Every entry saves the interrupted context as a frame on SP_EL1
// (x0-x30, SP_EL0, ELR_EL1, SPSR_EL1: 34 words, 272 bytes, layout in vectors.ts), calls
// rv_el1_exception(kind, frame) in AssemblyScript (kind = the vector's index 0-15: 0-3 current
// EL with SP_EL0, 4-7 current EL with SP_ELx, 8-11 lower EL AArch64, 12-15 lower EL AArch32;
// within each group sync, IRQ, FIQ, SError) and returns from the exception with the frame's
// (possibly changed) values. rv_el1_exception is exported by the guest's main.ts
// (`export { rv_el1_exception } from "../lib/vectors"`).

    .equ FRAME_SIZE, 272

    .macro ventry kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       rv_el1_save
    .endm

    .text
    .balign 0x800
    .globl rv_el1_vectors
rv_el1_vectors:
    .irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    ventry \k
    .endr

rv_el1_save:
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
    mrs     x1, sp_el0
    stp     x30, x1, [sp, #240]
    mrs     x1, elr_el1
    mrs     x2, spsr_el1
    stp     x1, x2, [sp, #256]
    // the frame's wasm address: compiled code expects a 32-bit argument zero-extended, and a
    // high-half kernel's SP is its address base + the physical address, i.e. the wasm one
    mov     x1, sp
    mov     w1, w1
    bl      rv_el1_exception
    // fall through: return through the frame at SP

// Restore the frame at SP and return from the exception. A new task's first run starts here
// with a frame built by the scheduler (lib/sched.ts).
    .globl rv_el1_return
rv_el1_return:
    ldp     x1, x2, [sp, #256]
    msr     elr_el1, x1
    msr     spsr_el1, x2
    ldp     x30, x1, [sp, #240]
    msr     sp_el0, x1
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
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret

// The table's address (AssemblyScript cannot take a .S symbol's address: issue 18).
    .globl rv_el1_vectors_addr
rv_el1_vectors_addr:
    adr     x0, rv_el1_vectors
    ret
