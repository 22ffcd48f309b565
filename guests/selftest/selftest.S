// The instructions selftest makes take exceptions (main.ts): each is its own routine, with the
// excepting instruction at a global label so main can check ELR against its address. Each
// returns x0 as the exception handler left it in the frame (the handler writes a marker there:
// proof that the frame is restored on the way back).
    .text
    .globl st_svc
    .globl st_svc_insn
st_svc:
    mov     x0, #0
st_svc_insn:
    svc     #0x1234
    ret

    .globl st_udf
    .globl st_udf_insn
st_udf:
    mov     x0, #0
st_udf_insn:
    .inst   0x00005a5a                // udf #0x5a5a (the permanently undefined encoding)
    ret

    .globl st_brk
    .globl st_brk_insn
st_brk:
    mov     x0, #0
st_brk_insn:
    brk     #0x77
    ret

// x0 = address to read
    .globl st_load
    .globl st_load_insn
st_load:
st_load_insn:
    ldr     x0, [x0]
    ret

// x0 = address to write, x1 = value
    .globl st_store
    .globl st_store_insn
st_store:
st_store_insn:
    str     x1, [x0]
    ret
