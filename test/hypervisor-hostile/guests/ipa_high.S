// Attacker: a load from an IPA beyond the 4 GiB IPA space the stage 2 translates (VTCR_EL2
// T0SZ 32): the VM is stopped with a data abort report. (Its vector would exit with the EC if
// the abort were taken at EL1 instead.)
    .text
    .globl _start
_start:
    ldr     x0, =0x80000
    mov     sp, x0
    bl      lib_install_vectors
    ldr     x0, =0x100000000
    ldr     w1, [x0]
    adr     x2, lib_last_esr
    ldr     x0, [x2]
    lsr     x0, x0, #26
    bl      hv_exit
    .ltorg
