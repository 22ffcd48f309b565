// Tiny runtime for compiled wasm run as a Linux user program (the backend's tests under
// qemu-aarch64). It maps the wasm memory at __rt_mem_base with an inaccessible 8 GiB guard
// after it (out-of-bounds accesses fault -> trap 4), copies the data segments, sets the stack
// limit, calls __wasm_start (if any) and then __rt_main (the program: a test driver).
// Traps print "wasm trap <kind> at 0x<pc>" on stderr and exit with 100+kind, unless a driver
// armed __rt_jmp with __rt_setjmp: then the trap returns there with w0 = kind+1.
//
// Symbols the program provides: __rt_main, __rt_mem_base (.quad), __rt_mem_size (.quad).

	.equ SYS_write, 64
	.equ SYS_exit_group, 94
	.equ SYS_mmap, 222
	.equ SYS_mprotect, 226
	.equ SYS_rt_sigaction, 134
	.equ GUARD_HI, 0x2         // guard = 8 GiB + 64 KiB after the memory
	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0
	adrp x0, .Lstack_top                // our own stack (.bss below): its limit is a page-aligned
	add x0, x0, :lo12:.Lstack_top       // link-time address
	mov sp, x0
	adrp x0, __stack_floor
	adrp x1, __stack_limit
	str x0, [x1, :lo12:__stack_limit]
	// Reserve memory + guard, inaccessible.
	adrp x9, __rt_mem_base
	ldr x19, [x9, :lo12:__rt_mem_base]
	adrp x9, __rt_mem_size
	ldr x20, [x9, :lo12:__rt_mem_size]
	mov x0, x19
	mov x1, #0x10000
	movk x1, #GUARD_HI, lsl #32
	add x1, x1, x20
	mov x2, #0                        // PROT_NONE
	mov x3, #0x4032                   // MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED|MAP_NORESERVE
	mov x4, #-1
	mov x5, #0
	mov x8, #SYS_mmap
	svc #0
	cmp x0, x19
	b.ne .Lmapfail
	cbz x20, 1f
	mov x0, x19
	mov x1, x20
	mov x2, #3                        // PROT_READ|PROT_WRITE
	mov x8, #SYS_mprotect
	svc #0
	cbnz x0, .Lmapfail
1:	// Data segments.
	ldr x0, =__wasm_data_addr
	adrp x1, __wasm_data_start
	add x1, x1, :lo12:__wasm_data_start
	adrp x2, __wasm_data_end
	add x2, x2, :lo12:__wasm_data_end
	sub x2, x2, x1
	bl __wasm_memmove
	// SIGSEGV -> trap 4.
	mov x0, #11
	adrp x1, .Lsigact
	add x1, x1, :lo12:.Lsigact
	adrp x2, .Lsegv
	add x2, x2, :lo12:.Lsegv
	str x2, [x1]
	mov x2, #0
	mov x3, #8
	mov x8, #SYS_rt_sigaction
	svc #0
	bl __rt_call_start
	bl __rt_main
	mov x8, #SYS_exit_group
	svc #0
.Lmapfail:
	mov x0, #2
	adr x1, .Lmapmsg
	mov x2, #(.Lmapmsg_end - .Lmapmsg)
	mov x8, #SYS_write
	svc #0
	mov x0, #99
	mov x8, #SYS_exit_group
	svc #0
.Lmapmsg:
	.ascii "runtime: cannot map wasm memory\n"
.Lmapmsg_end:
	.p2align 2
	.ltorg
	.size _start, .-_start

	.weak __wasm_start
__rt_call_start:
	adrp x9, :got:__wasm_start
	ldr x9, [x9, :got_lo12:__wasm_start]
	cbz x9, 1f
	br x9
1:	ret

