// Debug information the assembler writes when asked (`debug: true`, as `as -g`): DWARF 4
// .debug_line (a row per source line that produced code: from `.loc` directives where the
// source has them, the compiler's; else the assembly source's own lines), and a small
// .debug_info/.debug_abbrev/.debug_ranges (one compile unit covering the code sections, one
// subprogram per `.type NAME, %function` symbol), which is what gdb needs to break, step and
// list by line and to name functions. Addresses are relocations against the sections, as in
// GNU as's output, so the linker moves them with the code. DWARF 4 facts: the DWARF Debugging
// Information Format, version 4, sections 6.2 (line programs) and 7.5 (unit headers, forms).
import * as path from 'node:path';
import type { RelocType } from '../isa/api.ts';
import type { SectionBuf } from './sections.ts';

export interface LineRow { sec: SectionBuf; off: number; file: string; line: number }
export interface FunctionSym { name: string; sec: number; off: number; size: number; global: boolean }

/** What the assembler gives: its sections, rows, functions, and how to place a relocation. */
export interface DwarfHost {
  section(name: string): SectionBuf;
  sectionLabel(sec: SectionBuf): string;
  reloc(s: SectionBuf, size: 4 | 8, label: string, addend: bigint): void;
  sections: SectionBuf[];
}

const enc = new TextEncoder();
const str = (s: string) => [...enc.encode(s), 0];
/** DWARF's LEB128 forms (also used by cfi.ts). */
export function uleb(v: number): number[] {
  const o: number[] = [];
  do { let b = v & 0x7f; v = Math.floor(v / 128); if (v) b |= 0x80; o.push(b); } while (v);
  return o;
}
export function sleb(v: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v = Math.floor(v / 128);
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { o.push(b); return o; }
    o.push(b | 0x80);
  }
}
const u16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

// DW_TAG, DW_AT, DW_FORM, DW_LNS/DW_LNE numbers used here.
const TAG_compile_unit = 0x11, TAG_subprogram = 0x2e;
const AT_name = 0x03, AT_stmt_list = 0x10, AT_low_pc = 0x11, AT_high_pc = 0x12, AT_language = 0x13, AT_comp_dir = 0x1b, AT_producer = 0x25, AT_external = 0x3f, AT_ranges = 0x55;
const FORM_addr = 0x01, FORM_data2 = 0x05, FORM_data4 = 0x06, FORM_string = 0x08, FORM_sec_offset = 0x17, FORM_flag_present = 0x19;
const LANG_C99 = 0x0c, LANG_MIPS_ASSEMBLER = 0x8001;
const LNS_copy = 1, LNS_advance_pc = 2, LNS_advance_line = 3, LNS_set_file = 4;

/** Bytes and relocated fields of one debug section, written in order. */
class Out {
  parts: ({ bytes: number[] } | { size: 4 | 8; label: string; addend: bigint })[] = [];
  n = 0;
  b(...bytes: number[][]): this { for (const x of bytes) { this.parts.push({ bytes: x }); this.n += x.length; } return this; }
  r(size: 4 | 8, label: string, addend = 0n): this { this.parts.push({ size, label, addend }); this.n += size; return this; }
  write(h: DwarfHost, s: SectionBuf) {
    for (const p of this.parts) {
      if ('bytes' in p) s.bytes(p.bytes);
      else h.reloc(s, p.size, p.label, p.addend);
    }
  }
}

