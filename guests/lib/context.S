// Context switch between kernel threads (lib/context.ts). A context holds what a function call
// must preserve: x19-x28, x29, SP and the return address (13 words). The two arguments are
// wasm addresses (the program adds its address base).
    .text
    .globl rv_switch
    .type rv_switch, %function
// rv_switch(prev, next): save the callee-saved state in prev, resume next where it called
// rv_switch (or at its start address, context.ts's newContext).
rv_switch:
    adrp    x9, __rv_address_base
    ldr     x9, [x9, :lo12:__rv_address_base]
    add     x0, x9, w0, uxtw
    add     x1, x9, w1, uxtw
    mov     x10, sp
    stp     x19, x20, [x0, #0]
    stp     x21, x22, [x0, #16]
    stp     x23, x24, [x0, #32]
    stp     x25, x26, [x0, #48]
    stp     x27, x28, [x0, #64]
    stp     x29, x10, [x0, #80]
    str     x30, [x0, #96]
    ldp     x19, x20, [x1, #0]
    ldp     x21, x22, [x1, #16]
    ldp     x23, x24, [x1, #32]
    ldp     x25, x26, [x1, #48]
    ldp     x27, x28, [x1, #64]
    ldp     x29, x10, [x1, #80]
    ldr     x30, [x1, #96]
    mov     sp, x10
    ret
    .size rv_switch, . - rv_switch

// A new thread's first instructions: IRQs on, then rv_thread_entry(x19 = function, x20 = arg)
// in AssemblyScript; a thread whose function returns calls rv_thread_exit.
    .globl rv_thread_start
rv_thread_start:
    msr     daifclr, #2
    mov     x0, x19
    mov     x1, x20
    bl      rv_thread_entry
    bl      rv_thread_exit
    b       .

// Leave the current stack for a saved exception frame at x0 (a machine address) and return
// from the exception through it (lib/vectors.S): how a kernel thread becomes a user process.
    .globl rv_enter_frame
rv_enter_frame:
    mov     sp, x0
    b       rv_el1_return

    .globl rv_thread_start_addr
rv_thread_start_addr:
    adr     x0, rv_thread_start
    ret

    .globl rv_el1_return_addr
rv_el1_return_addr:
    adr     x0, rv_el1_return
    ret
