// Names of the wasm trap kinds, indexed by the kind __wasm_trap receives in w0 (the numbering
// is docs/backend.md's). Shared by the bare-metal and Linux-user runtimes; leaves the
// assembler in .rodata.
    .section .rodata
    .balign 8
    .equ TRAP_KINDS, 9
trap_names:
    .quad t0, t1, t2, t3, t4, t5, t6, t7, t8
t0: .asciz "unreachable"
t1: .asciz "integer divide by zero"
t2: .asciz "integer overflow"
t3: .asciz "invalid conversion to integer"
t4: .asciz "out of bounds memory access"
t5: .asciz "undefined element"
t6: .asciz "uninitialized element"
t7: .asciz "indirect call type mismatch"
t8: .asciz "call stack exhausted"
