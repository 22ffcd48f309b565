// The core's semantic groups: one pattern per group of encodings that share a handler family,
// naming the fields prep.ts reads (same syntax and field names as tools/isa). forms.ts maps each
// tools/isa form to a group; these patterns are only used to decode without tools/isa.
export interface RawForm { id: string; pattern: string; unalloc?: Array<{ mask: number; value: number }> }

const F = (id: string, pattern: string): RawForm => ({ id, pattern });

export const provisionalForms: RawForm[] = [
  // ---- data processing, immediate
  F('ADR', '0 immlo:2 10000 immhi:19 Rd:5'),
  F('ADRP', '1 immlo:2 10000 immhi:19 Rd:5'),
  F('ADD_imm', 'sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5'),
  F('ADDS_imm', 'sf:1 0 1 100010 sh:1 imm12:12 Rn:5 Rd:5'),
  F('SUB_imm', 'sf:1 1 0 100010 sh:1 imm12:12 Rn:5 Rd:5'),
  F('SUBS_imm', 'sf:1 1 1 100010 sh:1 imm12:12 Rn:5 Rd:5'),
  F('AND_imm', 'sf:1 00 100100 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('ORR_imm', 'sf:1 01 100100 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('EOR_imm', 'sf:1 10 100100 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('ANDS_imm', 'sf:1 11 100100 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('MOVN', 'sf:1 00 100101 hw:2 imm16:16 Rd:5'),
  F('MOVZ', 'sf:1 10 100101 hw:2 imm16:16 Rd:5'),
  F('MOVK', 'sf:1 11 100101 hw:2 imm16:16 Rd:5'),
  F('SBFM', 'sf:1 00 100110 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('BFM', 'sf:1 01 100110 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('UBFM', 'sf:1 10 100110 N:1 immr:6 imms:6 Rn:5 Rd:5'),
  F('EXTR', 'sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5'),
  // ---- branches, exceptions, system
  F('B_cond', '0101010 0 imm19:19 0 cond:4'),
  F('SVC', '11010100 000 imm16:16 000 01'),
  F('HVC', '11010100 000 imm16:16 000 10'),
  F('SMC', '11010100 000 imm16:16 000 11'),
  F('BRK', '11010100 001 imm16:16 000 00'),
  F('HLT', '11010100 010 imm16:16 000 00'),
  F('HINT', '1101010100 0 00 011 0010 CRm:4 op2:3 11111'),
  F('CLREX', '1101010100 0 00 011 0011 CRm:4 010 11111'),
  F('DSB', '1101010100 0 00 011 0011 CRm:4 100 11111'),
  F('DMB', '1101010100 0 00 011 0011 CRm:4 101 11111'),
  F('ISB', '1101010100 0 00 011 0011 CRm:4 110 11111'),
  F('MSR_imm', '1101010100 0 00 op1:3 0100 CRm:4 op2:3 11111'),
  F('SYS', '1101010100 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5'),
  F('SYSL', '1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5'),
  F('MSR_reg', '1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5'),
  F('MRS', '1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5'),
  F('BR', '1101011 0000 11111 000000 Rn:5 00000'),
  F('BLR', '1101011 0001 11111 000000 Rn:5 00000'),
  F('RET', '1101011 0010 11111 000000 Rn:5 00000'),
  F('ERET', '1101011 0100 11111 000000 11111 00000'),
  F('B', '0 00101 imm26:26'),
  F('BL', '1 00101 imm26:26'),
  F('CBZ', 'sf:1 011010 0 imm19:19 Rt:5'),
  F('CBNZ', 'sf:1 011010 1 imm19:19 Rt:5'),
  F('TBZ', 'b5:1 011011 0 b40:5 imm14:14 Rt:5'),
  F('TBNZ', 'b5:1 011011 1 b40:5 imm14:14 Rt:5'),
  // ---- loads and stores
  F('LDSTX', 'size:2 001000 o2:1 L:1 o1:1 Rs:5 o0:1 Rt2:5 Rn:5 Rt:5'),
  F('LDR_lit', 'opc:2 011 V:1 00 imm19:19 Rt:5'),
  F('LDSTP_noalloc', 'opc:2 101 V:1 000 L:1 imm7:7 Rt2:5 Rn:5 Rt:5'),
  F('LDSTP_post', 'opc:2 101 V:1 001 L:1 imm7:7 Rt2:5 Rn:5 Rt:5'),
  F('LDSTP_off', 'opc:2 101 V:1 010 L:1 imm7:7 Rt2:5 Rn:5 Rt:5'),
  F('LDSTP_pre', 'opc:2 101 V:1 011 L:1 imm7:7 Rt2:5 Rn:5 Rt:5'),
  F('LDST_unscaled', 'size:2 111 V:1 00 opc:2 0 imm9:9 00 Rn:5 Rt:5'),
  F('LDST_post', 'size:2 111 V:1 00 opc:2 0 imm9:9 01 Rn:5 Rt:5'),
  F('LDST_unpriv', 'size:2 111 V:1 00 opc:2 0 imm9:9 10 Rn:5 Rt:5'),
  F('LDST_pre', 'size:2 111 V:1 00 opc:2 0 imm9:9 11 Rn:5 Rt:5'),
  F('LDST_reg', 'size:2 111 V:1 00 opc:2 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5'),
  F('LDST_uimm', 'size:2 111 V:1 01 opc:2 imm12:12 Rn:5 Rt:5'),
  // ---- data processing, register
  F('LOG_shift', 'sf:1 opc:2 01010 shift:2 N:1 Rm:5 imm6:6 Rn:5 Rd:5'),
  F('ADDSUB_shift', 'sf:1 op:1 S:1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5'),
  F('ADDSUB_ext', 'sf:1 op:1 S:1 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5'),
  F('ADC_SBC', 'sf:1 op:1 S:1 11010000 Rm:5 000000 Rn:5 Rd:5'),
  F('CCMP_reg', 'sf:1 op:1 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4'),
  F('CCMP_imm', 'sf:1 op:1 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4'),
  F('CSEL_all', 'sf:1 op:1 0 11010100 Rm:5 cond:4 0 o2:1 Rn:5 Rd:5'),
  F('DP1', 'sf:1 1 0 11010110 00000 opcode:6 Rn:5 Rd:5'),
  F('DP2', 'sf:1 0 0 11010110 Rm:5 opcode:6 Rn:5 Rd:5'),
  F('DP3', 'sf:1 00 11011 op31:3 Rm:5 o0:1 Ra:5 Rn:5 Rd:5'),
  F('FMOV_gen', 'sf:1 0 0 11110 ftype:2 1 rmode:2 opcode:3 000000 Rn:5 Rd:5'),
  F('FMOV_reg', '00011110 ftype:2 1 0000 00 10000 Rn:5 Rd:5'),
];

// AdvSIMD forms tools/isa does not describe yet (compilers emit them for memset/zeroing); used
// until the table has forms with these ids.
export const extraForms: RawForm[] = [
  F('MOVI', '0 Q:1 op:1 0111100000 a:1 b:1 c:1 cmode:4 0 1 d:1 e:1 f:1 g:1 h:1 Rd:5'),
  F('DUP_gen', '0 Q:1 0 01110000 imm5:5 0 0001 1 Rn:5 Rd:5'),
];
