// Attacker: one undefined encoding from each class (unallocated top-level groups, the SVE group
// the A53 lacks, reserved forms in data processing, loads/stores, branches/system and SIMD/FP),
// then an exception return to EL2 from EL1 (an illegal return: PSTATE.IL, EC 0x0E at EL1). Each
// must reach the guest's own vector. Exit code: the number taken (COUNT when all), + 0x80 when
// one of them had another EC than expected.
    .equ COUNT, 9
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1             // FP on: the SIMD/FP encoding must be undefined for what it is
    isb
    .inst   0x00000000                // UDF #0, op0 = 0000
    .inst   0x02000000                // op0 = 0001: unallocated
    .inst   0x04000000                // op0 = 0010: SVE (not on the A53)
    .inst   0x06000000                // op0 = 0011: unallocated
    .inst   0xd4000000                // exception generation with LL = 00, opc 000: unallocated
    .inst   0x1ac00000 | (0x18 << 10) // data processing (2 source), opcode 011000: unallocated
    .inst   0x38a00800 | (1 << 12)    // load/store register (other) with reserved bits set
    .inst   0x5ef00000 | (1 << 11)    // SIMD scalar: reserved form
    adr     x2, lib_caught
    ldr     x19, [x2]
    ldr     x20, [x2, #8]
    // The illegal return: SPSR_EL1 says EL2h; ELR_EL1 the next instruction.
    str     xzr, [x2, #8]
    adr     x0, after_eret
    str     x0, [x2, #24]             // lib_resume: back here from the vector
    adr     x0, 1f
    msr     elr_el1, x0
    mov     x0, #0x3c9                // EL2h, DAIF masked
    msr     spsr_el1, x0
    eret
1:  nop                               // executes with PSTATE.IL set: EC 0x0E at EL1
after_eret:
    adr     x2, lib_caught
    ldr     x3, [x2]
    ldr     x4, [x2, #8]
    mov     x0, x3
    cmp     x20, #1                   // the eight undefined ones: EC 0 only
    b.ne    2f
    cmp     x4, #(1 << 0x0e)          // the return: illegal execution state only
    b.eq    3f
2:  add     x0, x0, #0x80
3:  bl      hv_exit
    .ltorg
