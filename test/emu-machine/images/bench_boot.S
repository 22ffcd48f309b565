// Benchmark workload: what a small kernel does at boot, then a compute loop.
//  1. zero 4 MiB of "BSS" with stp, 2. checksum it back with loads and adds,
//  3. print "booted", 4. run a fixed integer loop (about 200 million instructions) on core 0
//  while cores 1-3 stay parked on the spin table, 5. print the loop's result and power off.
    .include "boot.inc.S"
    image_start
    ldr x1, =0x400000
    ldr x2, =0x800000
1:  stp xzr, xzr, [x1], #16
    cmp x1, x2
    b.lo 1b
    ldr x1, =0x400000
    mov x3, #0
2:  ldp x4, x5, [x1], #16
    add x3, x3, x4
    eor x3, x3, x5, ror #7
    cmp x1, x2
    b.lo 2b
    print msg_booted
    mov x0, x3
    print_hex 4
    print_char '\n'
    // Compute loop: 40 million iterations of 5 instructions.
    ldr x6, =40000000
    mov x7, #1
    mov x8, #0
3:  add x8, x8, x7
    eor x7, x7, x8, lsl #3
    ror x7, x7, #13
    subs x6, x6, #1
    b.ne 3b
    print msg_result
    mov x0, x8
    print_hex 16
    b poweroff
msg_booted: .asciz "booted "
msg_result: .asciz "result "
    .balign 4
    .include "lib.S"
    stack_bss
