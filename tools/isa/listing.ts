// Disassembly listings in llvm-objdump -d's layout (LLVM 14), for ELF files and raw binaries.
//
//        0: 20 04 40 91  \tadd\tx0, x1, #1, lsl #12     // =4096
//
// Labels: at an address with several symbols, llvm-objdump shows the last in (address, type,
// name) order, mapping symbols ($x, $d) included; section and file symbols never. Branch
// targets get `<sym+0xoff>` from the same ordering among the section's symbols. `$d` ranges
// are dumped as .word/.short/.byte.
import { disassembleEx } from './index.ts';

export interface ListingSymbol {
  name: string;
  addr: bigint;
  type: number; // ELF STT_*
}

export interface ListingSection {
  name: string;
  addr: bigint;
  bytes: Uint8Array;
  symbols: ListingSymbol[];
}

const hex = (v: bigint): string => v.toString(16);

/** The instruction column as llvm-objdump prints it, with the `// comment` padded to column
 *  32 of the instruction text (tabs count to the next multiple of 8). */
export function formatInstruction(text: string, comment?: string): string {
  if (comment === undefined) return text;
  let col = 0;
  for (const ch of text) col = ch === '\t' ? (col + 8) & ~7 : col + 1;
  return text + ' '.repeat(Math.max(1, 32 - col)) + '// ' + comment;
}

function isMapping(name: string): 'x' | 'd' | null {
  const m = /^\$([xd])(\.|$)/.exec(name);
  return m ? (m[1] as 'x' | 'd') : null;
}

/** Lines of one section's disassembly (without the "Disassembly of section" header). */
export function listSection(sec: ListingSection): string[] {
  const syms = sec.symbols
    .filter((s) => s.type !== 3 && s.type !== 4 && s.name !== '')
    .slice()
    .sort((a, b) => (a.addr !== b.addr ? (a.addr < b.addr ? -1 : 1) : a.type !== b.type ? a.type - b.type : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // label per address: the last symbol at that address
  const label = new Map<bigint, string>();
  for (const s of syms) label.set(s.addr, s.name);
  const labelAddrs = [...label.keys()];
  // mapping-symbol ranges
  const maps = syms.filter((s) => isMapping(s.name)).map((s) => ({ addr: s.addr, kind: isMapping(s.name)! }));
  const kindAt = (a: bigint): 'x' | 'd' => {
    let k: 'x' | 'd' = 'x';
    for (const m of maps) if (m.addr <= a) k = m.kind;
    return k;
  };
  const symbolize = (t: bigint): string => {
    let best: bigint | undefined;
    for (const a of labelAddrs) if (a <= t) best = a;
    if (best === undefined) return '';
    const off = t - best;
    return ` <${label.get(best)}${off ? '+0x' + hex(off) : ''}>`;
  };
  const lines: string[] = [];
  const boundaries = [...new Set([...labelAddrs, ...maps.map((m) => m.addr)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const nextBoundary = (a: bigint): bigint => {
    for (const b of boundaries) if (b > a) return b;
    return sec.addr + BigInt(sec.bytes.length);
  };
  const b = sec.bytes;
  let off = 0;
  while (off < b.length) {
    const addr = sec.addr + BigInt(off);
    const l = label.get(addr);
    if (l !== undefined) lines.push('', `${hex(addr).padStart(16, '0')} <${l}>:`);
    const a = hex(addr).padStart(8, ' ');
    const avail = Number(nextBoundary(addr) - addr);
    if (kindAt(addr) === 'd') {
      const n = off % 4 === 0 && avail >= 4 ? 4 : off % 2 === 0 && avail >= 2 ? 2 : 1;
      const bytes = [...b.subarray(off, off + n)];
      const v = bytes.reduceRight((acc, x) => acc * 256 + x, 0);
      const dir = n === 4 ? '.word' : n === 2 ? '.short' : '.byte';
      lines.push(`${a}:\t${bytes.map((x) => x.toString(16).padStart(2, '0')).join(' ')}${n < 4 ? '\t' : ''}\t${dir}\t0x${v.toString(16).padStart(n * 2, '0')}`);
      off += n;
      continue;
    }
    if (off + 4 > b.length || avail < 4) {
      // a partial instruction: llvm-objdump prints the bytes alone
      const n = Math.min(avail, b.length - off);
      lines.push(`${a}: ${[...b.subarray(off, off + n)].map((x) => x.toString(16).padStart(2, '0') + ' ').join('')}`);
      off += n;
      continue;
    }
    const w = (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
    const bytes = [...b.subarray(off, off + 4)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    const d = disassembleEx(w, Number(addr));
    let text = '<unknown>';
    if (d) {
      text = d.text;
      if (d.target !== undefined) text += symbolize(d.target);
      text = formatInstruction(text, d.comment);
    }
    lines.push(`${a}: ${bytes}  \t${text}`);
    off += 4;
  }
  return lines;
}

/** A whole listing like `llvm-objdump -d FILE`. */
export function listing(file: string, format: string, sections: ListingSection[]): string {
  const out = ['', `${file}:\tfile format ${format}`, ''];
  let first = true;
  for (const s of sections) {
    if (s.bytes.length === 0) continue;
    if (!first) out.push('');
    first = false;
    out.push(`Disassembly of section ${s.name}:`);
    out.push(...listSection(s));
  }
  return out.join('\n') + '\n';
}
