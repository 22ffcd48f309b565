// A VM's BCM2835 "ARM control" interrupt controller (ARM Peripherals manual, ch. 7), at
// 0x3F00B000 with its registers at the manual's offsets 0x200-0x224. Mirrors
// tools/emu/devices/legacy-intc.ts: 64 GPU sources, 8 ARM-side ("basic") sources, pending
// registers that show sources both raised and enabled, enable/disable by write-1 registers,
// and one source that FIQ_CONTROL can route to FIQ instead of IRQ. The VM's devices raise
// their lines here; the hypervisor asks irqOut/fiqOut on every exit and sets HCR_EL2.VI/VF.
import { MmioDevice } from "./device";

export const INTC_BASE: u32 = 0x3F00B000;
export const INTC_SIZE: u32 = 0x400;

// Register offsets from INTC_BASE (manual section 7.5).
export const IRQ_BASIC_PENDING: u32 = 0x200;
export const IRQ_PENDING_1: u32 = 0x204;
export const IRQ_PENDING_2: u32 = 0x208;
export const FIQ_CONTROL: u32 = 0x20C;
export const ENABLE_IRQS_1: u32 = 0x210;
export const ENABLE_IRQS_2: u32 = 0x214;
export const ENABLE_BASIC_IRQS: u32 = 0x218;
export const DISABLE_IRQS_1: u32 = 0x21C;
export const DISABLE_IRQS_2: u32 = 0x220;
export const DISABLE_BASIC_IRQS: u32 = 0x224;

// GPU interrupt numbers of the devices a VM has (manual table 7.5).
export const IRQ_SYSTEM_TIMER_0: u32 = 0;
export const IRQ_SYSTEM_TIMER_1: u32 = 1;
export const IRQ_SYSTEM_TIMER_2: u32 = 2;
export const IRQ_SYSTEM_TIMER_3: u32 = 3;
export const IRQ_AUX: u32 = 29;

/** GPU interrupts that IRQ_BASIC_PENDING also shows, as bits 10..20 in this order. */
const BASIC_MIRRORED: StaticArray<u8> = [7, 9, 10, 18, 19, 53, 54, 55, 56, 57, 62];
/** FIQ_CONTROL: bit 7 enables FIQ, bits 6:0 pick the source (0-63 GPU, 64-71 basic). */
const FIQ_ENABLE: u32 = 0x80;
const FIQ_SOURCE_MASK: u32 = 0x7F;

export class VirtualIntc extends MmioDevice {
  private gpuLevel1: u32 = 0; // raised GPU sources 0-31
  private gpuLevel2: u32 = 0; // 32-63
  private gpuEnable1: u32 = 0;
  private gpuEnable2: u32 = 0;
  private armLevel: u32 = 0; // basic sources 0-7 (ARM timer, mailbox, doorbells...)
  private armEnable: u32 = 0;
  private fiqControl: u32 = 0;
  /** The controller's outputs, recomputed whenever an input or a register changes. */
  irqOut: bool = false;
  fiqOut: bool = false;

  constructor() {
    super(INTC_BASE, INTC_SIZE);
  }

  /** A device raises or lowers GPU interrupt source `n` (0-63). Level-sensitive. */
  setGpuIrq(n: u32, level: bool): void {
    const bit: u32 = 1 << (n & 31);
    if (n < 32) this.gpuLevel1 = level ? this.gpuLevel1 | bit : this.gpuLevel1 & ~bit;
    else this.gpuLevel2 = level ? this.gpuLevel2 | bit : this.gpuLevel2 & ~bit;
    this.update();
  }

  /** Whether GPU source `n` is raised (enabled or not). */
  gpuLevel(n: u32): bool {
    return (((n < 32 ? this.gpuLevel1 : this.gpuLevel2) >> (n & 31)) & 1) != 0;
  }

  /** An ARM-side source `n` (0-7); a VM has none of those devices yet. */
  setArmIrq(n: u32, level: bool): void {
    const bit: u32 = 1 << (n & 7);
    this.armLevel = level ? this.armLevel | bit : this.armLevel & ~bit;
    this.update();
  }

  private pending1(): u32 {
    return this.gpuLevel1 & this.gpuEnable1;
  }
  private pending2(): u32 {
    return this.gpuLevel2 & this.gpuEnable2;
  }

  private basicPending(): u32 {
    let v = this.armLevel & this.armEnable & 0xFF;
    const p1 = this.pending1(), p2 = this.pending2();
    if (p1 != 0) v |= 1 << 8; // "one or more bits set in pending register 1"
    if (p2 != 0) v |= 1 << 9;
    for (let i = 0; i < BASIC_MIRRORED.length; i++) {
      const n = <u32>unchecked(BASIC_MIRRORED[i]);
      if ((((n < 32 ? p1 : p2) >> (n & 31)) & 1) != 0) v |= 1 << (10 + i);
    }
    return v;
  }

  private fiqSourceActive(): bool {
    if ((this.fiqControl & FIQ_ENABLE) == 0) return false;
    const src = this.fiqControl & FIQ_SOURCE_MASK;
    if (src < 64) return this.gpuLevel(src);
    if (src < 72) return ((this.armLevel >> (src - 64)) & 1) != 0;
    return false;
  }

  private update(): void {
    const fiq = this.fiqSourceActive();
    let g1 = this.gpuLevel1, g2 = this.gpuLevel2, a = this.armLevel;
    if (fiq) {
      // The source routed to FIQ no longer takes the IRQ path.
      const src = this.fiqControl & FIQ_SOURCE_MASK;
      if (src < 32) g1 &= ~(<u32>1 << src);
      else if (src < 64) g2 &= ~(<u32>1 << (src - 32));
      else a &= ~(<u32>1 << (src - 64));
    }
    this.irqOut = (g1 & this.gpuEnable1) != 0 || (g2 & this.gpuEnable2) != 0 || (a & this.armEnable & 0xFF) != 0;
    this.fiqOut = fiq;
  }

  read(offset: u32, width: u32): u64 {
    switch (offset) {
      case IRQ_BASIC_PENDING: return this.basicPending();
      case IRQ_PENDING_1: return this.pending1();
      case IRQ_PENDING_2: return this.pending2();
      case FIQ_CONTROL: return this.fiqControl;
      // The disable registers read back the enable masks, as the enable registers do.
      case ENABLE_IRQS_1: case DISABLE_IRQS_1: return this.gpuEnable1;
      case ENABLE_IRQS_2: case DISABLE_IRQS_2: return this.gpuEnable2;
      case ENABLE_BASIC_IRQS: case DISABLE_BASIC_IRQS: return this.armEnable;
      default: return 0;
    }
  }

  write(offset: u32, width: u32, value64: u64): void {
    const value = <u32>value64;
    switch (offset) {
      case FIQ_CONTROL: this.fiqControl = value & 0xFF; break;
      // Writing 1 enables (or disables) a source; writing 0 leaves it as it is.
      case ENABLE_IRQS_1: this.gpuEnable1 |= value; break;
      case ENABLE_IRQS_2: this.gpuEnable2 |= value; break;
      case ENABLE_BASIC_IRQS: this.armEnable = (this.armEnable | value) & 0xFF; break;
      case DISABLE_IRQS_1: this.gpuEnable1 &= ~value; break;
      case DISABLE_IRQS_2: this.gpuEnable2 &= ~value; break;
      case DISABLE_BASIC_IRQS: this.armEnable &= ~value & 0xFF; break;
      default: return; // the pending registers are read-only
    }
    this.update();
  }
}
