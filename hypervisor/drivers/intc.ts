// Interrupt routing for the hypervisor's own sources. GPU interrupts (the legacy controller,
// BCM2835 ARM Peripherals ch. 7) go to core 0's IRQ (the reset routing); of them the
// hypervisor enables only the mini-UART's (AUX, IRQ 29) for console input. Which source
// interrupted a core is read from its ARM-local IRQ source register (QA7 4.10).
import { mmio_read32, mmio_write32 } from "aarch64";

const IRQ_PENDING_1: u32 = 0x3F00B204;
const ENABLE_IRQS_1: u32 = 0x3F00B210;
const DISABLE_IRQS_1: u32 = 0x3F00B21C;
const DISABLE_IRQS_2: u32 = 0x3F00B220;
const DISABLE_BASIC_IRQS: u32 = 0x3F00B224;
const LOCAL_GPU_ROUTING: u32 = 0x4000000C;
const LOCAL_IRQ_SOURCE0: u32 = 0x40000060; // + 4 * core

export const IRQ_AUX: u32 = 29;
export const SRC_CNTHP: u32 = 1 << 2;
export const SRC_CNTV: u32 = 1 << 3;
export const SRC_GPU: u32 = 1 << 8;

export function intcInit(): void {
  // Nothing the firmware or a previous boot left enabled.
  mmio_write32(DISABLE_IRQS_1, 0xffffffff);
  mmio_write32(DISABLE_IRQS_2, 0xffffffff);
  mmio_write32(DISABLE_BASIC_IRQS, 0xffffffff);
  mmio_write32(LOCAL_GPU_ROUTING, 0); // GPU IRQ and FIQ to core 0
  mmio_write32(ENABLE_IRQS_1, 1 << IRQ_AUX);
}

export function irqSources(core: u32): u32 {
  return mmio_read32(LOCAL_IRQ_SOURCE0 + core * 4);
}

export function gpuPending1(): u32 {
  return mmio_read32(IRQ_PENDING_1);
}
