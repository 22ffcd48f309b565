// A custom Arm stub (config.txt armstub=): loaded at 0 and run by every core at EL3. It
// carries armstub8's magic at 0xf0, so the firmware patches the kernel entry into 0xfc;
// core 0 prints it, and the exception level it runs at.
    .include "boot.inc.S"
    image_start stack=0x8000, park=1
    print msg_el
    mrs x0, CurrentEL
    lsr x0, x0, #2
    print_hex 1
    print msg_entry
    mov x2, #0xfc
    ldr w0, [x2]
    print_hex 8
    b poweroff
msg_el:    .asciz "armstub at EL"
msg_entry: .asciz ", kernel entry "
    .balign 4
    .org 0xf0
    .word 0x5afe570b            // stub magic
    .word 0                     // stub version
    .word 0                     // dtb_ptr32 (patched)
    .word 0                     // kernel_entry32 (patched)
    .include "lib.S"
