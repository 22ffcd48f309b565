// EL2 exception vectors and the only way into a guest.
//
// TPIDR_EL2 points at this core's PerCpu record (arch/percpu.ts); its first word is the
// frame of the vCPU the core runs: x0-x30, ELR_EL2, SPSR_EL2 (arch/frame.ts offsets). An
// exception from the guest saves the registers straight into that frame (not on the stack,
// so a handler can switch to another vCPU by changing the word), calls
// `handle_exit(kind)` (exits/dispatch.ts) on the core's EL2 stack with the `hyp` lock held
// (arch/spinlock.S; one core's exit at a time), then `vcpu_resume`
// restores whichever frame is current by then and erets. The EL2 stack is empty whenever a
// guest runs: each exit starts on it afresh.
// FP/SIMD: the hypervisor's own compiled code may use the SIMD registers (e.g. popcount),
// so EL2 always runs with CPTR_EL2.TFP set: its first FP instruction of an exit traps to
// `el2_fp_trap`, which saves the registers of the vCPU owning them (the per-core owner word)
// and lets EL2 go on. `vcpu_resume` clears TFP only for the vCPU that still owns its FP/SIMD
// registers; any other traps on its first FP instruction (arch/fpsimd.ts).
// Any other exception taken from EL2 itself is a hypervisor bug: `handle_el2_fault`
// reports it and this core stops.

    .equ FRAME_ELR, 248
    .equ FRAME_FP, 272                // the vCPU's FP/SIMD save area follows its frame
    .equ PERCPU_FP_OWNER, 24          // arch/percpu.ts
    .equ CPTR_NO_TRAP, 0x33ff         // RES1 bits only
    .equ CPTR_TFP, 0x37ff             // + TFP (bit 10)
    .equ EC_FP, 0x07
    .equ KIND_SYNC, 0
    .equ KIND_IRQ, 1
    .equ KIND_FIQ, 2
    .equ KIND_SERROR, 3

    .macro el2_fault index
    .balign 128
    mov     x0, #\index
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    mrs     x3, far_el2
    bl      handle_el2_fault
1:  wfe
    b       1b
    .endm

    .macro guest_exit kind
    .balign 128
    stp     x0, x1, [sp, #-16]!
    mov     x0, #\kind
    b       guest_save
    .endm

    .text
    .balign 2048
    .globl el2_vectors
el2_vectors:
    el2_fault 0                       // current EL with SP0: sync, IRQ, FIQ, SError
    el2_fault 1
    el2_fault 2
    el2_fault 3
    .balign 128                       // current EL with SPx: sync
    b       el2_sync
    el2_fault 5
    el2_fault 6
    el2_fault 7
    guest_exit KIND_SYNC              // lower EL, AArch64
    guest_exit KIND_IRQ
    guest_exit KIND_FIQ
    guest_exit KIND_SERROR
    el2_fault 12                      // lower EL, AArch32: the hypervisor runs no AArch32
    el2_fault 13
    el2_fault 14
    el2_fault 15

// The hypervisor's first FP/SIMD instruction of an exit: take the registers from their owner.
el2_sync:
    stp     x0, x1, [sp, #-32]!
    stp     x2, x30, [sp, #16]
    mrs     x0, esr_el2
    lsr     x0, x0, #26
    cmp     x0, #EC_FP
    b.ne    1f
    mov     x0, #CPTR_NO_TRAP
    msr     cptr_el2, x0
    isb
    mrs     x1, tpidr_el2
    ldr     x0, [x1, #PERCPU_FP_OWNER]
    cbz     x0, 2f
    str     xzr, [x1, #PERCPU_FP_OWNER]
    bl      fpsimd_save
2:  ldp     x2, x30, [sp, #16]
    ldp     x0, x1, [sp], #32
    eret
1:  ldp     x2, x30, [sp, #16]
    ldp     x0, x1, [sp], #32
    mov     x0, #4
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    mrs     x3, far_el2
    bl      handle_el2_fault
3:  wfe
    b       3b

// x0 = exit kind; the guest's x0/x1 are on the stack.
// Call frame information: a guest exit has no caller at EL2, so gdb's `bt` ends here.
    .cfi_sections .debug_frame        // not .eh_frame: nothing of it belongs in the image
guest_save:
    .cfi_startproc
    .cfi_undefined x30
    mrs     x1, tpidr_el2
    ldr     x1, [x1]
    stp     x2, x3, [x1, #16]
    stp     x4, x5, [x1, #32]
    stp     x6, x7, [x1, #48]
    stp     x8, x9, [x1, #64]
    stp     x10, x11, [x1, #80]
    stp     x12, x13, [x1, #96]
    stp     x14, x15, [x1, #112]
    stp     x16, x17, [x1, #128]
    stp     x18, x19, [x1, #144]
    stp     x20, x21, [x1, #160]
    stp     x22, x23, [x1, #176]
    stp     x24, x25, [x1, #192]
    stp     x26, x27, [x1, #208]
    stp     x28, x29, [x1, #224]
    ldp     x2, x3, [sp], #16
    stp     x2, x3, [x1, #0]
    mrs     x2, elr_el2
    mrs     x3, spsr_el2
    stp     x30, x2, [x1, #240]
    str     x3, [x1, #256]
    mov     x2, #CPTR_TFP             // EL2's own FP use traps (see above)
    msr     cptr_el2, x2
    isb
    mov     x19, x0                   // (the guest's x19 is saved)
    bl      rv_hyp_lock               // exits of all cores one at a time (arch/spinlock.ts)
    mov     x0, x19
    bl      handle_exit
    .cfi_endproc
    // fall through

// Enter (or go back to) the current vCPU of this core, releasing the `hyp` lock its caller
// holds. Also called once from main and from each secondary core's start.
    .globl vcpu_resume
    .type vcpu_resume, %function
vcpu_resume:
    bl      rv_hyp_unlock             // (clobbers x16, x30: all restored below)
    mrs     x0, tpidr_el2
    ldr     x1, [x0, #8]              // this core's stack top: the stack is empty in a guest
    mov     sp, x1
    ldr     x1, [x0, #PERCPU_FP_OWNER]
    ldr     x0, [x0]
    add     x2, x0, #FRAME_FP
    cmp     x1, x2                    // its FP registers still live in the CPU?
    mov     x1, #CPTR_NO_TRAP
    mov     x2, #CPTR_TFP
    csel    x1, x1, x2, eq
    msr     cptr_el2, x1              // (eret synchronises it)
    ldp     x1, x2, [x0, #FRAME_ELR]
    msr     elr_el2, x1
    msr     spsr_el2, x2
    ldp     x2, x3, [x0, #16]
    ldp     x4, x5, [x0, #32]
    ldp     x6, x7, [x0, #48]
    ldp     x8, x9, [x0, #64]
    ldp     x10, x11, [x0, #80]
    ldp     x12, x13, [x0, #96]
    ldp     x14, x15, [x0, #112]
    ldp     x16, x17, [x0, #128]
    ldp     x18, x19, [x0, #144]
    ldp     x20, x21, [x0, #160]
    ldp     x22, x23, [x0, #176]
    ldp     x24, x25, [x0, #192]
    ldp     x26, x27, [x0, #208]
    ldp     x28, x29, [x0, #224]
    ldr     x30, [x0, #240]
    ldp     x0, x1, [x0, #0]
    eret
    .size vcpu_resume, . - vcpu_resume
