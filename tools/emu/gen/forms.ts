// The encoding forms the emulator's decoder is generated from: tools/isa's table (the one A64
// description shared with the assembler and disassembler). Each table form is mapped to one of
// the core's semantic groups (the group patterns in provisional-forms.ts name the fields the
// core's prep code reads; a field the table fixes is extracted at the group's position, and a
// field both name must sit at the same bits — checked here). Forms with no group decode as
// UNDEFINED. If tools/isa cannot be loaded, the group patterns themselves are used.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePattern, type FieldPos } from '../../isa/pattern.ts';
import { provisionalForms, extraForms } from './provisional-forms.ts';

export interface DecoderForm {
  id: string;        // table form id
  group: string;     // semantic group (prep.ts switches on FORM_<group>)
  mask: number;
  value: number;
  fields: FieldPos[];
  unalloc: Array<{ mask: number; value: number }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Table form id -> semantic group. Data, not code: one rule per family. */
const GROUP_RULES: Array<[RegExp, string]> = [
  [/^(ADD|ADDS|SUB|SUBS)_imm$/, '$1_imm'],
  [/^(ADD|ADDS|SUB|SUBS)_sreg$/, 'ADDSUB_shift'],
  [/^(ADD|ADDS|SUB|SUBS)_ext$/, 'ADDSUB_ext'],
  [/^(ADC|ADCS|SBC|SBCS)$/, 'ADC_SBC'],
  [/^(AND|ORR|EOR|ANDS)_imm$/, '$1_imm'],
  [/^(AND|BIC|ORR|ORN|EOR|EON|ANDS|BICS)_sreg$/, 'LOG_shift'],
  [/^(MOVN|MOVZ|MOVK|ADR|ADRP|SBFM|BFM|UBFM|EXTR)$/, '$1'],
  [/^(LSLV|LSRV|ASRV|RORV|UDIV|SDIV|CRC32C?[BHWX])$/, 'DP2'],
  [/^(RBIT|REV16|REV_w|REV32|REV_x|CLZ|CLS)$/, 'DP1'],
  [/^(CSEL|CSINC|CSINV|CSNEG)$/, 'CSEL_all'],
  [/^(CCMN|CCMP)_(reg|imm)$/, 'CCMP_$2'],
  [/^(MADD|MSUB|SMADDL|SMSUBL|UMADDL|UMSUBL|SMULH|UMULH)$/, 'DP3'],
  [/^(B|BL|B_cond|CBZ|CBNZ|TBZ|TBNZ|BR|BLR|RET|ERET)$/, '$1'],
  [/^(SVC|HVC|SMC|BRK|HLT|HINT|CLREX|DSB|DMB|ISB|MRS|MSR_reg|SYS|SYSL)$/, '$1'],
  [/^MSR_(SPSel|DAIFSet|DAIFClr)$/, 'MSR_imm'],
  [/^(LDR|STR|LDRB|STRB|LDRH|STRH|LDRSB|LDRSH|LDRSW|PRFM)(_[a-z]+)?_uoff$/, 'LDST_uimm'],
  [/^(LDR|STR|LDRB|STRB|LDRH|STRH|LDRSB|LDRSH|LDRSW|PRFM)(_[a-z]+)?_unscaled$/, 'LDST_unscaled'],
  [/^(LDR|STR|LDRB|STRB|LDRH|STRH|LDRSB|LDRSH|LDRSW|PRFM)(_[a-z]+)?_reg$/, 'LDST_reg'],
  [/^(LDR|STR|LDRB|STRB|LDRH|STRH|LDRSB|LDRSH|LDRSW)(_[a-z]+)?_post$/, 'LDST_post'],
  [/^(LDR|STR|LDRB|STRB|LDRH|STRH|LDRSB|LDRSH|LDRSW)(_[a-z]+)?_pre$/, 'LDST_pre'],
  [/^(LDR|STR|LDRB|STRB|LDRH|STRH|LDRSB|LDRSH|LDRSW)(_[a-z]+)?_unpriv$/, 'LDST_unpriv'],
  [/^(LDR|LDRSW|PRFM)(_[a-z]+)?_lit$/, 'LDR_lit'],
  [/^(LDP|STP|LDPSW)_[a-z]+_off$/, 'LDSTP_off'],
  [/^(LDP|STP|LDPSW)_[a-z]+_pre$/, 'LDSTP_pre'],
  [/^(LDP|STP|LDPSW)_[a-z]+_post$/, 'LDSTP_post'],
  [/^(LDNP|STNP)_[a-z]+$/, 'LDSTP_noalloc'],
  [/^(ST|LD)(L|A)?X?R[BH]?(_[wx])?$/, 'LDSTX'],
  [/^(ST|LD)(L|A)?XP_[wx]$/, 'LDSTX'],
  [/^FMOV_(w_s|s_w|x_d|d_x|x_vd1|vd1_x)$/, 'FMOV_gen'],
  [/^FMOV_(s_s|d_d)$/, 'FMOV_reg'],
  [/^(FMUL|FDIV|FADD|FSUB|FMAX|FMIN|FMAXNM|FMINNM|FNMUL)$/, 'FP_DP2'],
  [/^(FABS|FNEG|FSQRT|FRINT[NPMZAXI]|FCVT_d_s|FCVT_s_d|FCVT_[sd]_h|FCVT_h_[sd])$/, 'FP_DP1'],
  [/^(SCVTF|UCVTF|FCVTZS|FCVTZU)_fix$/, 'FP_CVTFIX'],
  [/^(CNT|ADDV|DUP_gen|DUP_elem|INS_gen|INS_elem|UMOV|SMOV)$/, '$1'],
  [/^(MOVI_(32|16|msl|8|64|2d)|MVNI_(32|16|msl)|ORR_v_imm(32|16)|BIC_v_imm(32|16)|FMOV_v_[sd])$/, 'MOVI'],
  [/^(AND|BIC|ORR|ORN|EOR|BSL|BIT|BIF)_v$/, 'VLOGIC'],
  [/^NOT_v$/, 'VNOT'],
  [/^(ADD|SUB)_v$/, 'VADDSUB'],
  [/^(MRS|MSR)_op0_0$/, 'SYSL'],
  [/^(V3S|V3D|V2M|VAL|VPERM|VSHI|VS3S|VS3D|VS2M|VSP|VSSHI|VF3S|VF2M|VFS2M|VFS3S|VLDST|VLDS|VTBL|VE|VSE|VFE|VSFE|VFSP|VFAL)_\w+$|^(VEXT|DUP_scalar)$/, 'SIMD'],
  [/^(FMADD|FMSUB|FNMADD|FNMSUB)$/, 'FP_DP3'],
  [/^FCMPE?_(reg|zero)$/, 'FP_CMP'],
  [/^FCCMPE?$/, 'FP_CCMP'],
  [/^FCSEL$/, 'FCSEL'],
  [/^(FCVT[NAPMZ][SU]|SCVTF|UCVTF)$/, 'FP_CVTI'],
  [/^FMOV_imm$/, 'FMOV_imm'],
];

export function groupOf(id: string): string | undefined {
  for (const [re, g] of GROUP_RULES) if (re.test(id)) return id.replace(re, g);
  return undefined;
}

interface TableForm { id: string; mask: number; value: number; fields: FieldPos[]; unalloc: Array<{ mask: number; value: number }>; check?: string }

async function isaTable(): Promise<TableForm[] | undefined> {
  try {
    await import('../../isa/index.ts');
    const { exportTable } = await import('../../isa/export.ts');
    return exportTable();
  } catch {
    return undefined;
  }
}

export async function loadForms(): Promise<{ source: string; forms: DecoderForm[] }> {
  const groups = new Map(provisionalForms.map((f) => [f.id, compilePattern(f.pattern)]));
  const table = await isaTable();
  const forms: DecoderForm[] = [];
  if (table) {
    for (const f of table) {
      const g = groupOf(f.id);
      if (!g) continue;
      const gp = groups.get(g);
      if (!gp) throw new Error(`decoder generator: group ${g} (for ${f.id}) has no pattern`);
      const fields = [...f.fields];
      for (const gf of gp.fields) {
        const have = f.fields.find((x) => x.name === gf.name);
        if (have && (have.lsb !== gf.lsb || have.width !== gf.width)) throw new Error(`decoder generator: field ${gf.name} of ${f.id} is at ${have.lsb}/${have.width}, group ${g} expects ${gf.lsb}/${gf.width}`);
        if (!have) fields.push(gf);
      }
      forms.push({ id: f.id, group: g, mask: f.mask, value: f.value, fields, unalloc: f.unalloc });
    }
  } else {
    for (const f of provisionalForms) {
      const c = compilePattern(f.pattern);
      forms.push({ id: f.id, group: f.id, mask: c.mask, value: c.value, fields: c.fields, unalloc: f.unalloc ?? [] });
    }
  }
  const ids = new Set(forms.map((f) => f.id));
  for (const f of extraForms) {
    if (ids.has(f.id)) continue;
    const c = compilePattern(f.pattern);
    forms.push({ id: f.id, group: f.id, mask: c.mask, value: c.value, fields: c.fields, unalloc: f.unalloc ?? [] });
  }
  return { source: table ? 'tools/isa' : 'provisional', forms };
}

/** Files whose content determines the generated decoder (for the build cache key). */
export function formSourceFiles(): string[] {
  const isa = path.join(here, '../../isa');
  return [path.join(here, 'provisional-forms.ts'), path.join(here, 'forms.ts'), path.join(here, 'gen-decoder.ts'),
    path.join(isa, 'pattern.ts'), path.join(isa, 'table.ts'), path.join(isa, 'export.ts'),
    path.join(isa, 'operands.ts'), ...fs.readdirSync(path.join(isa, 'forms')).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(isa, 'forms', f))];
}
