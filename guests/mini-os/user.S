// The user programs of mini-os: EL0 code the kernel copies to virtual address 0 of each user
// process (position-independent: PC-relative addresses only). System calls: `svc #0` with the
// number in w8 (syscalls.ts): 0 write(x0 = buffer, x1 = length), 1 fork() -> child's pid in the
// parent, 0 in the child, 2 exit(x0 = code), 3 sleep(x0 = timer ticks).
// Entry points (offsets from user_begin, main.ts): user_demo, user_probe, user_exit.

    .equ SYS_WRITE, 0
    .equ SYS_FORK, 1
    .equ SYS_EXIT, 2
    .equ SYS_SLEEP, 3
    .equ DELAY, 200000              // busy loop between characters: preemption, not sleep, interleaves

    .macro syscall n
    mov     w8, #\n
    svc     #0
    .endm

    .section .rodata.user, "a"
    .balign 8                       // copied into a page of its own: no need to be page-aligned here
    .globl user_begin
user_begin:

// The C original's user process: "User process", fork, then the parent prints 12345 and the
// child abcde, one write per character, forever.
    .globl user_demo
user_demo:
    adr     x0, s_hello
    mov     x1, #(s_hello_end - s_hello)
    syscall SYS_WRITE
    syscall SYS_FORK
    adr     x19, s_digits
    adr     x20, s_letters
    cmp     x0, #0
    csel    x19, x20, x19, eq        // the child prints letters
1:  mov     x21, #0
2:  add     x0, x19, x21
    mov     x1, #1
    syscall SYS_WRITE
    ldr     x2, =DELAY
3:  subs    x2, x2, #1
    b.ne    3b
    add     x21, x21, #1
    cmp     x21, #5
    b.ne    2b
    b       1b

// Tries to read the kernel's memory: mini-os must report the fault and go on without it.
    .globl user_probe
user_probe:
    adr     x0, s_probe
    mov     x1, #(s_probe_end - s_probe)
    syscall SYS_WRITE
    ldr     x1, =0xffff000000080000
    ldr     x0, [x1]
    adr     x0, s_leak                // not reached
    mov     x1, #(s_leak_end - s_leak)
    syscall SYS_WRITE
    b       .

// Writes, sleeps two ticks (WFI in the kernel's idle loop meanwhile), exits with code 7.
    .globl user_exit
user_exit:
    adr     x0, s_short
    mov     x1, #(s_short_end - s_short)
    syscall SYS_WRITE
    mov     x0, #2
    syscall SYS_SLEEP
    mov     x0, #7
    syscall SYS_EXIT
    b       .

    .ltorg
s_hello:    .ascii "User process\r\n"
s_hello_end:
s_digits:   .ascii "12345"
s_letters:  .ascii "abcde"
s_probe:    .ascii "probe: reading kernel memory at 0xffff000000080000\r\n"
s_probe_end:
s_leak:     .ascii "probe: read it (isolation broken)\r\n"
s_leak_end:
s_short:    .ascii "short-lived: sleep 2 ticks, then exit(7)\r\n"
s_short_end:
    .balign 4
    .globl user_end
user_end:

    .text
// Where the user code lies in the kernel image (machine addresses).
    .globl user_begin_addr
user_begin_addr:
    adr     x0, user_begin
    ret
    .globl user_end_addr
user_end_addr:
    adr     x0, user_end
    ret
    .globl user_entry_offsets
// x0 = 0 demo, 1 probe, 2 exit -> offset from user_begin
user_entry_offsets:
    adr     x1, user_begin
    adr     x2, user_demo
    adr     x3, user_probe
    adr     x4, user_exit
    cmp     x0, #1
    csel    x2, x3, x2, eq
    cmp     x0, #2
    csel    x2, x4, x2, eq
    sub     x0, x2, x1
    ret
