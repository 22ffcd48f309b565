// Shared by the hostile-suite guests (copied beside each one; every .S of a guest folder is
// assembled into it). The guests run at EL1 with their MMU off, so an address is an IPA.
// Calls clobber x0-x17 and preserve x19-x29.
//   hv_write(x0 = address, x1 = length)   CONSOLE_WRITE hypercall (joins the VM's UART output)
//   hv_puts(x0 = NUL-terminated string)
//   hv_put_hex(x0)                        "0x..." without leading zeros
//   hv_exit(x0 = code)                    VM_EXIT: "INFO[n]: exited with code N", never returns
//   hv_yield()
//   hv_boot_marker(x0 = banner, x1 = value)  prints the banner, the word at LIB_MARKER (0x0 in
//                                         fresh memory: the restart tests' proof) and a newline,
//                                         then leaves `value` there for the next boot to see
//   lib_vectors                           EL1 vectors: a synchronous exception from EL1 is counted
//                                         in `lib_caught`, its EC ORed into `lib_ec_seen` (bit EC),
//                                         its ESR kept in `lib_last_esr`, and the instruction
//                                         skipped (or, when `lib_resume` is set, execution goes
//                                         there, in EL1h with IL clear, and `lib_resume` is cleared); anything else exits
//                                         with code 0xEE.
    .equ HVC_CONSOLE_WRITE, 0xC6000001
    .equ HVC_YIELD, 0xC6000002
    .equ HVC_VM_EXIT, 0xC6000003

    .text
    .globl hv_write
hv_write:
    mov     x2, x1
    mov     x1, x0
    ldr     w0, =HVC_CONSOLE_WRITE
    hvc     #0
    ret

    .globl hv_puts
hv_puts:
    mov     x1, #0
1:  ldrb    w2, [x0, x1]
    cbz     w2, 2f
    add     x1, x1, #1
    b       1b
2:  b       hv_write

    .globl hv_put_hex
hv_put_hex:
    sub     sp, sp, #32
    mov     x3, sp
    mov     w4, #'0'
    strb    w4, [x3], #1
    mov     w4, #'x'
    strb    w4, [x3], #1
    mov     x5, #60                   // shift of the first nibble printed
1:  cmp     x5, #0
    b.eq    2f
    lsr     x6, x0, x5
    cbnz    x6, 2f
    sub     x5, x5, #4
    b       1b
2:  lsr     x6, x0, x5
    and     x6, x6, #15
    cmp     x6, #10
    add     x7, x6, #'0'
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x5, x5, #4
    b.ge    2b
    mov     x0, sp
    sub     x1, x3, x0
    stp     x30, xzr, [sp, #24]
    bl      hv_write
    ldr     x30, [sp, #24]
    add     sp, sp, #32
    ret

    .globl hv_exit
hv_exit:
    mov     x1, x0
    ldr     w0, =HVC_VM_EXIT
    hvc     #0
    b       .

    .globl hv_yield
hv_yield:
    ldr     w0, =HVC_YIELD
    hvc     #0
    ret

    .equ LIB_MARKER, 0x200000
    .globl hv_boot_marker
hv_boot_marker:
    stp     x29, x30, [sp, #-32]!
    stp     x19, x20, [sp, #16]
    mov     x19, x1
    ldr     x20, =LIB_MARKER
    bl      hv_puts
    ldr     x0, [x20]
    bl      hv_put_hex
    adr     x0, lib_newline
    bl      hv_puts
    str     x19, [x20]
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret

    .globl lib_install_vectors
lib_install_vectors:
    adr     x0, lib_vectors
    msr     vbar_el1, x0
    isb
    ret
    .ltorg
lib_newline: .asciz "\n"
    .balign 4

    .macro vec_other
    .balign 128
    mov     x0, #0xEE
    b       hv_exit
    .endm

    .balign 2048
    .globl lib_vectors
lib_vectors:
    vec_other                         // current EL, SP0
    vec_other
    vec_other
    vec_other
    .balign 128                       // current EL, SPx: sync
    b       lib_sync
    vec_other
    vec_other
    vec_other
    vec_other                         // lower EL
    vec_other
    vec_other
    vec_other
    vec_other
    vec_other
    vec_other
    vec_other

lib_sync:
    stp     x0, x1, [sp, #-32]!
    stp     x2, x3, [sp, #16]
    adr     x0, lib_caught
    ldr     x1, [x0]
    add     x1, x1, #1
    str     x1, [x0]
    mrs     x1, esr_el1
    str     x1, [x0, #16]             // lib_last_esr
    lsr     x1, x1, #26
    and     x1, x1, #0x3f
    mov     x2, #1
    lsl     x2, x2, x1
    ldr     x3, [x0, #8]              // lib_ec_seen
    orr     x3, x3, x2
    str     x3, [x0, #8]
    ldr     x2, [x0, #24]             // lib_resume
    cbz     x2, 1f
    str     xzr, [x0, #24]
    msr     elr_el1, x2
    mov     x2, #0x3c5                // EL1h, DAIF masked, PSTATE.IL clear (after an illegal return)
    msr     spsr_el1, x2
    b       2f
1:  mrs     x2, elr_el1
    add     x2, x2, #4
    msr     elr_el1, x2
2:  ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp], #32
    eret

    // Variables in .text: the guest runs with its MMU off (stage 2 maps its RAM read/write).
    .balign 8
    .globl lib_caught, lib_ec_seen, lib_last_esr, lib_resume
lib_caught: .quad 0
lib_ec_seen: .quad 0
lib_last_esr: .quad 0
lib_resume: .quad 0
