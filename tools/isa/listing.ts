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
  /** ELF section index (ties the section to its entry in `all` of listing()). */
  index?: number;
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

/** Index of the last element of the ascending `xs` that is <= v, or -1. */
function lastAtOrBelow(xs: bigint[], v: bigint): number {
  let lo = 0, hi = xs.length - 1, r = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) { r = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return r;
}

/** A section's symbols as llvm-objdump orders them: label = the last symbol at an address. */
class SymbolTable {
  readonly label = new Map<bigint, string>();
  addrs: bigint[] = [];
  readonly mapAt = new Map<bigint, 'x' | 'd'>();
  mapAddrs: bigint[] = [];
  constructor(symbols: ListingSymbol[]) {
    const syms = symbols
      .filter((s) => s.type !== 3 && s.type !== 4 && s.name !== '')
      .slice()
      .sort((a, b) => (a.addr !== b.addr ? (a.addr < b.addr ? -1 : 1) : a.type !== b.type ? a.type - b.type : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const s of syms) this.label.set(s.addr, s.name);
    this.addrs = [...this.label.keys()];
    for (const s of syms) { const k = isMapping(s.name); if (k) this.mapAt.set(s.addr, k); }
    this.mapAddrs = [...this.mapAt.keys()];
  }
  /** llvm-objdump gives a section without a symbol at its start one named after it, when it
   *  disassembles the section (later sections' branch targets can then find it). */
  addDummy(name: string, addr: bigint): void {
    if (this.addrs.length && this.addrs[0] === addr) return;
    this.label.set(addr, name);
    this.addrs.unshift(addr);
  }
  symbolize(t: bigint): string | undefined {
    const i = lastAtOrBelow(this.addrs, t);
    if (i < 0) return undefined;
    const best = this.addrs[i];
    const off = t - best;
    return ` <${this.label.get(best)}${off ? '+0x' + hex(off) : ''}>`;
  }
}

/** Where branch targets are looked up: every section of the file (by address), as llvm does for
 *  executables; a relocatable object's targets only in the section itself. */
export interface TargetSection { index: number; addr: bigint; symbols: ListingSymbol[] }

class Targets {
  private readonly tables = new Map<number, SymbolTable>();
  private readonly byAddr: { addr: bigint; index: number }[];
  private readonly addrs: bigint[];
  constructor(private readonly all: TargetSection[], private readonly relocatable: boolean) {
    this.byAddr = all.map((s) => ({ addr: s.addr, index: s.index })).sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
    this.addrs = this.byAddr.map((s) => s.addr);
  }
  table(index: number, symbols: ListingSymbol[]): SymbolTable {
    let t = this.tables.get(index);
    if (!t) { t = new SymbolTable(this.all.find((s) => s.index === index)?.symbols ?? symbols); this.tables.set(index, t); }
    return t;
  }
  symbolize(t: bigint, own: SymbolTable): string {
    if (this.relocatable || !this.byAddr.length) return own.symbolize(t) ?? '';
    // the sections that start at the highest address <= t, last first
    let i = lastAtOrBelow(this.addrs, t);
    if (i < 0) return '';
    const at = this.addrs[i];
    for (; i >= 0 && this.addrs[i] === at; i--) {
      const r = this.table(this.byAddr[i].index, []).symbolize(t);
      if (r !== undefined) return r;
    }
    return '';
  }
}

/** Lines of one section's disassembly (without the "Disassembly of section" header). */
export function listSection(sec: ListingSection, targets = new Targets([], true)): string[] {
  const st = targets.table(sec.index ?? -1, sec.symbols);
  st.addDummy(sec.name, sec.addr);
  const labelAddrs = st.addrs;
  const mapAddrs = st.mapAddrs;
  const kindAt = (a: bigint): 'x' | 'd' => {
    const i = lastAtOrBelow(mapAddrs, a);
    return i < 0 ? 'x' : st.mapAt.get(mapAddrs[i])!;
  };
  const lines: string[] = [];
  const boundaries = [...new Set([...labelAddrs, ...mapAddrs])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const nextBoundary = (a: bigint): bigint => {
    const i = lastAtOrBelow(boundaries, a) + 1;
    return i < boundaries.length ? boundaries[i] : sec.addr + BigInt(sec.bytes.length);
  };
  const b = sec.bytes;
  let off = 0;
  while (off < b.length) {
    const addr = sec.addr + BigInt(off);
    const l = st.label.get(addr);
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
    // llvm-objdump skips a run of 8 or more zero bytes up to the next symbol (in multiples of 4)
    let z = 0;
    const zmax = Math.min(avail, b.length - off);
    while (z < zmax && b[off + z] === 0) z++;
    if (z >= 8) {
      lines.push('\t\t...');
      off += z & ~3;
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
      if (d.target !== undefined) text += targets.symbolize(d.target, st);
      text = formatInstruction(text, d.comment);
    }
    lines.push(`${a}: ${bytes}  \t${text}`);
    off += 4;
  }
  return lines;
}

/** A whole listing like `llvm-objdump -d FILE`; `all` (executables): every section of the file,
 *  for branch targets outside the section being listed. */
export function listing(file: string, format: string, sections: ListingSection[], opts: { all?: TargetSection[]; relocatable?: boolean } = {}): string {
  const targets = new Targets(opts.all ?? [], opts.relocatable ?? !opts.all);
  const out = ['', `${file}:\tfile format ${format}`, ''];
  let first = true;
  for (const s of sections) {
    if (s.bytes.length === 0) continue;
    if (!first) out.push('');
    first = false;
    out.push(`Disassembly of section ${s.name}:`);
    for (const line of listSection(s, targets)) out.push(line); // no spread: sections may have millions of lines
  }
  return out.join('\n') + '\n';
}
