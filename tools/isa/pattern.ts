// Bit patterns of the encoding table, decodetree style.
//
// A pattern lists the 32 bits of an instruction from bit 31 down to bit 0 as space-separated
// tokens. A token of `0`/`1` characters is fixed bits; `name:width` is a named field. Example
// (ADD immediate):  "sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5".
// From it we derive the fixed `mask`/`value` (word & mask) === value, and each field's lsb and
// width. The widths must add up to 32.

export interface FieldPos {
  name: string;
  lsb: number;
  width: number;
}

export interface CompiledPattern {
  mask: number; // unsigned 32-bit
  value: number; // unsigned 32-bit
  fields: FieldPos[];
}

export function compilePattern(pattern: string): CompiledPattern {
  let pos = 32;
  let mask = 0;
  let value = 0;
  const fields: FieldPos[] = [];
  for (const tok of pattern.trim().split(/\s+/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(\d+)$/.exec(tok);
    if (m) {
      const width = Number(m[2]);
      pos -= width;
      fields.push({ name: m[1], lsb: pos, width });
    } else if (/^[01]+$/.test(tok)) {
      for (const ch of tok) {
        pos--;
        mask |= 1 << pos;
        if (ch === '1') value |= 1 << pos;
      }
    } else {
      throw new Error(`bad pattern token '${tok}' in '${pattern}'`);
    }
  }
  if (pos !== 0) throw new Error(`pattern '${pattern}' has ${32 - pos} bits, not 32`);
  return { mask: mask >>> 0, value: value >>> 0, fields };
}

/** Extract every field of `word` by the compiled layout. */
export function extractFields(word: number, fields: FieldPos[], out: Record<string, number>): void {
  for (const f of fields) out[f.name] = (word >>> f.lsb) & ((1 << f.width) - 1 || 0xffffffff);
}

/** Insert field values into `value` (fields absent from `vals` are zero). */
export function insertFields(value: number, fields: FieldPos[], vals: Record<string, number>): number {
  let w = value;
  for (const f of fields) {
    const v = vals[f.name];
    if (v === undefined) continue;
    const m = f.width === 32 ? 0xffffffff : (1 << f.width) - 1;
    w |= (v & m) << f.lsb;
  }
  return w >>> 0;
}
