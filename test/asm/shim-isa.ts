// A deliberately tiny stand-in encoder (a handful of fixed words) so the assembler's own
// machinery can be tested independently of tools/isa. Words checked against llvm-mc.
import { UserError } from '../../tools/common/diagnostics.ts';
import type { EncodeResult, IsaApi, OperandContext, RelocType } from '../../tools/isa/api.ts';
import { applyRelocation } from '../../tools/elf/relocs.ts';

const reg = (t: string) => {
  const m = /^\s*([xw])([0-9]|[12][0-9]|30)\s*$/i.exec(t);
  if (!m) throw new UserError(`operand '${t.trim()}': expected a general register`);
  return { n: Number(m[2]), w: m[1].toLowerCase() === 'w' };
};

function target(ctx: OperandContext, text: string, type: RelocType, word: number): EncodeResult {
  const v = ctx.evalExpr(text);
  if (v.kind === 'const') return { word: applyRelocation(word, type, v.value - BigInt(ctx.pc)) };
  return { word, fixup: { type, symbol: v.symbol, addend: v.addend } };
}

export const shimIsa: IsaApi = {
  assemble(mn, ops, ctx) {
    const parts = ops.split(',').map((s) => s.trim());
    switch (mn) {
      case 'nop': return { word: 0xd503201f };
      case 'ret': return { word: 0xd65f03c0 };
      case 'b': return target(ctx, ops, 'R_AARCH64_JUMP26', 0x14000000);
      case 'bl': return target(ctx, ops, 'R_AARCH64_CALL26', 0x94000000);
      case 'ldr': {
        const r = reg(parts[0]);
        if (parts[1]?.startsWith('=')) return { word: 0, literal: { size: r.w ? 4 : 8, value: ctx.evalExpr(parts[1].slice(1)), rt: r.n, isW: r.w } };
        return target(ctx, parts[1], 'R_AARCH64_LD_PREL_LO19', (r.w ? 0x18000000 : 0x58000000) | r.n);
      }
      case 'adrp': {
        const r = reg(parts[0]);
        const v = ctx.evalExpr(parts[1]);
        if (v.kind !== 'symbol') throw new UserError('shim: adrp needs a symbol');
        return { word: 0x90000000 | r.n, fixup: { type: 'R_AARCH64_ADR_PREL_PG_HI21', symbol: v.symbol, addend: v.addend } };
      }
      case 'add': {
        const d = reg(parts[0]), n = reg(parts[1]);
        const v = ctx.evalExpr(parts[2].replace(/^#/, ''));
        const word = (0x91000000 | (n.n << 5) | d.n) >>> 0;
        if (v.kind === 'const') {
          if (v.value < 0n || v.value > 4095n) throw new UserError(`immediate ${v.value} out of range [0, 4095]`);
          return { word: (word | (Number(v.value) << 10)) >>> 0 };
        }
        return { word, fixup: { type: 'R_AARCH64_ADD_ABS_LO12_NC', symbol: v.symbol, addend: v.addend } };
      }
    }
    throw new UserError(`unknown instruction '${mn}'`);
  },
  disassemble() { return null; },
  applyRelocation,
};
