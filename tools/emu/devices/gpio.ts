// GPIO at 0x3F200000 (ARM Peripherals manual, ch. 6): function selects, output set/clear with
// the resulting level, event detect status and the pull-up/down control registers. Nothing is
// wired to the pins; what software writes is stored and read back as the manual says.
import type { MmioDevice } from './device.ts';

export const GPIO_REG = {
  GPFSEL0: 0x00, // .. GPFSEL5 at 0x14
  GPSET0: 0x1c,
  GPSET1: 0x20,
  GPCLR0: 0x28,
  GPCLR1: 0x2c,
  GPLEV0: 0x34,
  GPLEV1: 0x38,
  GPEDS0: 0x40,
  GPEDS1: 0x44,
  GPREN0: 0x4c, // .. the detect-enable registers up to GPAFEN1 at 0x8c
  GPPUD: 0x94,
  GPPUDCLK0: 0x98,
  GPPUDCLK1: 0x9c,
} as const;

export const GPIO_PINS = 54;

export class Gpio implements MmioDevice {
  readonly name = 'GPIO';
  private fsel = new Uint32Array(6);
  private level = [0, 0];
  private events = [0, 0];
  private detect = new Uint32Array(12); // GPREN0 .. GPAFEN1
  private pud = 0;
  private pudClk = [0, 0];
  /** The pull latched into each pin when its clock was asserted: 0 off, 1 down, 2 up. */
  readonly pull = new Uint8Array(GPIO_PINS);

  read(offset: number): number {
    if (offset < 0x18) return this.fsel[offset >> 2];
    if (offset >= GPIO_REG.GPREN0 && offset < 0x94) return this.detect[(offset - GPIO_REG.GPREN0) >> 2];
    switch (offset) {
      case GPIO_REG.GPLEV0: return this.level[0];
      case GPIO_REG.GPLEV1: return this.level[1];
      case GPIO_REG.GPEDS0: return this.events[0];
      case GPIO_REG.GPEDS1: return this.events[1];
      case GPIO_REG.GPPUD: return this.pud;
      case GPIO_REG.GPPUDCLK0: return this.pudClk[0];
      case GPIO_REG.GPPUDCLK1: return this.pudClk[1];
      default: return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value >>>= 0;
    if (offset < 0x18) { this.fsel[offset >> 2] = value & 0x3fffffff; return; }
    if (offset >= GPIO_REG.GPREN0 && offset < 0x94) { this.detect[(offset - GPIO_REG.GPREN0) >> 2] = value; return; }
    const mask1 = 0x003fffff; // pins 32..53
    switch (offset) {
      case GPIO_REG.GPSET0: this.level[0] = (this.level[0] | value) >>> 0; break;
      case GPIO_REG.GPSET1: this.level[1] = (this.level[1] | (value & mask1)) >>> 0; break;
      case GPIO_REG.GPCLR0: this.level[0] = (this.level[0] & ~value) >>> 0; break;
      case GPIO_REG.GPCLR1: this.level[1] = (this.level[1] & ~value) >>> 0; break;
      case GPIO_REG.GPEDS0: this.events[0] = (this.events[0] & ~value) >>> 0; break;
      case GPIO_REG.GPEDS1: this.events[1] = (this.events[1] & ~value) >>> 0; break;
      case GPIO_REG.GPPUD: this.pud = value & 3; break;
      case GPIO_REG.GPPUDCLK0:
      case GPIO_REG.GPPUDCLK1: {
        const bank = offset === GPIO_REG.GPPUDCLK0 ? 0 : 1;
        this.pudClk[bank] = value;
        // Asserting a pin's clock latches the control signal from GPPUD into it.
        for (let b = 0; b < 32; b++) {
          const pin = bank * 32 + b;
          if (pin < GPIO_PINS && (value >>> b) & 1) this.pull[pin] = this.pud;
        }
        break;
      }
    }
  }

  /** Function of a pin (0 input, 1 output, 4 ALT0, 5 ALT1, 6 ALT2, 7 ALT3, 3 ALT4, 2 ALT5). */
  functionOf(pin: number): number {
    return (this.fsel[Math.floor(pin / 10)] >>> ((pin % 10) * 3)) & 7;
  }
}
