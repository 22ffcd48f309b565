// The PL011 UART at 0x3F201000 (ARM PrimeCell UART r1p5 TRM, with the BCM2835 subset): data,
// flags, baud divisors, line and control registers, the interrupt mask/raw/masked/clear set.
// Transmit is instantaneous; receive has a 16-entry FIFO (when FEN is off, 1 entry).
import type { IrqLine, MmioDevice } from './device.ts';

export const PL011_REG = {
  DR: 0x00,
  RSRECR: 0x04,
  FR: 0x18,
  ILPR: 0x20,
  IBRD: 0x24,
  FBRD: 0x28,
  LCRH: 0x2c,
  CR: 0x30,
  IFLS: 0x34,
  IMSC: 0x38,
  RIS: 0x3c,
  MIS: 0x40,
  ICR: 0x44,
  DMACR: 0x48,
} as const;

export const PL011_INT = { RX: 1 << 4, TX: 1 << 5, RT: 1 << 6 } as const;
const FR = { BUSY: 1 << 3, RXFE: 1 << 4, TXFF: 1 << 5, RXFF: 1 << 6, TXFE: 1 << 7 } as const;
const CR = { UARTEN: 1, TXE: 1 << 8, RXE: 1 << 9 } as const;
const LCRH_FEN = 1 << 4;
/** PrimeCell identification registers 0xFE0..0xFFC. */
const ID_BYTES = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011Uart implements MmioDevice {
  readonly name = 'PL011 UART';
  private rx: number[] = [];
  private ibrd = 0;
  private fbrd = 0;
  private lcrh = 0;
  private cr = 0x300;
  private ifls = 0x12;
  private imsc = 0;
  private ris = PL011_INT.TX; // transmit FIFO is empty
  private ilpr = 0;
  private dmacr = 0;
  private lastIrq = false;

  constructor(
    private readonly onTx: (byte: number) => void,
    private readonly irq: IrqLine = () => {},
  ) {}

  private depth(): number {
    return this.lcrh & LCRH_FEN ? 16 : 1;
  }

  canReceive(): boolean {
    return (this.cr & (CR.UARTEN | CR.RXE)) === (CR.UARTEN | CR.RXE) && this.rx.length < this.depth();
  }

  receive(byte: number): void {
    if (this.rx.length < this.depth()) this.rx.push(byte & 0xff);
    // Data is read long before a receive timeout (32 bit periods) could pass, and software
    // sees each byte arrive, so a byte raises RXRIS alone (as QEMU's model does).
    this.ris |= PL011_INT.RX;
    this.update();
  }

  private update(): void {
    const level = (this.ris & this.imsc) !== 0;
    if (level !== this.lastIrq) {
      this.lastIrq = level;
      this.irq(level);
    }
  }

  read(offset: number): number {
    if (offset >= 0xfe0 && offset < 0x1000) return ID_BYTES[(offset - 0xfe0) >> 2];
    switch (offset) {
      case PL011_REG.DR: {
        const b = this.rx.length ? this.rx.shift()! : 0;
        if (!this.rx.length) this.ris &= ~(PL011_INT.RX | PL011_INT.RT);
        this.update();
        return b;
      }
      case PL011_REG.FR:
        return FR.TXFE | (this.rx.length ? 0 : FR.RXFE) | (this.rx.length >= this.depth() ? FR.RXFF : 0);
      case PL011_REG.ILPR: return this.ilpr;
      case PL011_REG.IBRD: return this.ibrd;
      case PL011_REG.FBRD: return this.fbrd;
      case PL011_REG.LCRH: return this.lcrh;
      case PL011_REG.CR: return this.cr;
      case PL011_REG.IFLS: return this.ifls;
      case PL011_REG.IMSC: return this.imsc;
      case PL011_REG.RIS: return this.ris;
      case PL011_REG.MIS: return this.ris & this.imsc;
      case PL011_REG.DMACR: return this.dmacr;
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    switch (offset) {
      case PL011_REG.DR:
        if ((this.cr & (CR.UARTEN | CR.TXE)) === (CR.UARTEN | CR.TXE)) this.onTx(value & 0xff);
        this.ris |= PL011_INT.TX;
        break;
      case PL011_REG.ILPR: this.ilpr = value & 0xff; break;
      case PL011_REG.IBRD: this.ibrd = value & 0xffff; break;
      case PL011_REG.FBRD: this.fbrd = value & 0x3f; break;
      case PL011_REG.LCRH: this.lcrh = value & 0xff; break;
      case PL011_REG.CR: this.cr = value & 0xffff; break;
      case PL011_REG.IFLS: this.ifls = value & 0x3f; break;
      case PL011_REG.IMSC: this.imsc = value & 0x7ff; break;
      case PL011_REG.ICR:
        this.ris &= ~value;
        break;
      case PL011_REG.DMACR: this.dmacr = value & 7; break;
    }
    this.update();
  }
}
