// Start-up for bare-metal programs.
//   rv_runtime_init: the wasm side of start-up, callable from a program's own boot code with a
//     stack set: zero the .bss of the assembly files, turn on the identity-mapped MMU (mmu.S)
//     unless the program's layout says mmu: false, zero the program's memory from memoryBase to its end (asc emits no segment for
//     all-zero data and wasm memory starts zeroed), copy the data segments to where they belong,
//     run the module's start function.
// (entry.S holds rv_start, the default entry of programs without their own boot code.)
// The layout values (__rv_*) come from the layout.S the build generates for each program.

    .weak __wasm_data_start
    .weak __wasm_data_end
    .weak __wasm_data_addr
    .weak __wasm_start
    .weak __bss_start
    .weak __bss_end
    .weak __rv_mmu

    .text
    .globl rv_runtime_init
    .type rv_runtime_init, %function
rv_runtime_init:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    // zero the .bss of assembly files (the raw image does not hold it; RAM is not zero on a Pi)
    ldr     x0, =__bss_start
    ldr     x2, =__bss_end
    sub     x2, x2, x0
    mov     w1, #0
    bl      __wasm_memset
    // identity-mapped MMU with Normal RAM (mmu.S), unless the layout opts out (mmu: false)
    ldr     x0, =__rv_mmu
    cbz     x0, 1f
    bl      rv_mmu_on
1:  // zero [memory base, memory end)
    adrp    x0, __rv_memory_base
    ldr     x0, [x0, :lo12:__rv_memory_base]
    adrp    x2, __rv_memory_end
    ldr     x2, [x2, :lo12:__rv_memory_end]
    sub     x2, x2, x0
    mov     w1, #0
    bl      __wasm_memset
    // data segments: the image holds them at __wasm_data_start, they belong at __wasm_data_addr
    ldr     x0, =__wasm_data_addr
    ldr     x1, =__wasm_data_start
    ldr     x2, =__wasm_data_end
    sub     x2, x2, x1
    bl      __wasm_memmove
    ldr     x0, =__wasm_start
    cbz     x0, 1f
    blr     x0
1:  ldp     x29, x30, [sp], #16
    ret
    .size rv_runtime_init, . - rv_runtime_init

    .globl rv_halt
    .type rv_halt, %function
// Stop this core for good (interrupts masked, wait for events forever).
rv_halt:
    msr     daifset, #0xf
1:  wfe
    b       1b
    .size rv_halt, . - rv_halt
    .ltorg
