// Test guest: the hypercall ABI (docs/hypervisor.md). Writes its lines with the console-write
// hypercall, checks the version and an unknown id, yields, makes the C original's legacy
// `mov x8, N; hvc #0`, then exits with code 7.
    .equ HVC_VERSION, 0xC6000000
    .equ HVC_CONSOLE_WRITE, 0xC6000001
    .equ HVC_YIELD, 0xC6000002
    .equ HVC_VM_EXIT, 0xC6000003

    .text
    .globl _start
_start:
    ldr     w0, =HVC_VERSION
    hvc     #0
    mov     x19, x0                   // 0x10000 expected
    adr     x1, msg_hello
    mov     x2, #(msg_hello_end - msg_hello)
    ldr     w0, =HVC_CONSOLE_WRITE
    hvc     #0
    cmp     x0, #(msg_hello_end - msg_hello)
    b.ne    bad
    cmp     x19, #0x10000
    b.ne    bad
    ldr     w0, =0xC60000FF           // unknown id in the SMCCC range -> -1
    hvc     #0
    cmn     x0, #1
    b.ne    bad
    mov     x0, #5
    hvc     #1                        // other immediates -> -1
    cmn     x0, #1
    b.ne    bad
    ldr     w0, =HVC_YIELD
    hvc     #0
    cbnz    x0, bad
    mov     x0, #0
    mov     x8, #777
    hvc     #0                        // legacy: WARN[n]: HVC #777
    adr     x1, msg_ok
    mov     x2, #(msg_ok_end - msg_ok)
    ldr     w0, =HVC_CONSOLE_WRITE
    hvc     #0
    ldr     w0, =HVC_VM_EXIT
    mov     x1, #7
    hvc     #0
    b       .                         // not reached
bad:
    adr     x1, msg_bad
    mov     x2, #(msg_bad_end - msg_bad)
    ldr     w0, =HVC_CONSOLE_WRITE
    hvc     #0
    b       .
    .ltorg
msg_hello: .ascii "hvc: console write\r\n"
msg_hello_end:
msg_ok: .ascii "hvc: version, unknown ids, yield ok\r\n"
msg_ok_end:
msg_bad: .ascii "hvc: WRONG RESULT\r\n"
msg_bad_end:
