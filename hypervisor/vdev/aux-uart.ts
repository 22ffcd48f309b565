// A VM's AUX block at 0x3F215000 with its mini-UART (ARM Peripherals manual, ch. 2), the
// serial port guests written for the Pi print on. Mirrors tools/emu/devices/aux-uart.ts.
// The IER bits follow the hardware, not the manual (its erratum swaps them): bit 0 enables the
// receive interrupt, bit 1 the transmit interrupt, as QEMU's bcm2835_aux and working drivers.
//
// The console (console/) is the other end of the wire:
// - receive: rxPush() puts a byte in the 8-byte RX FIFO, or refuses when it is full (the
//   console keeps the byte, so nothing typed is lost and the FIFO never overruns);
// - transmit: bytes the guest writes go to a bounded per-VM buffer the console drains
//   (txPop). To the guest, transmission is instant (the TX FIFO reads empty) unless the console
//   asks for back-pressure (it does for the foreground VM) and the buffer is full: then LSR and
//   STAT say "TX FIFO full" until the console has printed some. A full buffer without
//   back-pressure (a background VM) drops its oldest byte and counts it in txDropped: the
//   guest never waits on a console nobody is reading.
import { MmioDevice } from "./device";
import { ByteRing } from "./byte-ring";
import { VirtualIntc, IRQ_AUX } from "./intc";

export const AUX_BASE: u32 = 0x3F215000;
export const AUX_SIZE: u32 = 0x80; // AUX_IRQ .. the mini-UART's registers; SPI1/2 unmodelled

// Register offsets (manual section 2.1).
export const AUX_IRQ: u32 = 0x00; // bit 0: mini-UART interrupt pending
export const AUX_ENABLES: u32 = 0x04; // bit 0: mini-UART enabled (registers gated when clear)
export const AUX_MU_IO: u32 = 0x40; // data (DLAB=0) or baud rate low byte (DLAB=1)
export const AUX_MU_IER: u32 = 0x44; // interrupt enables (DLAB=0) or baud rate high byte (DLAB=1)
export const AUX_MU_IIR: u32 = 0x48; // interrupt identify; write: bit 1 clears RX FIFO, bit 2 TX
export const AUX_MU_LCR: u32 = 0x4C; // line control: data size, bit 7 DLAB
export const AUX_MU_MCR: u32 = 0x50; // modem control (RTS)
export const AUX_MU_LSR: u32 = 0x54; // line status
export const AUX_MU_MSR: u32 = 0x58; // modem status
export const AUX_MU_SCRATCH: u32 = 0x5C;
export const AUX_MU_CNTL: u32 = 0x60; // bit 0 receiver enable, bit 1 transmitter enable
export const AUX_MU_STAT: u32 = 0x64; // extra status, FIFO levels
export const AUX_MU_BAUD: u32 = 0x68; // 16-bit baud rate counter

export const IER_RX: u32 = 1; // erratum: the manual calls this bit "transmit"
export const IER_TX: u32 = 2;
const LCR_DLAB: u32 = 0x80;
const CNTL_RX_ENABLE: u32 = 1;
const CNTL_TX_ENABLE: u32 = 2;
const ENABLES_MINI_UART: u32 = 1;
const CNTL_RESET: u32 = CNTL_RX_ENABLE | CNTL_TX_ENABLE; // receiver and transmitter on

// LSR bits: data ready, transmitter empty (TX FIFO can take a byte), transmitter idle.
const LSR_DATA_READY: u32 = 0x01;
const LSR_TX_EMPTY: u32 = 0x20;
const LSR_TX_IDLE: u32 = 0x40;
// MSR bit 5: CTS status (the inverse of the CTS pin): the other end is always ready.
const MSR_CTS: u32 = 0x20;
// STAT bits.
const STAT_SYMBOL_AVAILABLE: u32 = 1 << 0;
const STAT_SPACE_AVAILABLE: u32 = 1 << 1;
const STAT_RX_IDLE: u32 = 1 << 2;
const STAT_TX_IDLE: u32 = 1 << 3;
const STAT_TX_FULL: u32 = 1 << 5;
const STAT_TX_EMPTY: u32 = 1 << 8;
const STAT_TX_DONE: u32 = 1 << 9;
const STAT_RX_LEVEL_SHIFT: u32 = 16;
const STAT_TX_LEVEL_SHIFT: u32 = 24;

