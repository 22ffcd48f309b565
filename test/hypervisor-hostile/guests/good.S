// A well-behaved VM of the hostile suite: its transcript must come out the same with the
// attackers beside it as without them. It sets all the state that is its own (state.S) from a
// seed taken from the counter (so two VMs of this image differ), then for ROUNDS rounds gives
// the core away (yield hypercall, then a stretch of work, during which its slice may end) and
// checks that everything is still its own and that a page it never touched reads as zero.
// Then it waits for ever (exit code 1 when something was lost).
// Lines end in LF alone: every line the console itself prints ends in CR LF, which is how the
// test tells the VM's bytes from the console's.
    .equ ROUNDS, 24
    .equ FRESH, 0x400000              // fresh pages from here, one per round

    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    mrs     x19, cntpct_el0
    orr     x19, x19, #1
    mov     x0, x19
    bl      state_fill
    mov     x20, #1
loop:
    bl      hv_yield
    ldr     x0, =3000000              // work: 6 ms of our emulator's virtual time
1:  subs    x0, x0, #1
    b.ne    1b
    mov     x0, x19
    bl      state_check
    mov     x21, x0
    cbnz    x21, bad
    ldr     x0, =FRESH
    add     x0, x0, x20, lsl #12
    bl      page_zero
    mov     x21, #50
    cbnz    x0, bad
    ldr     x0, =FRESH
    add     x0, x0, x20, lsl #12
    str     x19, [x0, #8]             // now it is not fresh any more
    adr     x0, msg_round
    bl      hv_puts
    mov     x0, x20
    bl      hv_put_hex
    adr     x0, msg_ok
    bl      hv_puts
    add     x20, x20, #1
    cmp     x20, #ROUNDS
    b.ls    loop
    adr     x0, msg_done
    bl      hv_puts
    msr     daifset, #0xf             // done: wait for good (the test reads the console meanwhile)
1:  wfi
    b       1b
bad:
    adr     x0, msg_round
    bl      hv_puts
    mov     x0, x20
    bl      hv_put_hex
    adr     x0, msg_bad
    bl      hv_puts
    mov     x0, x21
    bl      hv_put_hex
    adr     x0, msg_nl
    bl      hv_puts
    mov     x0, #1
    bl      hv_exit
    .ltorg
msg_round: .asciz "good: round "
msg_ok: .asciz " ok\n"
msg_bad: .asciz " LOST item "
msg_nl: .asciz "\n"
msg_done: .asciz "good: done\n"
