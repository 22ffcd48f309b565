// The whole table, in the order decoders and the assembler see it.
import type { Alias, Form } from '../table.ts';
import { BRANCH_ALIASES, BRANCH_FORMS } from './branch.ts';
import { DP_ALIASES, DP_FORMS } from './dp.ts';
import { FP_ALIASES, FP_FORMS } from './fp.ts';
import { LDST_ALIASES, LDST_FORMS } from './ldst.ts';
import { SIMD_ALIASES, SIMD_FORMS } from './simd.ts';
import { SIMD_INT_ALIASES, SIMD_INT_FORMS } from './simd-int.ts';
import { SIMD_FP_FORMS } from './simd-fp.ts';
import { SIMD_LDST_FORMS } from './simd-ldst.ts';
import { SIMD_ELEM_FORMS } from './simd-elem.ts';
import { SYSTEM_ALIASES, SYSTEM_FORMS } from './system.ts';

export const ALL_FORMS: Form[] = [...DP_FORMS, ...BRANCH_FORMS, ...LDST_FORMS, ...SYSTEM_FORMS, ...FP_FORMS, ...SIMD_FORMS, ...SIMD_INT_FORMS, ...SIMD_FP_FORMS, ...SIMD_LDST_FORMS, ...SIMD_ELEM_FORMS];
export const ALL_ALIASES: Alias[] = [...DP_ALIASES, ...BRANCH_ALIASES, ...LDST_ALIASES, ...SYSTEM_ALIASES, ...FP_ALIASES, ...SIMD_ALIASES, ...SIMD_INT_ALIASES];
