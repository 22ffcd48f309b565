// Call frame information from `.cfi_*` directives (with debug info on): each
// `.cfi_startproc` ... `.cfi_endproc` becomes a DWARF .debug_frame FDE whose instructions say,
// address by address, where the caller's frame (CFA) and the saved registers are. gdb unwinds
// with it; `.cfi_undefined x30` marks a frame with no caller (an exception vector's entry), so
// `bt` ends there. DWARF 4 section 6.4 (call frame information); AArch64 register numbers from
// the AArch64 DWARF ABI (x0-x30 0-30, sp 31, v0-v31 64-95).
import { UserError } from '../common/diagnostics.ts';
import { uleb, sleb, type DwarfHost } from './dwarf.ts';
import type { SectionBuf } from './sections.ts';

export interface CfiRow { off: number; ops: number[] }
export interface Fde { sec: SectionBuf; start: number; end: number; rows: CfiRow[]; /** CFA = reg + this, for the relative forms */ cfaOff: number; saved: number[] }

const CFA = { advance_loc4: 0x04, offset_extended_sf: 0x11, restore_extended: 0x06, undefined: 0x07, same_value: 0x08,
  register: 0x09, remember_state: 0x0a, restore_state: 0x0b, def_cfa: 0x0c, def_cfa_register: 0x0d, def_cfa_offset: 0x0e };

const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** DWARF register number of an AArch64 register name (or a plain number). */
export function dwarfReg(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (t === 'sp' || t === 'wsp') return 31;
  if (t === 'fp') return 29;
  if (t === 'lr') return 30;
  let m = /^[xw](\d+)$/.exec(t);
  if (m && Number(m[1]) <= 30) return Number(m[1]);
  m = /^[vqdsbh](\d+)$/.exec(t);
  if (m && Number(m[1]) <= 31) return 64 + Number(m[1]);
  throw new UserError(`not a register for call frame information: '${text.trim()}'`);
}

/** The instruction bytes of one directive (after `.cfi_`), given its parsed arguments. The
 *  relative forms (adjust_cfa_offset, rel_offset) use the FDE's current CFA offset. */
export function cfiOps(name: string, args: string[], num: (s: string) => number, f: Fde): number[] | null {
  const reg = (i: number) => dwarfReg(args[i] ?? '');
  const cfaOffset = (v: number) => { f.cfaOff = v; return [CFA.def_cfa_offset, ...uleb(v)]; };
  switch (name) {
    case 'def_cfa': f.cfaOff = num(args[1]); return [CFA.def_cfa, ...uleb(reg(0)), ...uleb(f.cfaOff)];
    case 'def_cfa_register': return [CFA.def_cfa_register, ...uleb(reg(0))];
    case 'def_cfa_offset': return cfaOffset(num(args[0]));
    case 'adjust_cfa_offset': return cfaOffset(f.cfaOff + num(args[0]));
    case 'rel_offset': return [CFA.offset_extended_sf, ...uleb(reg(0)), ...sleb(num(args[1]) - f.cfaOff)];
    case 'offset': return [CFA.offset_extended_sf, ...uleb(reg(0)), ...sleb(num(args[1]))];
    case 'restore': return [CFA.restore_extended, ...uleb(reg(0))];
    case 'undefined': return [CFA.undefined, ...uleb(reg(0))];
    case 'same_value': return [CFA.same_value, ...uleb(reg(0))];
    case 'register': return [CFA.register, ...uleb(reg(0)), ...uleb(reg(1))];
    case 'remember_state': return [CFA.remember_state];
    case 'restore_state': return [CFA.restore_state];
    default: return null;
  }
}

/** Append .debug_frame: one CIE (CFA = sp + 0, return address in x30, offsets unfactored),
 *  then each FDE. */
export function emitDebugFrame(h: DwarfHost, fdes: Fde[]): void {
  if (fdes.length === 0) return;
  const s = h.section('.debug_frame');
  const pad = (n: number) => new Array((8 - (n % 8)) % 8).fill(0); // DW_CFA_nop
  // CIE id, version 1, augmentation "", code and data alignment factors 1, return address
  // register x30, initial CFA sp + 0.
  const cie = [...u32(0xffffffff), 1, 0, 1, 1, 30, CFA.def_cfa, 31, 0];
  const cieAll = [...cie, ...pad(4 + cie.length)];
  const cieStart = s.size;
  s.bytes([...u32(cieAll.length), ...cieAll]);
  for (const f of fdes) {
    const ops: number[] = [];
    let at = f.start;
    for (const r of f.rows) {
      if (r.off > at) { ops.push(CFA.advance_loc4, ...u32(r.off - at)); at = r.off; }
      ops.push(...r.ops);
    }
    const body = 4 + 8 + 8 + ops.length;
    const total = body + pad(4 + body).length;
    s.bytes(u32(total));
    h.reloc(s, 4, h.sectionLabel(s), BigInt(cieStart));
    h.reloc(s, 8, h.sectionLabel(f.sec), BigInt(f.start));
    s.bytes([...u32(f.end - f.start), 0, 0, 0, 0]);
    s.bytes([...ops, ...pad(4 + body)]);
  }
}
