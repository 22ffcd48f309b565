// Handler ids of decoded records (the dispatch loop's br_table). Record layout (16 bytes):
//   u16 op | u8 d | u8 n | u8 m | u8 a | u16 x | i64 imm
// d/n/m/a are register slots (layout.ts: 31 zero, 32 sink, 33 SP) or V register numbers.
export const OP_UNDECODED: u16 = 0;
export const OP_PAGEEND: u16 = 1;
export const OP_UNDEF: u16 = 2;
export const OP_ADDI_X: u16 = 3;
export const OP_ADDI_W: u16 = 4;
export const OP_ADDSI_X: u16 = 5;
export const OP_ADDSI_W: u16 = 6;
export const OP_SUBSI_X: u16 = 7;
export const OP_SUBSI_W: u16 = 8;
export const OP_MOVI: u16 = 9;
export const OP_ANDI: u16 = 10;
export const OP_ORRI_X: u16 = 11;
export const OP_ORRI_W: u16 = 12;
export const OP_EORI_X: u16 = 13;
export const OP_EORI_W: u16 = 14;
export const OP_ANDSI_X: u16 = 15;
export const OP_ANDSI_W: u16 = 16;
export const OP_MOVK_X: u16 = 17;
export const OP_MOVK_W: u16 = 18;
export const OP_ADR: u16 = 19;
export const OP_ADRP: u16 = 20;
export const OP_UBFX: u16 = 21;
export const OP_UBFIZ: u16 = 22;
export const OP_SBFX: u16 = 23;
export const OP_SBFIZ: u16 = 24;
export const OP_BFXIL: u16 = 25;
export const OP_BFI: u16 = 26;
export const OP_EXTR_X: u16 = 27;
export const OP_EXTR_W: u16 = 28;
export const OP_B: u16 = 29;
export const OP_BL: u16 = 30;
export const OP_BCOND: u16 = 31;
export const OP_CBZ_X: u16 = 32;
export const OP_CBNZ_X: u16 = 33;
export const OP_CBZ_W: u16 = 34;
export const OP_CBNZ_W: u16 = 35;
export const OP_TBZ: u16 = 36;
export const OP_TBNZ: u16 = 37;
export const OP_BR: u16 = 38;
export const OP_BLR: u16 = 39;
export const OP_RET: u16 = 40;
export const OP_ERET: u16 = 41;
export const OP_SVC: u16 = 42;
export const OP_HVC: u16 = 43;
export const OP_SMC: u16 = 44;
export const OP_BRK: u16 = 45;
export const OP_NOP: u16 = 46;
export const OP_WFI: u16 = 47;
export const OP_WFE: u16 = 48;
export const OP_SEV: u16 = 49;
export const OP_SEVL: u16 = 50;
export const OP_CLREX: u16 = 51;
export const OP_ISB: u16 = 52;
export const OP_MSR_IMM: u16 = 53;
export const OP_MSR: u16 = 54;
export const OP_MRS: u16 = 55;
export const OP_SYS: u16 = 56;
export const OP_LOG_AND_X: u16 = 57;
export const OP_LOG_ORR_X: u16 = 58;
export const OP_LOG_EOR_X: u16 = 59;
export const OP_LOG_ANDS_X: u16 = 60;
export const OP_LOG_AND_W: u16 = 61;
export const OP_LOG_ORR_W: u16 = 62;
export const OP_LOG_EOR_W: u16 = 63;
export const OP_LOG_ANDS_W: u16 = 64;
export const OP_MOV_X: u16 = 65;
export const OP_MOV_W: u16 = 66;
export const OP_ADD_X: u16 = 67;
export const OP_ADD_W: u16 = 68;
export const OP_ADDS_X: u16 = 69;
export const OP_ADDS_W: u16 = 70;
export const OP_SUB_X: u16 = 71;
export const OP_SUB_W: u16 = 72;
export const OP_SUBS_X: u16 = 73;
export const OP_SUBS_W: u16 = 74;
export const OP_ADD_X0: u16 = 75;
export const OP_SUB_X0: u16 = 76;
export const OP_SUBS_X0: u16 = 77;
export const OP_ADDE_X: u16 = 78;
export const OP_ADDE_W: u16 = 79;
export const OP_ADDSE_X: u16 = 80;
export const OP_ADDSE_W: u16 = 81;
export const OP_SUBE_X: u16 = 82;
export const OP_SUBE_W: u16 = 83;
export const OP_SUBSE_X: u16 = 84;
export const OP_SUBSE_W: u16 = 85;
export const OP_ADC_X: u16 = 86;
export const OP_ADC_W: u16 = 87;
export const OP_ADCS_X: u16 = 88;
export const OP_ADCS_W: u16 = 89;
export const OP_SBC_X: u16 = 90;
export const OP_SBC_W: u16 = 91;
export const OP_SBCS_X: u16 = 92;
export const OP_SBCS_W: u16 = 93;
export const OP_CCMN_X: u16 = 94;
export const OP_CCMN_W: u16 = 95;
export const OP_CCMP_X: u16 = 96;
export const OP_CCMP_W: u16 = 97;
export const OP_CSEL_X: u16 = 98;
export const OP_CSINC_X: u16 = 99;
export const OP_CSINV_X: u16 = 100;
export const OP_CSNEG_X: u16 = 101;
export const OP_CSEL_W: u16 = 102;
export const OP_CSINC_W: u16 = 103;
export const OP_CSINV_W: u16 = 104;
export const OP_CSNEG_W: u16 = 105;
export const OP_RBIT_X: u16 = 106;
export const OP_RBIT_W: u16 = 107;
export const OP_REV16_X: u16 = 108;
export const OP_REV16_W: u16 = 109;
export const OP_REV32_X: u16 = 110;
export const OP_REV_X: u16 = 111;
export const OP_REV_W: u16 = 112;
export const OP_CLZ_X: u16 = 113;
export const OP_CLZ_W: u16 = 114;
export const OP_CLS_X: u16 = 115;
export const OP_CLS_W: u16 = 116;
export const OP_UDIV_X: u16 = 117;
export const OP_UDIV_W: u16 = 118;
export const OP_SDIV_X: u16 = 119;
export const OP_SDIV_W: u16 = 120;
export const OP_LSLV_X: u16 = 121;
export const OP_LSLV_W: u16 = 122;
export const OP_LSRV_X: u16 = 123;
export const OP_LSRV_W: u16 = 124;
export const OP_ASRV_X: u16 = 125;
export const OP_ASRV_W: u16 = 126;
export const OP_RORV_X: u16 = 127;
export const OP_RORV_W: u16 = 128;
export const OP_CRC32: u16 = 129;
export const OP_MADD_X: u16 = 130;
export const OP_MADD_W: u16 = 131;
export const OP_MSUB_X: u16 = 132;
export const OP_MSUB_W: u16 = 133;
export const OP_SMADDL: u16 = 134;
export const OP_SMSUBL: u16 = 135;
export const OP_UMADDL: u16 = 136;
export const OP_UMSUBL: u16 = 137;
export const OP_SMULH: u16 = 138;
export const OP_UMULH: u16 = 139;
export const OP_LDST: u16 = 140;
export const OP_LDST_REG: u16 = 141;
export const OP_LDR_X: u16 = 142;
export const OP_STR_X: u16 = 143;
export const OP_LDR_W: u16 = 144;
export const OP_STR_W: u16 = 145;
export const OP_LDRB: u16 = 146;
export const OP_STRB: u16 = 147;
export const OP_LDP: u16 = 148;
export const OP_STP: u16 = 149;
export const OP_LDR_LIT: u16 = 150;
export const OP_LDX: u16 = 151;
export const OP_STX: u16 = 152;
export const OP_LDXP: u16 = 153;
export const OP_STXP: u16 = 154;
export const OP_LDAR: u16 = 155;
export const OP_STLR: u16 = 156;
export const OP_LDST_UNPRIV: u16 = 157;
export const OP_FMOV_TO_GEN: u16 = 158;
export const OP_FMOV_FROM_GEN: u16 = 159;
export const OP_MOVI_V: u16 = 160;
export const OP_ORRI_V: u16 = 161;
export const OP_BICI_V: u16 = 162;
export const OP_DUP_GEN: u16 = 163;
export const OP_FMOV_REG: u16 = 164;
export const OP_HLT: u16 = 165;
export const OP_FP2: u16 = 166;   // x = ftype << 8 | opcode
export const OP_FP1: u16 = 167;
export const OP_FP3: u16 = 168;   // x = ftype << 8 | o1 << 1 | o0
export const OP_FCMP: u16 = 169;  // x = ftype << 8 | opc2; m = Rm (ignored for the zero forms)
export const OP_FCCMP: u16 = 170; // x = ftype << 8 | op << 4 | nzcv, a = cond
export const OP_FCSEL: u16 = 171; // x = ftype << 8, a = cond
export const OP_FCVTI: u16 = 172; // x = sf << 12 | ftype << 8 | rmode << 3 | opcode
export const OP_FMOV_IMM: u16 = 173; // x = ftype, imm = register bits
export const OP_CNT: u16 = 174;   // a = Q
export const OP_ADDV: u16 = 175;  // a = Q, x = size
export const OP_VLOGIC: u16 = 176; // a = Q, x = U << 2 | opc2
export const OP_VNOT: u16 = 177;   // a = Q
export const OP_VADDSUB: u16 = 178; // a = Q, x = U << 2 | size
export const OP_DUP_ELEM: u16 = 179; // a = Q, x = size, imm = index
export const OP_INS_GEN: u16 = 180;  // x = size, imm = index
export const OP_INS_ELEM: u16 = 181; // x = size, imm = dst index | src index << 8
export const OP_UMOV: u16 = 182;     // x = size, imm = index (d = general register)
export const OP_SMOV: u16 = 183;
// CMP followed by B.cond, fused at decode (the B.cond keeps its own record for direct jumps):
// imm = cmp immediate (low 32 bits) | branch offset from the B.cond (high 32 bits), a = cond
export const OP_CMPI_BC_X: u16 = 184;
export const OP_CMPI_BC_W: u16 = 185;
export const OP_CMPR_BC_X: u16 = 186;     // x = size, a = Q (64-bit destination), imm = index
export const OP_SIMD: u16 = 187;          // integer AdvSIMD (exec_simd.ts): imm = the instruction word

