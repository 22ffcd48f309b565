// Byte reader for the wasm binary format: LEB128, floats, names. Every malformed read throws
// a UserError carrying the byte offset.
import { UserError } from '../../common/diagnostics.ts';

export class Reader {
  pos: number;
  constructor(readonly bytes: Uint8Array, readonly file: string, start = 0, readonly end = bytes.length) {
    this.pos = start;
  }

  fail(msg: string, at = this.pos): never {
    throw new UserError(msg, { offset: { file: this.file, offset: at } });
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end of section or function');
    return this.bytes[this.pos++];
  }

  bytesN(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) this.fail('unexpected end: length out of bounds');
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Unsigned LEB128 of at most `bits` bits, as a number (bits <= 32). */
  u32(bits = 32): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      if (shift === 28 && bits === 32 && (b & 0x70) !== 0) this.fail('integer too large', start);
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
      if (shift >= Math.ceil(bits / 7) * 7) this.fail('integer representation too long', start);
    }
    if (result >= 2 ** bits) this.fail('integer too large', start);
    return result;
  }

  /** Signed LEB128 of `bits` bits as a bigint. */
  sleb(bits: number): bigint {
    const start = this.pos;
    let result = 0n;
    let shift = 0n;
    let b: number;
    const maxBytes = Math.ceil(bits / 7);
    let n = 0;
    for (;;) {
      b = this.u8();
      n++;
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
      if (n >= maxBytes) this.fail('integer representation too long', start);
    }
    if (n === maxBytes) {
      // Unused bits of the last byte must be a sign extension of the value's top bit.
      const used = bits - 7 * (maxBytes - 1);
      const rest = (b >> (used - 1)) & 0x7f;
      const ok = rest === 0 || rest === (0x7f >> (used - 1));
      if (!ok) this.fail('integer too large', start);
    }
    if (shift < 64n + 7n && (b & 0x40) !== 0) result -= 1n << shift;
    return BigInt.asIntN(bits, result);
  }

  s32(): number {
    return Number(this.sleb(32));
  }

  f32bits(): number {
    const b = this.bytesN(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  f64bits(): bigint {
    const b = this.bytesN(8);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }

  name(): string {
    const n = this.u32();
    const b = this.bytesN(n);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      this.fail('malformed UTF-8 encoding in name', this.pos - n);
    }
  }
}
