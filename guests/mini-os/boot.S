// mini-os boot: the kernel is linked in the high half (0xffff000000080000, Makefile.ts) and
// loaded at physical 0x80000. Until the MMU is on, only position-independent code runs here:
// drop to EL1 (lib/boot.S rv_enter_el1), build the boot translation tables at physical
// 0x1000-0x4fff, turn the MMU and caches on, jump to the high half. Then stack, the runtime's
// start-up and main(bootEL) run at their link addresses.
//
// The boot tables map physical 0-1 GiB at 0xffff000000000000 + PA (the kernel's address base:
// a wasm address is a physical address) in 2 MiB blocks, EL1 only: RAM normal write-back,
// 0x3F000000-0x3FFFFFFF device; 0x40000000 (the ARM-local block) as a 1 GiB device block.
// TTBR0 holds the same tables while the MMU goes on (the PC is still physical: 0x0000... VAs
// must translate too); main gives TTBR0 to user processes afterwards.

    .equ BOOT_L0, 0x1000
    .equ BOOT_L1, 0x2000
    .equ BOOT_L2, 0x3000
    // TTBR0 of kernel threads: only the device window at its physical address, EL1 only (the
    // runtime's trap reports drive the UART at physical addresses; process.ts maps the same)
    .equ DEV_L0, 0x4000
    .equ DEV_L1, 0x5000
    .equ DEV_L2, 0x6000
    .equ TABLE, 3
    .equ BLOCK_NORMAL, 0x705        // AttrIndx 1 (MAIR 0xff), inner shareable, AF, block; EL1 RW
    .equ BLOCK_DEVICE, 0x401        // AttrIndx 0 (MAIR 0x00), AF, block; EL1 RW
    .equ XN_BOTH, (3 << 53)
    .equ XN_USER, (1 << 54)
    .equ DEVICE_START_BLOCK, (0x3f000000 >> 21)

    // in .text: lib/boot.S comes first in the image and branches here
    .text
    .globl _start
_start:
    mrs     x0, mpidr_el1
    and     x0, x0, #3
    cbnz    x0, rv_halt
    bl      rv_enter_el1
    mov     x19, x0

    // zero the six table pages
    mov     x0, #BOOT_L0
    mov     x1, #(6 * 4096)
1:  stp     xzr, xzr, [x0], #16
    subs    x1, x1, #16
    b.ne    1b
    // L0[0] -> L1; L1[0] -> L2; L1[1] = 1 GiB device block at 0x40000000
    mov     x0, #BOOT_L0
    mov     x1, #(BOOT_L1 | TABLE)
    str     x1, [x0]
    mov     x0, #BOOT_L1
    mov     x1, #(BOOT_L2 | TABLE)
    str     x1, [x0]
    ldr     x1, =(0x40000000 | BLOCK_DEVICE | XN_BOTH)
    str     x1, [x0, #8]
    // L2[i] = 2 MiB block i
    mov     x0, #BOOT_L2
    mov     x2, #0                  // i
    ldr     x3, =(BLOCK_NORMAL | XN_USER)
    ldr     x4, =(BLOCK_DEVICE | XN_BOTH)
2:  lsl     x1, x2, #21
    cmp     x2, #DEVICE_START_BLOCK
    csel    x5, x3, x4, lo
    orr     x1, x1, x5
    str     x1, [x0, x2, lsl #3]
    add     x2, x2, #1
    cmp     x2, #512
    b.ne    2b

    // the device-window tables: L0[0] -> L1; L1[0] -> L2 (blocks 504-511), L1[1] as above
    mov     x0, #DEV_L0
    mov     x2, #(DEV_L1 | TABLE)
    str     x2, [x0]
    mov     x0, #DEV_L1
    mov     x2, #(DEV_L2 | TABLE)
    str     x2, [x0]
    ldr     x1, =(0x40000000 | BLOCK_DEVICE | XN_BOTH)
    str     x1, [x0, #8]
    mov     x0, #DEV_L2
    mov     x2, #DEVICE_START_BLOCK
3:  lsl     x1, x2, #21
    orr     x1, x1, x4
    str     x1, [x0, x2, lsl #3]
    add     x2, x2, #1
    cmp     x2, #512
    b.ne    3b

    ldr     x0, =0x44ff00           // MAIR: attr0 device nGnRnE, attr1 normal WB, attr2 normal NC
    msr     mair_el1, x0
    ldr     x0, =0xb5103510         // TCR: T0SZ = T1SZ = 16, 4 KiB granules, WB walks, inner shareable
    msr     tcr_el1, x0
    mov     x0, #BOOT_L0
    msr     ttbr0_el1, x0
    msr     ttbr1_el1, x0
    dsb     ish
    tlbi    vmalle1
    dsb     ish
    isb
    mrs     x0, sctlr_el1
    mov     x1, #((1 << 0) | (1 << 2) | (1 << 12))   // M, C, I
    orr     x0, x0, x1
    msr     sctlr_el1, x0
    isb
    ldr     x0, =high
    br      x0

high:
    adrp    x1, __rv_stack_top
    ldr     x1, [x1, :lo12:__rv_stack_top]
    mov     sp, x1
    // TTBR0: the device window only, until a user process runs (a stray low address faults)
    mov     x0, #DEV_L0
    msr     ttbr0_el1, x0
    dsb     ish
    tlbi    vmalle1
    dsb     ish
    isb
    bl      rv_runtime_init
    mov     x0, x19
    bl      main
    b       rv_halt
    .ltorg
