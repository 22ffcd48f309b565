// The GDB remote serial protocol's framing: `$payload#checksum`, acknowledgements, the
// 0x03 interrupt byte, and the `}` escape of binary data (GDB manual, "Overview" of the
// remote protocol and "Binary data").
export function checksum(payload: Buffer): string {
  let s = 0;
  for (const b of payload) s = (s + b) & 0xff;
  return s.toString(16).padStart(2, '0');
}

/** Frame a reply, escaping the bytes the protocol reserves. */
export function frame(payload: string | Buffer): Buffer {
  const raw = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const out: number[] = [];
  for (const b of raw) {
    if (b === 0x23 || b === 0x24 || b === 0x7d || b === 0x2a) out.push(0x7d, b ^ 0x20);
    else out.push(b);
  }
  const body = Buffer.from(out);
  return Buffer.concat([Buffer.from('$'), body, Buffer.from('#' + checksum(body))]);
}

/** Undo `}` escapes (binary `X` packets). */
export function unescape(data: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x7d && i + 1 < data.length) out.push(data[++i] ^ 0x20);
    else out.push(data[i]);
  }
  return Buffer.from(out);
}

export type Incoming = { kind: 'packet'; payload: Buffer } | { kind: 'interrupt' } | { kind: 'bad-checksum' };

/** Splits the byte stream from GDB into packets and interrupts; acks are the caller's job. */
export class PacketReader {
  private buf = Buffer.alloc(0);

  push(chunk: Buffer): Incoming[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: Incoming[] = [];
    for (;;) {
      let i = 0;
      while (i < this.buf.length && this.buf[i] !== 0x24 && this.buf[i] !== 0x03) i++; // skip acks and noise
      if (i === this.buf.length) { this.buf = Buffer.alloc(0); break; }
      if (this.buf[i] === 0x03) { out.push({ kind: 'interrupt' }); this.buf = this.buf.subarray(i + 1); continue; }
      const hash = this.buf.indexOf(0x23, i + 1);
      if (hash < 0 || hash + 2 >= this.buf.length) { this.buf = this.buf.subarray(i); break; }
      const payload = this.buf.subarray(i + 1, hash);
      const sum = this.buf.subarray(hash + 1, hash + 3).toString('latin1');
      this.buf = this.buf.subarray(hash + 3);
      if (sum.toLowerCase() !== checksum(payload)) out.push({ kind: 'bad-checksum' });
      else out.push({ kind: 'packet', payload: Buffer.from(payload) });
    }
    return out;
  }
}

export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Little-endian hex of an unsigned value of `bytes` bytes (register transfer format). */
export function leHex(v: bigint, bytes: number): string {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return b.toString('hex');
}

export function parseLeHex(hex: string): bigint {
  const b = Buffer.from(hex, 'hex');
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}
