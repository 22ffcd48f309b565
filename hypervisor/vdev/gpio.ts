// A VM's GPIO block at 0x3F200000 (ARM Peripherals manual, ch. 6): function selects, output
// set/clear with the level they give, event detect status, the detect-enable registers and the
// pull-up/down control. No pin of a VM is wired to anything: what the guest writes is stored
// and read back as the manual says, so a guest's UART set-up (pins 14/15 to ALT5, pulls off)
// runs as on a board without touching the real pins the hypervisor's own console uses.
// Mirrors tools/emu/devices/gpio.ts.
import { MmioDevice } from "./device";

export const GPIO_BASE: u32 = 0x3F200000;
export const GPIO_SIZE: u32 = 0xB4;

// Register offsets (manual section 6.1).
export const GPFSEL0: u32 = 0x00; // .. GPFSEL5 at 0x14: 3 bits per pin, 10 pins per register
export const GPFSEL5: u32 = 0x14;
export const GPSET0: u32 = 0x1C;
export const GPSET1: u32 = 0x20;
export const GPCLR0: u32 = 0x28;
export const GPCLR1: u32 = 0x2C;
export const GPLEV0: u32 = 0x34;
export const GPLEV1: u32 = 0x38;
export const GPEDS0: u32 = 0x40; // event detect status: write 1 to clear
export const GPEDS1: u32 = 0x44;
export const GPREN0: u32 = 0x4C; // rising/falling/high/low/async detect enables, in pairs,
export const GPAFEN1: u32 = 0x8C; // .. GPAFEN1, with a reserved word after each pair
export const GPPUD: u32 = 0x94; // pull-up/down control: 0 off, 1 down, 2 up
export const GPPUDCLK0: u32 = 0x98; // clocks GPPUD into the pins whose bits are set
export const GPPUDCLK1: u32 = 0x9C;

export const GPIO_PINS: u32 = 54;
const DETECT_WORDS: i32 = 17; // GPREN0 .. GPAFEN1
/** Words of that range that are reserved (0x54, 0x60, 0x6C, 0x78, 0x84): they read 0. */
const DETECT_RESERVED: u32 = (1 << 2) | (1 << 5) | (1 << 8) | (1 << 11) | (1 << 14);
const BANK1_PINS: u32 = 0x003FFFFF; // pins 32..53

export class VirtualGpio extends MmioDevice {
  private fsel: StaticArray<u32> = new StaticArray<u32>(6);
  private level0: u32 = 0;
  private level1: u32 = 0;
  private events0: u32 = 0;
  private events1: u32 = 0;
  private detect: StaticArray<u32> = new StaticArray<u32>(DETECT_WORDS);
  private pud: u32 = 0;
  private pudClk0: u32 = 0;
  private pudClk1: u32 = 0;
  /** The pull latched into each pin when its clock was asserted: 0 off, 1 down, 2 up. */
  private pull: StaticArray<u8> = new StaticArray<u8>(GPIO_PINS);

  constructor() {
    super(GPIO_BASE, GPIO_SIZE);
  }

  /** Function of a pin: 0 input, 1 output, 4-7 ALT0-ALT3, 3 ALT4, 2 ALT5. */
  functionOf(pin: u32): u32 {
    return (this.fsel[pin / 10] >> ((pin % 10) * 3)) & 7;
  }

  pullOf(pin: u32): u32 {
    return this.pull[pin];
  }

  read(offset: u32, width: u32): u64 {
    if (offset < GPFSEL5 + 4) return this.fsel[offset >> 2];
    if (offset >= GPREN0 && offset < GPAFEN1 + 4) return this.detect[(offset - GPREN0) >> 2];
    switch (offset) {
      case GPLEV0: return this.level0;
      case GPLEV1: return this.level1;
      case GPEDS0: return this.events0;
      case GPEDS1: return this.events1;
      case GPPUD: return this.pud;
      case GPPUDCLK0: return this.pudClk0;
      case GPPUDCLK1: return this.pudClk1;
      default: return 0;
    }
  }

  write(offset: u32, width: u32, value64: u64): void {
    const value = <u32>value64;
    if (offset < GPFSEL5 + 4) {
      this.fsel[offset >> 2] = value & 0x3FFFFFFF; // bits 31:30 are reserved
      return;
    }
    if (offset >= GPREN0 && offset < GPAFEN1 + 4) {
      const word = (offset - GPREN0) >> 2;
      if (((DETECT_RESERVED >> word) & 1) == 0) this.detect[word] = value;
      return;
    }
    switch (offset) {
      case GPSET0: this.level0 |= value; break;
      case GPSET1: this.level1 |= value & BANK1_PINS; break;
      case GPCLR0: this.level0 &= ~value; break;
      case GPCLR1: this.level1 &= ~value; break;
      case GPEDS0: this.events0 &= ~value; break;
      case GPEDS1: this.events1 &= ~value; break;
      case GPPUD: this.pud = value & 3; break;
      case GPPUDCLK0: this.pudClk0 = value; this.latchPulls(0, value); break;
      case GPPUDCLK1: this.pudClk1 = value; this.latchPulls(32, value); break;
    }
  }

  /** Asserting a pin's clock latches the control signal from GPPUD into it. */
  private latchPulls(firstPin: u32, clocks: u32): void {
    for (let b: u32 = 0; b < 32; b++) {
      const pin = firstPin + b;
      if (pin < GPIO_PINS && ((clocks >> b) & 1) != 0) this.pull[pin] = <u8>this.pud;
    }
  }
}
