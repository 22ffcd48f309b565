// SD card block reads through the EMMC (SDHCI) host: reset, clock, CMD0, CMD8, ACMD41, CMD2,
// CMD3, CMD7, then CMD17 (block 0) and CMD18 (blocks 2 and 3 with a block count), addressed
// by block (SDHC) or byte (SDSC, cards up to 2 GiB) as ACMD41's CCS bit says. The test image
// holds a known pattern; the image prints what it read, then writes block 5 (CMD24) and
// reads it back.
    .include "boot.inc.S"
    .equ EMMC,        0x3F300000
    .equ BLKSIZECNT,  0x04
    .equ ARG1,        0x08
    .equ CMDTM,       0x0C
    .equ RESP0,       0x10
    .equ DATA,        0x20
    .equ STATUS,      0x24
    .equ CONTROL1,    0x2C
    .equ INTERRUPT,   0x30
    .equ IRPT_MASK,   0x34
    .equ IRPT_EN,     0x38
    image_start
    print msg_start
    ldr x20, =EMMC
    // Reset the host controller and wait for the bit to clear.
    ldr w1, [x20, #CONTROL1]
    orr w1, w1, #(1 << 24)
    str w1, [x20, #CONTROL1]
1:  ldr w1, [x20, #CONTROL1]
    tbnz w1, #24, 1b
    // Internal clock on (divider 0x80 in 15:8, timeout 0xe), wait stable, SD clock on.
    ldr w1, =((0xe << 16) | (0x80 << 8) | 1)
    str w1, [x20, #CONTROL1]
2:  ldr w1, [x20, #CONTROL1]
    tbz w1, #1, 2b
    orr w1, w1, #4
    str w1, [x20, #CONTROL1]
    str wzr, [x20, #IRPT_EN]
    mov w1, #-1
    str w1, [x20, #IRPT_MASK]
    str w1, [x20, #INTERRUPT]

    mov w0, #0
    ldr w1, =0x00000000         // CMD0, no response
    bl sd_cmd
    ldr w0, =0x1aa
    ldr w1, =0x08020000         // CMD8, R7
    bl sd_cmd
    mov w21, w0
    print msg_cmd8
    mov w0, w21
    print_hex 3
    // ACMD41 until the card reports power-up done.
3:  mov w0, #0
    ldr w1, =0x37020000         // CMD55
    bl sd_cmd
    ldr w0, =0x40ff8000         // HCS + 2.7-3.6 V
    ldr w1, =0x29020000         // ACMD41, R3
    bl sd_cmd
    tbz w0, #31, 3b
    mov w21, w0
    print msg_ccs
    ubfx x23, x21, #30, #1      // CCS: block addresses (SDHC) or byte addresses (SDSC)
    mov x0, x23
    print_hex 1
    mov w0, #0
    ldr w1, =0x02010000         // CMD2, R2
    bl sd_cmd
    mov w0, #0
    ldr w1, =0x03020000         // CMD3, R6
    bl sd_cmd
    and w22, w0, #0xffff0000    // RCA
    mov w0, w22
    ldr w1, =0x07030000         // CMD7, R1b
    bl sd_cmd
    mov w0, #512
    ldr w1, =0x10020000         // CMD16
    bl sd_cmd

    // CMD17: block 0.
    ldr w1, =((1 << 16) | 512)
    str w1, [x20, #BLKSIZECNT]
    mov w0, #0
    ldr w1, =0x11220010         // CMD17, R1, data, card to host
    bl sd_cmd
    mov x0, #1
    ldr x1, =buffer
    bl sd_read_blocks
    print msg_b0
    ldr x1, =buffer
    ldrh w0, [x1, #510]
    print_hex 4
    print_char ' '
    ldr x1, =buffer
    ldrh w0, [x1, #0x1c6]       // first partition start LBA, low half
    print_hex 4
    // CMD18: blocks 2 and 3 with the block count enabled.
    ldr w1, =((2 << 16) | 512)
    str w1, [x20, #BLKSIZECNT]
    mov w0, #2
    cbnz x23, 5f
    lsl w0, w0, #9              // SDSC: byte address of block 2
5:  ldr w1, =0x12220032         // CMD18, multi-block, block count enable, read
    bl sd_cmd
    mov x0, #2
    ldr x1, =buffer
    bl sd_read_blocks
    print msg_b23
    ldr x1, =buffer
    ldr x0, [x1]
    print_hex 16
    print_char ' '
    ldr x1, =buffer + 512
    ldr x0, [x1, #504]
    print_hex 16
    // Sum of all 32-bit words of blocks 2-3.
    ldr x1, =buffer
    mov x2, #256
    mov w0, #0
4:  ldr w3, [x1], #4
    add w0, w0, w3
    subs x2, x2, #1
    b.ne 4b
    mov w21, w0
    print msg_sum
    mov w0, w21
    print_hex 8
    // The card keeps sending after a multi-block read until CMD12 stops it.
    mov w0, #0
    ldr w1, =0x0C030000         // CMD12, R1b
    bl sd_cmd
    // CMD24: write block 5 with a counting pattern, then read it back with CMD17.
    ldr x1, =buffer
    mov x2, #0
6:  add w3, w2, #0x1000
    str w3, [x1, x2, lsl #2]
    add x2, x2, #1
    cmp x2, #128
    b.lo 6b
    ldr w1, =((1 << 16) | 512)
    str w1, [x20, #BLKSIZECNT]
    mov w0, #5
    cbnz x23, 7f
    lsl w0, w0, #9
7:  ldr w1, =0x18220000         // CMD24, R1, data, host to card
    bl sd_cmd
    ldr x11, =buffer
8:  ldr w2, [x20, #INTERRUPT]
    tbnz w2, #15, sd_error
    tbz w2, #4, 8b              // WRITE_RDY
    mov w2, #(1 << 4)
    str w2, [x20, #INTERRUPT]
    mov x12, #128
9:  ldr w2, [x11], #4
    str w2, [x20, #DATA]
    subs x12, x12, #1
    b.ne 9b
10: ldr w2, [x20, #INTERRUPT]
    tbnz w2, #15, sd_error
    tbz w2, #1, 10b             // DATA_DONE
    mov w2, #2
    str w2, [x20, #INTERRUPT]
    ldr x1, =buffer
    mov x2, #128
11: str wzr, [x1], #4
    subs x2, x2, #1
    b.ne 11b
    ldr w1, =((1 << 16) | 512)
    str w1, [x20, #BLKSIZECNT]
    mov w0, #5
    cbnz x23, 12f
    lsl w0, w0, #9
12: ldr w1, =0x11220010
    bl sd_cmd
    mov x0, #1
    ldr x1, =buffer
    bl sd_read_blocks
    ldr x1, =buffer
    mov x2, #128
    mov w0, #0
13: ldr w3, [x1], #4
    add w0, w0, w3
    subs x2, x2, #1
    b.ne 13b
    mov w21, w0
    print msg_wsum
    mov w0, w21
    print_hex 8
    b poweroff

// sd_cmd: w0 = argument, w1 = CMDTM; returns RESP0 in w0 (stops on an error flag).
sd_cmd:
    mov x9, x30
1:  ldr w2, [x20, #STATUS]
    tbnz w2, #0, 1b
    mov w2, #-1
    str w2, [x20, #INTERRUPT]
    str w0, [x20, #ARG1]
    str w1, [x20, #CMDTM]
2:  ldr w2, [x20, #INTERRUPT]
    tbnz w2, #15, sd_error
    tbz w2, #0, 2b
    mov w2, #1
    str w2, [x20, #INTERRUPT]
    ldr w0, [x20, #RESP0]
    mov x30, x9
    ret

// sd_read_blocks: x0 = blocks, x1 = destination; waits READ_RDY per block, DATA_DONE at the end.
sd_read_blocks:
    mov x10, x0
    mov x11, x1
1:  ldr w2, [x20, #INTERRUPT]
    tbnz w2, #15, sd_error
    tbz w2, #5, 1b
    mov w2, #(1 << 5)
    str w2, [x20, #INTERRUPT]
    mov x12, #128
2:  ldr w2, [x20, #DATA]
    str w2, [x11], #4
    subs x12, x12, #1
    b.ne 2b
    subs x10, x10, #1
    b.ne 1b
3:  ldr w2, [x20, #INTERRUPT]
    tbz w2, #1, 3b
    mov w2, #2
    str w2, [x20, #INTERRUPT]
    ret

sd_error:
    mov w21, w2
    print msg_err
    mov w0, w21
    print_hex 8
    b poweroff

msg_start: .asciz "SD read test\n"
msg_cmd8:  .asciz "CMD8 echo: "
msg_ccs:   .asciz "\nACMD41 CCS: "
msg_b0:    .asciz "\nblock 0 signature, partition LBA: "
msg_b23:   .asciz "\nblocks 2-3 first/last: "
msg_sum:   .asciz "\nword sum: "
msg_wsum:  .asciz "\nblock 5 after CMD24, word sum: "
msg_err:   .asciz "\nSD error, INTERRUPT="
    .balign 4
    .include "lib.S"
    .bss
    .balign 16
buffer: .space 1024
    .space 0x4000
stack_top:
