// The BCM2835 legacy interrupt controller (the GPU IRQs the hypervisor emulates for its VMs):
// enable/disable by IRQ number, and which enabled sources are pending.
import { mmio_read32, mmio_write32 } from "aarch64";
import { ENABLE_IRQS_1, ENABLE_IRQS_2, DISABLE_IRQS_1, DISABLE_IRQS_2, IRQ_PENDING_1, IRQ_PENDING_2 } from "./devices";

export function enableIrq(irq: u32): void {
  mmio_write32(irq < 32 ? ENABLE_IRQS_1 : ENABLE_IRQS_2, 1 << (irq & 31));
}

export function disableIrq(irq: u32): void {
  mmio_write32(irq < 32 ? DISABLE_IRQS_1 : DISABLE_IRQS_2, 1 << (irq & 31));
}

/** Pending GPU IRQs 0-31 (only enabled sources raise the core's IRQ line). */
export function pending1(): u32 {
  return mmio_read32(IRQ_PENDING_1);
}

export function pending2(): u32 {
  return mmio_read32(IRQ_PENDING_2);
}

export function isPending(irq: u32): bool {
  return ((irq < 32 ? pending1() : pending2()) & (1 << (irq & 31))) != 0;
}
