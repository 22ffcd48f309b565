// ELF64 constants for AArch64 objects and executables (System V gABI, AArch64 ELF ABI).
import type { RelocType } from '../isa/api.ts';

export const ET_REL = 1;
export const ET_EXEC = 2;
export const EM_AARCH64 = 183;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_TLS = 6;

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const EHDR_SIZE = 64;
export const SHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SYM_SIZE = 24;
export const RELA_SIZE = 24;

/** Standard AArch64 relocation numbers (ELF for the Arm 64-bit Architecture, table "Static relocations"). */
export const RELOC_NUMBERS: Record<RelocType, number> = {
  R_AARCH64_ABS64: 257, R_AARCH64_ABS32: 258, R_AARCH64_ABS16: 259,
  R_AARCH64_PREL64: 260, R_AARCH64_PREL32: 261, R_AARCH64_PREL16: 262,
  R_AARCH64_MOVW_UABS_G0: 263, R_AARCH64_MOVW_UABS_G0_NC: 264, R_AARCH64_MOVW_UABS_G1: 265,
  R_AARCH64_MOVW_UABS_G1_NC: 266, R_AARCH64_MOVW_UABS_G2: 267, R_AARCH64_MOVW_UABS_G2_NC: 268,
  R_AARCH64_MOVW_UABS_G3: 269,
  R_AARCH64_MOVW_SABS_G0: 270, R_AARCH64_MOVW_SABS_G1: 271, R_AARCH64_MOVW_SABS_G2: 272,
  R_AARCH64_LD_PREL_LO19: 273, R_AARCH64_ADR_PREL_LO21: 274, R_AARCH64_ADR_PREL_PG_HI21: 275,
  R_AARCH64_ADR_PREL_PG_HI21_NC: 276, R_AARCH64_ADD_ABS_LO12_NC: 277, R_AARCH64_LDST8_ABS_LO12_NC: 278,
  R_AARCH64_TSTBR14: 279, R_AARCH64_CONDBR19: 280, R_AARCH64_JUMP26: 282, R_AARCH64_CALL26: 283,
  R_AARCH64_LDST16_ABS_LO12_NC: 284, R_AARCH64_LDST32_ABS_LO12_NC: 285, R_AARCH64_LDST64_ABS_LO12_NC: 286,
  R_AARCH64_MOVW_PREL_G0: 287, R_AARCH64_MOVW_PREL_G0_NC: 288, R_AARCH64_MOVW_PREL_G1: 289,
  R_AARCH64_MOVW_PREL_G1_NC: 290, R_AARCH64_MOVW_PREL_G2: 291, R_AARCH64_MOVW_PREL_G2_NC: 292,
  R_AARCH64_MOVW_PREL_G3: 293,
  R_AARCH64_LDST128_ABS_LO12_NC: 299,
};

export const RELOC_NAMES: Map<number, RelocType> = new Map(
  Object.entries(RELOC_NUMBERS).map(([k, v]) => [v, k as RelocType]),
);
