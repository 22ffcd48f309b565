// One output section while assembling: its growing bytes, alignment, pending literal pools,
// and the mapping-symbol state ($x code / $d data) that disassemblers rely on.
import { UserError } from '../common/diagnostics.ts';
import { SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_WRITE } from '../elf/constants.ts';
import type { Term } from './expr.ts';

export const NOP = 0xd503201f;
/** Guard against sources that ask for absurd sizes (`.space 1<<40`). */
export const MAX_SECTION_SIZE = 256 * 1024 * 1024;

export interface PoolEntry { size: 4 | 8; value: Term & { mod?: string }; label: string; key: string; loc: import('./source.ts').Loc }

export class SectionBuf {
  buf = new Uint8Array(256);
  size = 0;
  align = 1;
  hasCode = false;
  mapState: 'x' | 'd' | undefined;
  mapping: { off: number; kind: 'x' | 'd' }[] = [];
  pool: PoolEntry[] = [];

  constructor(readonly name: string, readonly index: number, public nobits: boolean, public flags: number, public entsize = 0) {}

  get isCode(): boolean { return (this.flags & SHF_EXECINSTR) !== 0; }

  private grow(n: number): void {
    const need = this.size + n;
    if (need > MAX_SECTION_SIZE) throw new UserError(`section ${this.name} would exceed ${MAX_SECTION_SIZE} bytes`);
    if (this.nobits) return;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const nb = new Uint8Array(cap);
      nb.set(this.buf.subarray(0, this.size));
      this.buf = nb;
    }
  }

  // Mapping symbols ($x code, $d data) placed the way GNU as places them, so that objects
  // match its output: data directives switch to $d only after code; fills (.space, .fill)
  // and alignment padding are their own fragments and always mark their state; a section's
  // leading data gets its $d only once an instruction follows it.
  private sym(kind: 'x' | 'd', off = this.size): void {
    // A new mapping symbol at the address of the previous one replaces it.
    const last = this.mapping[this.mapping.length - 1];
    if (last && last.off === off) last.kind = kind;
    else this.mapping.push({ off, kind });
  }

  /** .byte/.word/.ascii and literal pool entries. */
  markData(): void {
    if (this.mapState === 'x') { this.sym('d'); this.mapState = 'd'; }
  }
  /** An instruction (or .inst). */
  markInsn(): void {
    if (this.mapState === undefined && this.size > 0) this.sym('d', 0);
    if (this.mapState !== 'x') { this.sym('x'); this.mapState = 'x'; }
  }
  /** .space/.skip/.zero/.fill. */
  markFill(): void {
    if (this.mapState === 'd') return;
    // In a code section, leading data is marked from the section start.
    this.sym('d', this.mapState === undefined && this.isCode ? 0 : this.size);
    this.mapState = 'd';
  }

  bytes(data: ArrayLike<number>): void {
    if (this.nobits && data.length > 0 && Array.prototype.some.call(data, (b: number) => b !== 0)) {
      throw new UserError(`section ${this.name} holds no data (nobits): only zeros may be reserved here`);
    }
    this.grow(data.length);
    if (!this.nobits) this.buf.set(data, this.size);
    this.size += data.length;
  }

  fill(count: number, byte: number): void {
    if (count <= 0) return;
    if (this.nobits && byte !== 0) throw new UserError(`section ${this.name} holds no data (nobits): cannot fill with 0x${byte.toString(16)}`);
    this.grow(count);
    if (!this.nobits) this.buf.fill(byte & 0xff, this.size, this.size + count);
    this.size += count;
  }

  /** `count` copies of `pattern` (for .fill), without a per-copy loop. */
  repeat(pattern: ArrayLike<number>, count: number): void {
    const n = pattern.length * count;
    if (n === 0) return;
    if (this.nobits) {
      if (Array.prototype.some.call(pattern, (b: number) => b !== 0)) throw new UserError(`section ${this.name} holds no data (nobits): only zeros may be reserved here`);
      this.grow(n);
      this.size += n;
      return;
    }
    this.grow(n);
    const start = this.size;
    this.buf.set(pattern, start);
    let done = pattern.length;
    while (done < n) {
      const k = Math.min(done, n - done);
      this.buf.copyWithin(start + done, start, start + k);
      done += k;
    }
    this.size += n;
  }

  u32(word: number): void {
    this.grow(4);
    if (this.nobits) throw new UserError(`instructions cannot be placed in nobits section ${this.name}`);
    const b = this.buf, o = this.size;
    b[o] = word & 0xff; b[o + 1] = (word >>> 8) & 0xff; b[o + 2] = (word >>> 16) & 0xff; b[o + 3] = (word >>> 24) & 0xff;
    this.size += 4;
  }

  /** Little-endian integer of `n` bytes. */
  int(value: bigint, n: number): void {
    const bytes = new Array<number>(n);
    let v = BigInt.asUintN(64, value);
    for (let i = 0; i < n; i++) { bytes[i] = Number(v & 0xffn); v >>= 8n; }
    this.bytes(bytes);
  }

  /** Pad to a multiple of `align` bytes; code sections pad with NOPs unless a fill is given. */
  alignTo(align: number, fill: number | undefined, max: number | undefined): void {
    if (align > this.align) this.align = align;
    let pad = (align - (this.size % align)) % align;
    if (max !== undefined && pad > max) pad = 0;
    if (fill === undefined && this.isCode && !this.nobits) {
      this.markInsn();
      const zeros = pad % 4;
      // Bytes short of a whole instruction are zeros marked as data, then code resumes.
      if (zeros) { this.sym('d'); this.fill(zeros, 0); this.sym('x'); }
      for (let i = 0; i < (pad - zeros) / 4; i++) this.u32(NOP);
      return;
    }
    if (this.isCode) this.markInsn();
    else if (this.mapState !== 'd') { this.sym('d'); this.mapState = 'd'; }
    this.fill(pad, this.nobits ? 0 : fill ?? 0); // GNU as ignores an alignment fill in nobits
  }

  data(): Uint8Array { return this.nobits ? new Uint8Array(0) : this.buf.slice(0, this.size); }
}

/** Default flags and type for a section by name, as GNU as chooses them. */
export function defaultSectionKind(name: string): { flags: number; nobits: boolean } {
  const is = (p: string) => name === p || name.startsWith(p + '.');
  if (is('.text')) return { flags: SHF_ALLOC | SHF_EXECINSTR, nobits: false };
  if (is('.bss') || is('.tbss') || is('.sbss')) return { flags: SHF_ALLOC | SHF_WRITE, nobits: true };
  if (is('.data') || is('.sdata') || is('.init_array') || is('.fini_array')) return { flags: SHF_ALLOC | SHF_WRITE, nobits: false };
  if (is('.rodata')) return { flags: SHF_ALLOC, nobits: false };
  return { flags: 0, nobits: false };
}

const FLAG_LETTERS: Record<string, number> = { a: SHF_ALLOC, w: SHF_WRITE, x: SHF_EXECINSTR, M: SHF_MERGE, S: SHF_STRINGS };

export function parseSectionFlags(text: string): number {
  let f = 0;
  for (const c of text) {
    const bit = FLAG_LETTERS[c];
    if (bit === undefined) throw new UserError(`unknown section flag '${c}' (known: a w x M S)`);
    f |= bit;
  }
  return f;
}
