// Directive / macro / expression sources that GNU as accepts. Instructions are limited to the
// few the assembler tests may use before tools/isa is complete (nop, ret, b, bl, ldr =, adrp,
// add :lo12:), so the cases test the assembler's own machinery.
export const DIRECTIVE_CASES: Record<string, string> = {
  data_sizes: `
    .data
    .byte 1, 2, 0xff, -1, 'a, 'b'
    .hword 0x1234, -2
    .short 7
    .2byte 9
    .word 0xdeadbeef, -1
    .long 5
    .int 6
    .4byte 8
    .quad 0x123456789abcdef0, -1
    .dword 3
    .8byte 4
    .xword 10
  `,
  numbers: `
    .data
    .quad 0x10, 0X1f, 0b101, 0B11, 017, 0, 42, 'z', '\\n', '\\\\'
  `,
  expressions: `
    .data
    .quad 1 + 2 * 3, (1 + 2) * 3, 7 / 2, -7 / 2, 7 % 3, -7 % 3
    .quad 1 << 4 + 1, 0x100 >> 4, -16 >> 60, ~0, -(5)
    .quad 6 & 3, 6 | 3, 6 ^ 3, 1 + 6 & 3, 6 ! 3
    .quad 1 == 1, 1 != 1, 2 < 3, 2 > 3, 2 <= 2, 3 >= 4, 1 <> 2
    .quad 1 && 0, 1 || 0, !0, !5, 2 && 3
    .quad 1 + 2 == 3, 0x7fffffffffffffff + 1
  `,
  strings: `
    .data
    .ascii "abc", "de"
    .asciz "x\\ty\\n", "z"
    .string "q\\101\\x42\\"\\\\"
    .ascii ""
    .ascii "semi;colon // not a comment /* nor this */"
  `,
  space_fill: `
    .data
    .space 3
    .space 2, 0xaa
    .skip 4, 1
    .zero 5
    .fill 3
    .fill 2, 2, 0x1234
    .fill 2, 8, 0x12345678
    .fill 1, 3, 0xabcdef
    .byte 9
  `,
  align_data: `
    .data
    .byte 1
    .align 3
    .byte 2
    .balign 4, 0xee
    .byte 3
    .p2align 4, 0x11
    .byte 4
    .balign 16, 0x22, 3
    .byte 5
    .balign 8, 0x33, 7
    .byte 6
  `,
  align_text: `
    .text
    nop
    .align 4
    ret
    .balign 8
    nop
    .p2align 5
    nop
    .balign 16, 0
    ret
  `,
  equ_set: `
    .equ A, 5
    .set B, A * 2
    C = B + 1
    .set B, 100
    .data
    .quad A, B, C
    .equ D, label - start
    start: .quad 1
    label: .quad D
  `,
  symbols_binding: `
    .file "symbols.c"
    .file 1 "dwarf-only.c"
    .ident "raspvisor test"
    .text
    .global g1
    .globl g2
    .weak w1
    .local l1
    .type g1, %function
    .type obj, @object
    g1: nop
    g2: ret
    .size g1, . - g1
    w1: nop
    l1: nop
    .data
    obj: .quad 1, 2
    .size obj, 16
    .global undefined_but_global
    .weak weak_unused
    .weak weak_used
    .quad weak_used
    .local local_unused
    .type type_unused, %function
    .hidden g2
    .protected g1
    .internal hid_undef
    .hidden w1
    .global .Lexported
    .Lexported: nop
    b .Lexported
  `,
  labels_diffs: `
    .data
    a: .quad b - a, c - b
    b: .word 0
    c: .hword a - c
    .byte c - b
    .quad . - a
  `,
  numeric_labels: `
    .text
    1: nop
    b 1b
    b 1f
    1: nop
    b 1b
    2: b 2f
    2: b 2b
    .data
    1: .quad 1b
  `,
  relocations: `
    .text
    .global fn
    fn: bl ext_fn
    b fn
    bl local_fn
    adrp x0, ext_data
    add x0, x0, :lo12:ext_data
    adrp x1, buf + 16
    add x1, x1, :lo12:buf + 16
    local_fn: ret
    .data
    .quad ext_data, ext_data + 8, local_fn, fn
    .word ext_data, ext_data - .
    .quad ext_fn - .
    .hword ext16
    .bss
    buf: .space 64
  `,
  literal_pool: `
    .text
    ldr x0, =0x1122334455667788
    ldr x1, =0x1122334455667788
    ldr w2, =0x12345678
    ldr x3, =ext + 4
    ldr x4, =here
    .ltorg
    here: ldr x5, =7
    ldr x6, =0xabcdef0123
    nop
  `,
  macros: `
    .macro pair a, b=7
    .byte \\a, \\b
    .endm
    .macro named x, y
    .word \\x - \\y
    .endm
    .macro concat name, n
    \\name\\()_\\n: .byte \\n
    .endm
    .macro va first, rest:vararg
    .byte \\first
    .byte \\rest
    .endm
    .macro nested v
    pair \\v, \\v
    .endm
    .macro spaced a b c
    .byte \\a, \\b, \\c
    .endm
    .data
    pair 1, 2
    pair 3
    named y=1, x=10
    concat lbl, 5
    va 1, 2, 3, 4
    nested 9
    spaced 4 5 6
    .quad lbl_5
  `,
  rept_irp: `
    .data
    .rept 3
    .byte 0xaa
    .endr
    .irp r, 1, 2, 3
    .byte \\r * 2
    .endr
    .irpc c, 123
    .byte \\c
    .endr
    .irp r, 4, 5,
    .byte 7, \\r + 0
    .endr
    .irp r, 6,, 8
    .byte 7, \\r + 0
    .endr
    .rept 2
    .rept 2
    .hword 5
    .endr
    .endr
    .rept 0
    .byte 1
    .endr
  `,
  conditionals: `
    .equ X, 3
    .data
    .if X == 3
    .byte 1
    .else
    .byte 2
    .endif
    .if X > 5
    .byte 3
    .elseif X > 2
    .byte 4
    .else
    .byte 5
    .endif
    .ifdef X
    .byte 6
    .endif
    .ifndef Y
    .byte 7
    .endif
    .ifeq X - 3
    .byte 8
    .endif
    .ifne X
    .byte 9
    .endif
    .ifgt X
    .byte 10
    .endif
    .iflt X
    .byte 11
    .endif
    .if 0
    .if 1
    .byte 12
    .endif
    .else
    .byte 13
    .endif
    .ifc abc, abc
    .byte 14
    .endif
    .ifnc abc, abd
    .byte 15
    .endif
    .ifb
    .byte 16
    .endif
    .ifnb x
    .byte 17
    .endif
  `,
  macro_conditional_exitm: `
    .macro m n
    .if \\n == 0
    .exitm
    .endif
    .byte \\n
    m "(\\n - 1)"
    .endm
    .data
    m 3
  `,
  sections: `
    .section .text.boot, "ax"
    nop
    .section .rodata
    .byte 1
    .section .rodata.str, "aMS", @progbits, 1
    .asciz "hi"
    .section .mydata, "aw"
    .quad 2
    .pushsection .data
    .byte 3
    .popsection
    .quad 4
    .text
    ret
    .previous
    .byte 5
    .section .mybss, "aw", @nobits
    .space 16
    .bss
    .space 8
  `,
  comments_and_separators: `
    // line comment
    # hash comment at line start
    .data ; .byte 1 ; .byte 2 // trailing
    /* block */ .byte 3 /* inline */ , 4
    /* multi
       line .byte 99
    */ .byte 5
    .byte 6 ; /* x */ .byte 7
  `,
  code_and_data_mixed: `
    .text
    nop
    .word 0x12345678
    ret
    .byte 1
    .balign 4
    nop
  `,
  req_alias: `
    .text
    tmp .req x9
    ldr tmp, =5
    .unreq tmp
    tmp .req x10
    ldr tmp, =6
  `,
  org_and_dot: `
    .data
    start: .byte 1
    .org 8
    .byte 2
    .org start + 12
    .quad .
    .quad . + 4 - start
  `,
  forward_sizes: `
    .data
    .space end - begin
    begin: .byte 1, 2, 3
    end:
    .quad end - begin
    .if end - begin == 3
    .byte 0x33
    .endif
  `,
  unaligned_code: `
    .text
    .byte 1
    nop
    .byte 2, 3
    ret
    .hword 4
    nop
  `,
  common_symbols: `
    .comm buf1, 100, 16
    .comm buf2, 8
    .comm buf3, 3
    .comm buf4, 12
    .lcomm lbuf, 32
    .lcomm lbuf2, 3
    .lcomm lbuf3, 12
    .data
    .quad buf1, lbuf
  `,
  incbin: `
    .section .rodata
    start: .incbin "@FIX@/blob.bin"
    .incbin "@FIX@/blob.bin", 4
    .incbin "@FIX@/blob.bin", 2, 3
    end: .quad end - start
  `,
  vector_table_org: `
    .text
    nop
    .balign 0x800
    vectors:
    b sync
    .org vectors + 0x80
    b irq
    .org vectors + 0x100
    .word 0x1234
    .org vectors + 0x180
    sync: ret
    irq: ret
    .data
    d0: .byte 1
    .org d0 + 16, 0xaa
    .byte 2
  `,
  leb_and_floats: `
    .data
    .uleb128 0, 1, 127, 128, 624485, 0xffffffffffffffff
    .sleb128 0, -1, 63, 64, -64, -65, -123456, 0x7fffffffffffffff
    .float 1.5, -0.25, 3.4e38, 1e-10, 0f2.5
    .double 3.141592653589793, -1e300, 0d1.25, .5
  `,
  inst_directive: `
    .text
    .inst 0xd503201f, 0xd65f03c0
    nop
  `,
};