/** The hardware's FIFO depth, in each direction. */
export const FIFO_DEPTH: u32 = 8;
/** Bytes of guest output the console holds per VM. */
export const TX_BUFFER_BYTES: u32 = 4096;

export class VirtualAuxUart extends MmioDevice {
  private enables: u32 = 0;
  private ier: u32 = 0;
  private lcr: u32 = 0;
  private mcr: u32 = 0;
  private scratch: u32 = 0;
  private cntl: u32 = CNTL_RESET;
  private baud: u32 = 0;
  private rx: ByteRing = new ByteRing(FIFO_DEPTH);
  private tx: ByteRing = new ByteRing(TX_BUFFER_BYTES);
  private irqLevel: bool = false;
  /** Console side: make the guest wait while the TX buffer is full (foreground VM). */
  txBackpressure: bool = false;
  /** Guest output bytes dropped because the buffer was full and nobody waited for it. */
  txDropped: u32 = 0;

  constructor(private intc: VirtualIntc) {
    super(AUX_BASE, AUX_SIZE);
  }

  /** Registers and RX FIFO as at power-on. Output already written stays the console's. */
  reset(): void {
    this.enables = 0;
    this.ier = 0;
    this.lcr = 0;
    this.mcr = 0;
    this.scratch = 0;
    this.cntl = CNTL_RESET;
    this.baud = 0;
    this.rx.clear();
    this.update();
  }

  // ---- the console's side ----

  /** Forgets output the console has not shown yet (a VM restarted in place). */
  clearOutput(): void {
    const wasFull = this.txFull();
    this.tx.clear();
    this.txDropped = 0;
    if (wasFull) this.update();
  }

  /** Console -> guest. False when the guest cannot take the byte now (FIFO full, mini-UART
   *  or receiver off): the caller keeps it and offers it again later. */
  rxPush(b: u8): bool {
    if (this.rxSpace() == 0) return false;
    this.rx.push(b);
    this.update();
    return true;
  }

  /** How many bytes rxPush would take now. */
  rxSpace(): u32 {
    if ((this.enables & ENABLES_MINI_UART) == 0 || (this.cntl & CNTL_RX_ENABLE) == 0) return 0;
    return FIFO_DEPTH - this.rx.length;
  }

  /** Guest output, oldest first; -1 when there is none. */
  txPop(): i32 {
    const wasFull = this.txFull();
    const b = this.tx.pop();
    if (wasFull) this.update(); // the transmit interrupt may come back
    return b;
  }

  /** Bytes of guest output waiting for the console. */
  txPending(): u32 {
    return this.tx.length;
  }

  /** The AUX interrupt line (GPU IRQ 29) as this device drives it. */
  irqLine(): bool {
    return this.irqLevel;
  }

  // ---- the guest's side ----

  private enabled(): bool {
    return (this.enables & ENABLES_MINI_UART) != 0;
  }

  /** Whether the guest sees a full TX FIFO. */
  private txFull(): bool {
    return this.txBackpressure && this.tx.isFull();
  }

  private interruptPending(): u32 {
    let p: u32 = 0;
    if ((this.ier & IER_RX) != 0 && !this.rx.isEmpty()) p |= IER_RX;
    if ((this.ier & IER_TX) != 0 && !this.txFull()) p |= IER_TX;
    return p;
  }

  private update(): void {
    const level = this.enabled() && this.interruptPending() != 0;
    if (level != this.irqLevel) {
      this.irqLevel = level;
      this.intc.setGpuIrq(IRQ_AUX, level);
    }
  }

  /** Output that bypasses the registers (the console-write hypercall, exits/hvc.ts): the
   *  same buffer as AUX_MU_IO writes, whether or not the guest enabled the UART. */
  hypercallWrite(b: u8): void {
    this.transmit(b);
  }

  private transmit(b: u8): void {
    if (this.tx.isFull()) {
      this.tx.pop(); // keep the newest output: it is what a person switching here wants to see
      this.txDropped++;
    }
    this.tx.push(b);
    if (this.txFull()) this.update();
  }