.Lsegv:
	mov w0, #4
	ldr x1, [x2, #440]                // ucontext->uc_mcontext.pc (arm64 sigcontext)
	b __wasm_trap

// __rt_setjmp(x0 = jmp buffer): 0 now, kind+1 when a trap comes back here.
	.globl __rt_setjmp
	.type __rt_setjmp, %function
__rt_setjmp:
	stp x19, x20, [x0, #0]
	stp x21, x22, [x0, #16]
	stp x23, x24, [x0, #32]
	stp x25, x26, [x0, #48]
	stp x27, x28, [x0, #64]
	stp x29, x30, [x0, #80]
	mov x1, sp
	str x1, [x0, #96]
	stp d8, d9, [x0, #104]
	stp d10, d11, [x0, #120]
	stp d12, d13, [x0, #136]
	stp d14, d15, [x0, #152]
	adrp x1, __rt_jmp_ptr
	str x0, [x1, :lo12:__rt_jmp_ptr]
	mov w0, #0
	ret
	.size __rt_setjmp, .-__rt_setjmp

// __wasm_trap(w0 = kind, x1 = code address)
	.globl __wasm_trap
	.type __wasm_trap, %function
__wasm_trap:
	adrp x2, __rt_jmp_ptr
	ldr x2, [x2, :lo12:__rt_jmp_ptr]
	cbz x2, .Lreport
	add w0, w0, #1
	ldp x19, x20, [x2, #0]
	ldp x21, x22, [x2, #16]
	ldp x23, x24, [x2, #32]
	ldp x25, x26, [x2, #48]
	ldp x27, x28, [x2, #64]
	ldp x29, x30, [x2, #80]
	ldr x3, [x2, #96]
	mov sp, x3
	ldp d8, d9, [x2, #104]
	ldp d10, d11, [x2, #120]
	ldp d12, d13, [x2, #136]
	ldp d14, d15, [x2, #152]
	ret
.Lreport:
	mov w19, w0
	mov x20, x1
	mov x0, #2
	adr x1, .Ltrapmsg
	mov x2, #10
	bl __rt_write
	mov x0, x19
	mov x1, #2
	bl __rt_print_hex
	mov x0, #2
	adr x1, .Latmsg
	mov x2, #6
	bl __rt_write
	mov x0, x20
	mov x1, #2
	bl __rt_print_hex
	mov x0, #2
	adr x1, .Lnl
	mov x2, #1
	bl __rt_write
	add x0, x19, #100
	mov x8, #SYS_exit_group
	svc #0
.Ltrapmsg:
	.ascii "wasm trap "
.Latmsg:
	.ascii " at 0x"
.Lnl:
	.ascii "\n"
	.p2align 2
	.size __wasm_trap, .-__wasm_trap

// __rt_write(x0 fd, x1 buf, x2 len)
	.globl __rt_write
__rt_write:
	mov x8, #SYS_write
	svc #0
	ret

// __rt_print_hex(x0 value, x1 fd): 16 hex digits.
	.globl __rt_print_hex
__rt_print_hex:
	sub sp, sp, #32
	mov x3, #15
1:	and x4, x0, #15
	cmp x4, #10
	add x5, x4, #'0'
	add x6, x4, #('a' - 10)
	csel x5, x5, x6, lo
	strb w5, [sp, x3]
	lsr x0, x0, #4
	subs x3, x3, #1
	b.ge 1b
	mov x0, x1
	mov x1, sp
	mov x2, #16
	mov x8, #SYS_write
	svc #0
	add sp, sp, #32
	ret

// __wasm_memmove(x0 dst, x1 src, x2 n): overlapping-safe copy, 8 bytes at a time when it can.
	.globl __wasm_memmove
	.type __wasm_memmove, %function
__wasm_memmove:
	cbz x2, 9f
	cmp x0, x1
	b.eq 9f
	b.hi 5f                          // dst above src: copy backwards
1:	cmp x2, #8
	b.lo 2f
	ldr x3, [x1], #8
	str x3, [x0], #8
	sub x2, x2, #8
	b 1b
2:	cbz x2, 9f
3:	ldrb w3, [x1], #1
	strb w3, [x0], #1
	subs x2, x2, #1
	b.ne 3b
	ret
5:	add x0, x0, x2
	add x1, x1, x2
6:	cmp x2, #8
	b.lo 7f
	ldr x3, [x1, #-8]!
	str x3, [x0, #-8]!
	sub x2, x2, #8
	b 6b
7:	cbz x2, 9f
8:	ldrb w3, [x1, #-1]!
	strb w3, [x0, #-1]!
	subs x2, x2, #1
	b.ne 8b
9:	ret
	.size __wasm_memmove, .-__wasm_memmove

// __wasm_memset(x0 dst, w1 byte, x2 n)
	.globl __wasm_memset
	.type __wasm_memset, %function
__wasm_memset:
	and x1, x1, #0xff
	orr x1, x1, x1, lsl #8
	orr x1, x1, x1, lsl #16
	orr x1, x1, x1, lsl #32
1:	cmp x2, #8
	b.lo 2f
	str x1, [x0], #8
	sub x2, x2, #8
	b 1b
2:	cbz x2, 9f
3:	strb w1, [x0], #1
	subs x2, x2, #1
	b.ne 3b
9:	ret
	.size __wasm_memset, .-__wasm_memset

	.data
	.p2align 3
	.globl __stack_limit
__stack_limit:
	.quad 0
__rt_jmp_ptr:
	.quad 0
.Lsigact:
	.quad 0                           // handler
	.quad 0x40000004                  // SA_NODEFER|SA_SIGINFO: the handler longjmps out
	.quad 0                           // restorer
	.quad 0                           // mask

	// The stack: 6 MiB for wasm code down to __stack_floor (page-aligned: compiled code gets it
	// with one adrp), 1 MiB below it for leaf functions, trap reports and signal frames.
	.bss
	.balign 4096
	.skip 0x100000
	.globl __stack_floor
__stack_floor:
	.skip 0x600000
.Lstack_top:
