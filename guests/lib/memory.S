// The program's address base (machine address of wasm address 0; layout.S) for AssemblyScript,
// and machine-address helpers for .S code that receives wasm addresses.
    .text
    .globl rv_address_base
    .type rv_address_base, %function
rv_address_base:
    adrp    x0, __rv_address_base
    ldr     x0, [x0, :lo12:__rv_address_base]
    ret
    .size rv_address_base, . - rv_address_base