// single-register load/store kinds (x field of OP_LDST*, low 5 bits)
export const K_STRB: u32 = 0; export const K_STRH: u32 = 1; export const K_STRW: u32 = 2; export const K_STRX: u32 = 3;
export const K_LDRB: u32 = 4; export const K_LDRH: u32 = 5; export const K_LDRW: u32 = 6; export const K_LDRX: u32 = 7;
export const K_LDRSB_X: u32 = 8; export const K_LDRSH_X: u32 = 9; export const K_LDRSW: u32 = 10;
export const K_LDRSB_W: u32 = 11; export const K_LDRSH_W: u32 = 12; export const K_PRFM: u32 = 13;
export const K_STR_B: u32 = 16; export const K_STR_H: u32 = 17; export const K_STR_S: u32 = 18; export const K_STR_D: u32 = 19; export const K_STR_Q: u32 = 20;
export const K_LDR_B: u32 = 21; export const K_LDR_H: u32 = 22; export const K_LDR_S: u32 = 23; export const K_LDR_D: u32 = 24; export const K_LDR_Q: u32 = 25;
// pair kinds
export const P_W: u32 = 0; export const P_X: u32 = 1; export const P_SW: u32 = 2; export const P_S: u32 = 3; export const P_D: u32 = 4; export const P_Q: u32 = 5;
// addressing modes (x bits 8..9)
export const M_OFF: u32 = 0; export const M_PRE: u32 = 1; export const M_POST: u32 = 2;