  private lsr(): u32 {
    let v: u32 = this.txFull() ? 0 : LSR_TX_EMPTY | LSR_TX_IDLE;
    if (!this.rx.isEmpty()) v |= LSR_DATA_READY;
    return v; // bit 1 (receiver overrun) stays 0: the console never pushes into a full FIFO
  }

  private stat(): u32 {
    const rxLevel = this.rx.length;
    let v: u32 = rxLevel != 0 ? STAT_SYMBOL_AVAILABLE : STAT_RX_IDLE;
    if (this.txFull()) v |= STAT_TX_FULL | (FIFO_DEPTH << STAT_TX_LEVEL_SHIFT);
    else v |= STAT_SPACE_AVAILABLE | STAT_TX_IDLE | STAT_TX_EMPTY | STAT_TX_DONE;
    return v | (rxLevel << STAT_RX_LEVEL_SHIFT);
  }

  read(offset: u32, width: u32): u64 {
    if (offset >= AUX_MU_IO && !this.enabled()) return 0; // the block is gated off
    switch (offset) {
      case AUX_IRQ: return this.enabled() && this.interruptPending() != 0 ? 1 : 0;
      case AUX_ENABLES: return this.enables;
      case AUX_MU_IO: {
        if ((this.lcr & LCR_DLAB) != 0) return this.baud & 0xFF;
        const b = this.rx.pop();
        this.update();
        return b < 0 ? 0 : <u64>b; // an empty FIFO reads 0, never a stale byte
      }
      case AUX_MU_IER: return (this.lcr & LCR_DLAB) != 0 ? (this.baud >> 8) & 0xFF : this.ier;
      case AUX_MU_IIR: {
        // Bit 0 clear: an interrupt is pending; bits 2:1 say which: 10 receive (wins), 01
        // transmit, 00 none (the manual; our emulator's model and QEMU give 01 with none);
        // bits 7:6 read 1: the FIFOs are always on.
        const p = this.interruptPending();
        if (p == 0) return 0xC1;
        return (p & IER_RX) != 0 ? 0xC4 : 0xC2;
      }
      case AUX_MU_LCR: return this.lcr;
      case AUX_MU_MCR: return this.mcr;
      case AUX_MU_LSR: return this.lsr();
      case AUX_MU_MSR: return MSR_CTS;
      case AUX_MU_SCRATCH: return this.scratch;
      case AUX_MU_CNTL: return this.cntl;
      case AUX_MU_STAT: return this.stat();
      case AUX_MU_BAUD: return this.baud;
      default: return 0;
    }
  }

  write(offset: u32, width: u32, value64: u64): void {
    const value = <u32>value64;
    if (offset == AUX_ENABLES) {
      this.enables = value & 7;
      this.update();
      return;
    }
    if (offset >= AUX_MU_IO && !this.enabled()) return;
    switch (offset) {
      case AUX_MU_IO:
        if ((this.lcr & LCR_DLAB) != 0) this.baud = (this.baud & 0xFF00) | (value & 0xFF);
        else if ((this.cntl & CNTL_TX_ENABLE) != 0) this.transmit(<u8>value);
        break;
      case AUX_MU_IER:
        if ((this.lcr & LCR_DLAB) != 0) this.baud = (this.baud & 0xFF) | ((value & 0xFF) << 8);
        else this.ier = value & 3;
        break;
      case AUX_MU_IIR:
        // Bit 1 clears the RX FIFO. Bit 2 would clear the TX FIFO: bytes the guest wrote have
        // already left it (they are the console's now), so there is nothing to clear.
        if ((value & 2) != 0) this.rx.clear();
        break;
      case AUX_MU_LCR: this.lcr = value & 0xFF; break;
      case AUX_MU_MCR: this.mcr = value & 0xFF; break;
      case AUX_MU_SCRATCH: this.scratch = value & 0xFF; break;
      case AUX_MU_CNTL: this.cntl = value & 0xFF; break;
      case AUX_MU_BAUD: this.baud = value & 0xFFFF; break;
    }
    this.update();
  }
}