/** Append the debug sections. `compiled`: rows came from `.loc` (a compiler's output). */
export function emitDwarf(h: DwarfHost, rows: LineRow[], funcs: FunctionSym[], primary: string, compiled: boolean): void {
  const code = [...new Set(rows.map((r) => r.sec))].filter((s) => s.size > 0);
  if (code.length === 0) return;
  const files: string[] = [];
  const fileNo = (f: string) => { let i = files.indexOf(f); if (i < 0) { files.push(f); i = files.length - 1; } return i + 1; };
  for (const r of rows) fileNo(r.file);

  // .debug_line: one sequence per code section, rows in address order.
  const prog = new Out();
  for (const sec of code) {
    const rs = rows.filter((r) => r.sec === sec).sort((a, b) => a.off - b.off);
    prog.b([0, 9, 2]).r(8, h.sectionLabel(sec), BigInt(rs[0].off)); // DW_LNE_set_address
    let addr = rs[0].off, line = 1, file = 1;
    for (const r of rs) {
      if (r.off > addr) { prog.b([LNS_advance_pc], uleb(r.off - addr)); addr = r.off; }
      const f = fileNo(r.file);
      if (f !== file) { prog.b([LNS_set_file], uleb(f)); file = f; }
      if (r.line !== line) { prog.b([LNS_advance_line], sleb(r.line - line)); line = r.line; }
      prog.b([LNS_copy]);
    }
    if (sec.size > addr) prog.b([LNS_advance_pc], uleb(sec.size - addr));
    prog.b([0, 1, 1]); // DW_LNE_end_sequence
  }
  const hdr: number[] = [
    1, 1, 1, // minimum_instruction_length, maximum_operations_per_instruction, default_is_stmt
    0xfb, 14, 13, // line_base -5, line_range, opcode_base
    0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, // standard_opcode_lengths
    0, // no include_directories
    ...files.flatMap((f) => [...str(f), 0, 0, 0]), 0,
  ];
  const line = new Out().b(u32(2 + 4 + hdr.length + prog.n), u16(4), u32(hdr.length), hdr);
  line.parts.push(...prog.parts);
  const lineSec = h.section('.debug_line');
  line.write(h, lineSec);

  // .debug_ranges: the code sections (base address 0: the unit's low_pc).
  const ranges = new Out();
  for (const sec of code) ranges.r(8, h.sectionLabel(sec), 0n).r(8, h.sectionLabel(sec), BigInt(sec.size));
  ranges.b(new Array(16).fill(0));
  const rangesSec = h.section('.debug_ranges');
  ranges.write(h, rangesSec);

  const abbrev = [
    ...uleb(1), ...uleb(TAG_compile_unit), 1,
    AT_producer, FORM_string, AT_language, FORM_data2, AT_name, FORM_string, AT_comp_dir, FORM_string,
    AT_stmt_list, FORM_sec_offset, AT_low_pc, FORM_addr, AT_ranges, FORM_sec_offset, 0, 0,
    ...uleb(2), ...uleb(TAG_subprogram), 0,
    AT_name, FORM_string, AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0, 0,
    ...uleb(3), ...uleb(TAG_subprogram), 0,
    AT_name, FORM_string, AT_external, FORM_flag_present, AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0, 0,
    0,
  ];
  const abbrevSec = h.section('.debug_abbrev');
  new Out().b(abbrev).write(h, abbrevSec);

  const die = new Out()
    .b([1], str('raspvisor'), u16(compiled ? LANG_C99 : LANG_MIPS_ASSEMBLER), str(primary), str(path.dirname(primary)))
    .r(4, h.sectionLabel(lineSec)).b(new Array(8).fill(0)).r(4, h.sectionLabel(rangesSec));
  const codeSecs = new Set(code.map((s) => s.index));
  for (const f of funcs) {
    if (!codeSecs.has(f.sec) || f.size <= 0) continue;
    die.b([f.global ? 3 : 2], str(f.name)).r(8, h.sectionLabel(h.sections[f.sec]), BigInt(f.off)).b(u32(f.size));
  }
  die.b([0]);
  const info = new Out().b(u32(2 + 4 + 1 + die.n), u16(4)).r(4, h.sectionLabel(abbrevSec)).b([8]);
  info.parts.push(...die.parts);
  info.write(h, h.section('.debug_info'));
}

export const DEBUG_RELOC: Record<4 | 8, RelocType> = { 4: 'R_AARCH64_ABS32', 8: 'R_AARCH64_ABS64' };
