// The VideoCore mailbox at 0x3F00B880 (mailbox 0: VC -> ARM, read at +0x00, status at +0x18;
// mailbox 1: ARM -> VC, write at +0x20, status at +0x38), serving channel 8, the property
// channel: the ARM writes the bus address of a tag buffer with the channel in the low 4 bits,
// the firmware answers every tag it knows in place and posts the same word back.
import type { IrqLine, MmioDevice } from './device.ts';
import { CLOCK_HZ, PROPERTY_TAGS, RASPI3B, type BoardInfo } from './mailbox-tags.ts';

export const MBOX_REG = {
  READ: 0x00,
  PEEK: 0x10,
  SENDER: 0x14,
  STATUS: 0x18,
  CONFIG: 0x1c,
  WRITE: 0x20,
  STATUS1: 0x38,
} as const;

export const MBOX_FULL = 0x80000000;
export const MBOX_EMPTY = 0x40000000;
export const MBOX_CHANNEL_PROPERTY = 8;
const RESPONSE_OK = 0x80000000;
const RESPONSE_ERROR = 0x80000001;
const MAX_BUFFER = 64 * 1024;

export class Mailbox implements MmioDevice {
  readonly name = 'mailbox';
  private replies: number[] = [];
  private config = 0;
  private clocks = new Map<number, number>(Object.entries(CLOCK_HZ).map(([k, v]) => [Number(k), v]));

  constructor(
    private readonly ram: () => Uint8Array,
    private readonly irq: IrqLine = () => {},
    private readonly board: BoardInfo = RASPI3B,
  ) {}

  private update(): void {
    this.irq((this.config & 1) === 1 && this.replies.length > 0);
  }

  read(offset: number): number {
    switch (offset) {
      case MBOX_REG.READ: {
        const v = this.replies.shift() ?? 0;
        this.update();
        return v >>> 0;
      }
      case MBOX_REG.PEEK: return (this.replies[0] ?? 0) >>> 0;
      case MBOX_REG.STATUS: return this.replies.length ? 0 : MBOX_EMPTY;
      case MBOX_REG.CONFIG: return this.config;
      case MBOX_REG.STATUS1: return MBOX_EMPTY; // the VideoCore answers at once
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    if (offset === MBOX_REG.CONFIG) { this.config = value; this.update(); return; }
    if (offset !== MBOX_REG.WRITE) return;
    const channel = value & 0xf;
    if (channel === MBOX_CHANNEL_PROPERTY) this.serveProperties((value & 0x3ffffff0) >>> 0);
    this.replies.push(value);
    this.update();
  }

  /** Answer a property buffer in RAM at physical address `pa`. */
  serveProperties(pa: number): void {
    const mem = this.ram();
    if (pa + 8 > mem.length) return;
    const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
    const size = dv.getUint32(pa, true);
    if (size < 12 || size > MAX_BUFFER || pa + size > mem.length) { dv.setUint32(pa + 4, RESPONSE_ERROR, true); return; }
    let p = pa + 8;
    const end = pa + size;
    while (p + 4 <= end) {
      const tag = dv.getUint32(p, true);
      if (tag === 0) break;
      if (p + 12 > end) break;
      const bufLen = dv.getUint32(p + 4, true);
      const valueAt = p + 12;
      if (valueAt + bufLen > end) break;
      const handler = PROPERTY_TAGS[tag];
      if (handler) {
        const req: number[] = [];
        for (let i = 0; i + 4 <= bufLen; i += 4) req.push(dv.getUint32(valueAt + i, true));
        const resp = handler(req, this.board, this.clocks);
        for (let i = 0; i < resp.length && (i + 1) * 4 <= bufLen; i++) dv.setUint32(valueAt + i * 4, resp[i] >>> 0, true);
        dv.setUint32(p + 8, (RESPONSE_OK | (resp.length * 4)) >>> 0, true);
      }
      p = valueAt + ((bufLen + 3) & ~3);
    }
    dv.setUint32(pa + 4, RESPONSE_OK, true);
  }
}
