// Turn an assembled module into an ELF64 relocatable object: each section followed by its
// .rela section, then .symtab/.strtab/.shstrtab. Symbols: section symbols, mapping symbols
// ($x/$d in code sections), local labels, then globals (as GNU as orders them: locals first).
import type { AsmResult, AsmSymbol } from './assembler.ts';
import {
  ET_REL, RELA_SIZE, RELOC_NUMBERS, SHF_INFO_LINK, SHN_ABS, SHN_COMMON, SHN_UNDEF, SHT_NOBITS, SHT_PROGBITS, SHT_RELA, SHT_STRTAB, SHT_SYMTAB,
  STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION, STT_TLS, SYM_SIZE,
} from '../elf/constants.ts';
import { encodeRela, encodeSymtab, StrTab, writeElf, type OutSection, type SymEntry } from '../elf/writer.ts';

const TYPE_NUM: Record<AsmSymbol['type'], number> = { notype: STT_NOTYPE, func: STT_FUNC, object: STT_OBJECT, tls: STT_TLS, file: 4 };
const BIND_NUM = { local: STB_LOCAL, global: STB_GLOBAL, weak: STB_WEAK };

export function objectBytes(r: AsmResult): Uint8Array {
  // Section header indices: user section k at secIdx[k]; its rela right after.
  const out: OutSection[] = [];
  const secIdx: number[] = [];
  for (const s of r.sections) {
    secIdx.push(out.length + 1);
    out.push({ name: s.name, type: s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags: s.flags, align: s.align, data: s.data, size: s.size, entsize: s.entsize });
    if (s.relocs.length) out.push({ name: '.rela' + s.name, type: SHT_RELA, flags: SHF_INFO_LINK, align: 8, entsize: RELA_SIZE });
  }
  const symtabIdx = out.length + 1;

  const locals: SymEntry[] = [];
  const globals: SymEntry[] = [];
  const sectionSym: number[] = [];
  if (r.fileName !== undefined) locals.push({ name: r.fileName, value: 0n, size: 0n, info: (STB_LOCAL << 4) | STT_FILE, other: 0, shndx: SHN_ABS });
  r.sections.forEach((_s, k) => {
    sectionSym.push(locals.length + 1);
    locals.push({ name: '', value: 0n, size: 0n, info: (STB_LOCAL << 4) | STT_SECTION, other: 0, shndx: secIdx[k] });
  });
  r.sections.forEach((s, k) => {
    for (const m of s.mapping) locals.push({ name: '$' + m.kind, value: BigInt(m.off), size: 0n, info: STT_NOTYPE, other: 0, shndx: secIdx[k] });
  });
  for (const sym of r.symbols) {
    const e: SymEntry = {
      name: sym.name, value: sym.value, size: sym.size,
      info: (BIND_NUM[sym.bind] << 4) | TYPE_NUM[sym.type], other: sym.visibility ?? 0,
      shndx: sym.sec === 'abs' ? SHN_ABS : sym.sec === 'undef' ? SHN_UNDEF : sym.sec === 'common' ? SHN_COMMON : secIdx[sym.sec],
    };
    (sym.bind === 'local' ? locals : globals).push(e);
  }
  const all = [...locals, ...globals];
  const symIndex = new Map<string, number>();
  globals.forEach((g, i) => symIndex.set(g.name, locals.length + 1 + i));

  const globalIndex = (name: string): number => {
    const i = symIndex.get(name);
    if (i === undefined) throw new Error(`objectBytes: relocation against '${name}', which is not in the symbol table`);
    return i;
  };
  let k = 0;
  for (const s of r.sections) {
    const relaPos = secIdx[k] + (s.relocs.length ? 1 : 0) - 1;
    if (s.relocs.length) {
      const rela = out[relaPos];
      rela.link = symtabIdx;
      rela.info = secIdx[k];
      rela.data = encodeRela(s.relocs.map((x) => ({
        offset: BigInt(x.offset), type: RELOC_NUMBERS[x.type], addend: x.addend,
        sym: x.target.kind === 'section' ? sectionSym[x.target.sec] : x.target.kind === 'symbol' ? globalIndex(x.target.name) : 0,
      })));
    }
    k++;
  }
  const strtab = new StrTab();
  const symData = encodeSymtab(all, strtab);
  out.push({ name: '.symtab', type: SHT_SYMTAB, flags: 0, align: 8, data: symData, link: symtabIdx + 1, info: locals.length + 1, entsize: SYM_SIZE });
  out.push({ name: '.strtab', type: SHT_STRTAB, flags: 0, align: 1, data: strtab.bytes() });
  out.push({ name: '.shstrtab', type: SHT_STRTAB, flags: 0, align: 1, data: new Uint8Array(0) });
  return writeElf({ type: ET_REL, sections: out });
}
