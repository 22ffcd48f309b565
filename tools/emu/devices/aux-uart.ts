// The AUX block at 0x3F215000 with its mini-UART (ARM Peripherals manual, ch. 2). Transmit
// is instantaneous (the host terminal never applies back-pressure), so the transmit FIFO always
// reads empty. Receive has the 8-byte FIFO. The IER bits follow the hardware, not the manual:
// the datasheet erratum swaps them, so bit 0 enables the receive interrupt and bit 1 the
// transmit interrupt (as QEMU's bcm2835_aux and every working driver assume).
import type { IrqLine, MmioDevice } from './device.ts';

export const AUX_REG = {
  IRQ: 0x00,
  ENABLES: 0x04,
  MU_IO: 0x40,
  MU_IER: 0x44,
  MU_IIR: 0x48,
  MU_LCR: 0x4c,
  MU_MCR: 0x50,
  MU_LSR: 0x54,
  MU_MSR: 0x58,
  MU_SCRATCH: 0x5c,
  MU_CNTL: 0x60,
  MU_STAT: 0x64,
  MU_BAUD: 0x68,
} as const;

export const MU_IER_RX = 1; // erratum: the manual calls this bit "transmit"
export const MU_IER_TX = 2;
const LCR_DLAB = 0x80;
const RX_FIFO_DEPTH = 8;

export class AuxMiniUart implements MmioDevice {
  readonly name = 'AUX mini-UART';
  private enables = 0;
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private scratch = 0;
  private cntl = 3;
  private baud = 0;
  private overrun = false;
  private rx: number[] = [];
  private lastIrq = false;

  constructor(
    private readonly onTx: (byte: number) => void,
    private readonly irq: IrqLine = () => {},
  ) {}

  /** Whether the guest can take another input byte now (enabled, receiver on, FIFO not full). */
  canReceive(): boolean {
    return (this.enables & 1) === 1 && (this.cntl & 1) === 1 && this.rx.length < RX_FIFO_DEPTH;
  }

  receive(byte: number): void {
    if (this.rx.length >= RX_FIFO_DEPTH) this.overrun = true;
    else this.rx.push(byte & 0xff);
    this.update();
  }

  private interruptPending(): number {
    let p = 0;
    if (this.ier & MU_IER_RX && this.rx.length > 0) p |= MU_IER_RX;
    if (this.ier & MU_IER_TX) p |= MU_IER_TX; // transmit FIFO is always empty
    return p;
  }

  private update(): void {
    const level = (this.enables & 1) === 1 && this.interruptPending() !== 0;
    if (level !== this.lastIrq) {
      this.lastIrq = level;
      this.irq(level);
    }
  }

  read(offset: number): number {
    if (offset >= AUX_REG.MU_IO && !(this.enables & 1)) return 0; // the block is gated off
    switch (offset) {
      case AUX_REG.IRQ: return this.interruptPending() && this.enables & 1 ? 1 : 0;
      case AUX_REG.ENABLES: return this.enables;
      case AUX_REG.MU_IO: {
        if (this.lcr & LCR_DLAB) return this.baud & 0xff;
        const b = this.rx.length ? this.rx.shift()! : 0;
        this.update();
        return b;
      }
      case AUX_REG.MU_IER: return this.lcr & LCR_DLAB ? (this.baud >> 8) & 0xff : this.ier;
      case AUX_REG.MU_IIR: {
        // Bit 0 is "no interrupt pending"; bits 2:1 say which (receive wins: 10, transmit: 01);
        // bits 7:6 read as set because the FIFOs are always enabled.
        const p = this.interruptPending();
        let v = 0xc0;
        if (p & MU_IER_RX) v |= 0x4;
        else v |= 0x2;
        if (!p) v |= 1;
        return v;
      }
      case AUX_REG.MU_LCR: return this.lcr;
      case AUX_REG.MU_MCR: return this.mcr;
      case AUX_REG.MU_LSR: {
        let v = 0x60 | (this.rx.length ? 1 : 0) | (this.overrun ? 2 : 0);
        this.overrun = false; // cleared by reading
        return v;
      }
      case AUX_REG.MU_MSR: return 0x20;
      case AUX_REG.MU_SCRATCH: return this.scratch;
      case AUX_REG.MU_CNTL: return this.cntl;
      case AUX_REG.MU_STAT:
        return (
          (this.rx.length ? 1 : 0) | // symbol available
          2 | // space available
          (this.rx.length ? 0 : 4) | // receiver idle
          8 | // transmitter idle
          (this.overrun ? 0x10 : 0) |
          0x100 | 0x200 | // transmit FIFO empty, transmitter done
          (this.rx.length << 16)
        ) >>> 0;
      case AUX_REG.MU_BAUD: return this.baud;
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    if (offset === AUX_REG.ENABLES) {
      this.enables = value & 7;
      this.update();
      return;
    }
    if (offset >= AUX_REG.MU_IO && !(this.enables & 1)) return;
    switch (offset) {
      case AUX_REG.MU_IO:
        if (this.lcr & LCR_DLAB) this.baud = (this.baud & 0xff00) | (value & 0xff);
        else if (this.cntl & 2) this.onTx(value & 0xff);
        break;
      case AUX_REG.MU_IER:
        if (this.lcr & LCR_DLAB) this.baud = (this.baud & 0xff) | ((value & 0xff) << 8);
        else this.ier = value & 3;
        break;
      case AUX_REG.MU_IIR:
        if (value & 2) this.rx = []; // clear receive FIFO (transmit FIFO is always empty)
        break;
      case AUX_REG.MU_LCR: this.lcr = value & 0xff; break;
      case AUX_REG.MU_MCR: this.mcr = value & 0xff; break;
      case AUX_REG.MU_SCRATCH: this.scratch = value & 0xff; break;
      case AUX_REG.MU_CNTL: this.cntl = value & 0xff; break;
      case AUX_REG.MU_BAUD: this.baud = value & 0xffff; break;
    }
    this.update();
  }
}
