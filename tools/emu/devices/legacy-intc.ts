// BCM2835 "ARM control" interrupt controller at 0x3F00B200 (ARM Peripherals manual, ch. 7):
// 64 GPU interrupt sources and 8 ARM-side sources, three pending views, enable/disable by
// write-1 registers and one FIQ source. Like QEMU's bcm2835_ic, the pending registers show the
// sources that are both raised and enabled; its IRQ and FIQ outputs go to the ARM-local block.
import type { MmioDevice } from './device.ts';

export const INTC_REG = {
  IRQ_BASIC_PENDING: 0x200,
  IRQ_PENDING_1: 0x204,
  IRQ_PENDING_2: 0x208,
  FIQ_CONTROL: 0x20c,
  ENABLE_IRQS_1: 0x210,
  ENABLE_IRQS_2: 0x214,
  ENABLE_BASIC_IRQS: 0x218,
  DISABLE_IRQS_1: 0x21c,
  DISABLE_IRQS_2: 0x220,
  DISABLE_BASIC_IRQS: 0x224,
} as const;

/** GPU interrupt numbers of the devices we model (manual table 7.5 plus the SDHCI line). */
export const GPU_IRQ = {
  SYSTEM_TIMER_0: 0,
  SYSTEM_TIMER_1: 1,
  SYSTEM_TIMER_2: 2,
  SYSTEM_TIMER_3: 3,
  AUX: 29,
  GPIO_0: 49,
  UART: 57,
  EMMC: 62,
} as const;

/** GPU interrupts mirrored in the basic pending register, bits 10..20 in this order. */
const BASIC_MIRRORED = [7, 9, 10, 18, 19, 53, 54, 55, 56, 57, 62];

export class LegacyInterruptController implements MmioDevice {
  readonly name = 'interrupt controller';
  private gpuLevel = [0, 0]; // raised GPU sources, 0-31 and 32-63
  private gpuEnable = [0, 0];
  private armLevel = 0; // basic sources 0-7
  private armEnable = 0;
  private fiqControl = 0;
  private lastIrq = false;
  private lastFiq = false;

  constructor(private readonly onOutputs: (irq: boolean, fiq: boolean) => void = () => {}) {}

  /** Raise or lower GPU interrupt source `n` (0-63). */
  setGpuIrq(n: number, level: boolean): void {
    const w = n >> 5, bit = 1 << (n & 31);
    this.gpuLevel[w] = level ? (this.gpuLevel[w] | bit) >>> 0 : (this.gpuLevel[w] & ~bit) >>> 0;
    this.update();
  }

  /** Raise or lower ARM-side source `n` (0-7: ARM timer, mailbox, doorbells, ...). */
  setArmIrq(n: number, level: boolean): void {
    const bit = 1 << n;
    this.armLevel = level ? this.armLevel | bit : this.armLevel & ~bit;
    this.update();
  }

  private pending(w: number): number {
    return (this.gpuLevel[w] & this.gpuEnable[w]) >>> 0;
  }

  private basicPending(): number {
    let v = this.armLevel & this.armEnable & 0xff;
    if (this.pending(0)) v |= 1 << 8;
    if (this.pending(1)) v |= 1 << 9;
    BASIC_MIRRORED.forEach((n, i) => {
      if ((this.pending(n >> 5) >>> (n & 31)) & 1) v |= 1 << (10 + i);
    });
    return v >>> 0;
  }

  private fiqSourceActive(): boolean {
    if (!(this.fiqControl & 0x80)) return false;
    const src = this.fiqControl & 0x7f;
    if (src < 64) return ((this.gpuLevel[src >> 5] >>> (src & 31)) & 1) === 1;
    if (src < 72) return ((this.armLevel >>> (src - 64)) & 1) === 1;
    return false;
  }

  get irqOut(): boolean {
    return this.lastIrq;
  }
  get fiqOut(): boolean {
    return this.lastFiq;
  }

  private update(): void {
    const fiq = this.fiqSourceActive();
    // The source selected for FIQ is taken away from the IRQ path.
    let irq = this.pending(0) !== 0 || this.pending(1) !== 0 || (this.armLevel & this.armEnable & 0xff) !== 0;
    if (fiq) {
      const src = this.fiqControl & 0x7f;
      const g = [...this.gpuLevel];
      let a = this.armLevel;
      if (src < 64) g[src >> 5] &= ~(1 << (src & 31));
      else a &= ~(1 << (src - 64));
      irq = (g[0] & this.gpuEnable[0]) !== 0 || (g[1] & this.gpuEnable[1]) !== 0 || (a & this.armEnable & 0xff) !== 0;
    }
    if (irq !== this.lastIrq || fiq !== this.lastFiq) {
      this.lastIrq = irq;
      this.lastFiq = fiq;
      this.onOutputs(irq, fiq);
    }
  }

  read(offset: number): number {
    switch (offset) {
      case INTC_REG.IRQ_BASIC_PENDING: return this.basicPending();
      case INTC_REG.IRQ_PENDING_1: return this.pending(0);
      case INTC_REG.IRQ_PENDING_2: return this.pending(1);
      case INTC_REG.FIQ_CONTROL: return this.fiqControl;
      case INTC_REG.ENABLE_IRQS_1: case INTC_REG.DISABLE_IRQS_1: return this.gpuEnable[0];
      case INTC_REG.ENABLE_IRQS_2: case INTC_REG.DISABLE_IRQS_2: return this.gpuEnable[1];
      case INTC_REG.ENABLE_BASIC_IRQS: case INTC_REG.DISABLE_BASIC_IRQS: return this.armEnable;
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    switch (offset) {
      case INTC_REG.FIQ_CONTROL: this.fiqControl = value & 0xff; break;
      case INTC_REG.ENABLE_IRQS_1: this.gpuEnable[0] = (this.gpuEnable[0] | value) >>> 0; break;
      case INTC_REG.ENABLE_IRQS_2: this.gpuEnable[1] = (this.gpuEnable[1] | value) >>> 0; break;
      case INTC_REG.ENABLE_BASIC_IRQS: this.armEnable = (this.armEnable | value) & 0xff; break;
      case INTC_REG.DISABLE_IRQS_1: this.gpuEnable[0] = (this.gpuEnable[0] & ~value) >>> 0; break;
      case INTC_REG.DISABLE_IRQS_2: this.gpuEnable[1] = (this.gpuEnable[1] & ~value) >>> 0; break;
      case INTC_REG.DISABLE_BASIC_IRQS: this.armEnable = this.armEnable & ~value & 0xff; break;
      default: return;
    }
    this.update();
  }
}
