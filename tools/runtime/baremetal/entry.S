// rv_start: the entry of a program without its own boot code (no `_start` in its .S files):
// core 0 continues, the others park; the runtime's reporting exception vectors (vectors.S) at
// the EL it runs in; stack; rv_runtime_init (start.S); `main`; then halt.

    .section .text.rv_boot, "ax"
    .globl rv_start
    .type rv_start, %function
rv_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #3
    cbnz    x0, rv_halt               // secondary cores: parked
    adr     x0, rv_default_vectors
    mrs     x1, CurrentEL
    ubfx    x1, x1, #2, #2
    cmp     x1, #2
    b.eq    2f
    b.hi    3f
    msr     vbar_el1, x0
    b       4f
2:  msr     vbar_el2, x0
    b       4f
3:  msr     vbar_el3, x0
4:  isb
    adrp    x0, __rv_stack_top
    ldr     x0, [x0, :lo12:__rv_stack_top]
    mov     sp, x0
    bl      rv_runtime_init
    bl      main
    b       rv_halt
    .size rv_start, . - rv_start

