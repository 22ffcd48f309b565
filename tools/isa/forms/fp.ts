// FP/SIMD: moves between general and FP registers, FP register moves (what saving and
// restoring FP state needs; FP loads/stores are in ldst.ts, FPCR/FPSR in sysregs.ts).
import { R, V } from '../operands.ts';
import { form, type Alias, type Form, type Op } from '../table.ts';

const F: Form[] = [];
const A: Alias[] = [];

/** `v<n>.d[1]`: the upper half of a 128-bit register. */
const vTop = (field: string): Op => ({
  syntax: 'V<n>.D[1]',
  parse(p, f) {
    const m = /^v(\d+)\.d\s*\[\s*1\s*\]$/i.exec(p.trim());
    if (!m || Number(m[1]) > 31) return false;
    f[field] = Number(m[1]);
    return true;
  },
  print: (f) => `v${f[field]}.d[1]`,
});

for (const [id, sf, ftype, rmode, gp, fpOp] of [
  ['FMOV_w_s', 0, '00', '00', 'w', () => V('Rn', 's')], ['FMOV_x_d', 1, '01', '00', 'x', () => V('Rn', 'd')],
  ['FMOV_x_vd1', 1, '10', '01', 'x', () => vTop('Rn')],
] as const) {
  // general <- FP (opcode 110), FP <- general (opcode 111)
  F.push(form(id, 'fmov', `${sf} 0 0 11110 ${ftype} 1 ${rmode} 110 000000 Rn:5 Rd:5`, [R('Rd', gp), fpOp()], 'fp'));
  const dstOp = id === 'FMOV_x_vd1' ? vTop('Rd') : V('Rd', id === 'FMOV_w_s' ? 's' : 'd');
  const revId = id === 'FMOV_w_s' ? 'FMOV_s_w' : id === 'FMOV_x_d' ? 'FMOV_d_x' : 'FMOV_vd1_x';
  F.push(form(revId, 'fmov', `${sf} 0 0 11110 ${ftype} 1 ${rmode} 111 000000 Rn:5 Rd:5`, [dstOp, R('Rn', gp)], 'fp'));
}
for (const [ftype, c] of [['00', 's'], ['01', 'd']] as const) {
  F.push(form(`FMOV_${c}_${c}`, 'fmov', `00011110 ${ftype} 1 0000 00 10000 Rn:5 Rd:5`, [V('Rd', c), V('Rn', c)], 'fp'));
}

export const FP_FORMS = F;
export const FP_ALIASES = A;
