/* guests/lib/intc.ts and systimer.ts in C: the legacy interrupt controller, the system timer. */
#include "lib.h"

void enableIrq(u32 irq) { mmio_write32(irq < 32 ? ENABLE_IRQS_1 : ENABLE_IRQS_2, 1U << (irq & 31)); }

int isPending(u32 irq) { return ((irq < 32 ? mmio_read32(IRQ_PENDING_1) : mmio_read32(IRQ_PENDING_2)) & (1U << (irq & 31))) != 0; }

int timerMatched(u32 n) { return (mmio_read32(TIMER_CS) & (1U << n)) != 0; }

void timerArm(u32 n, u32 micros) {
  u32 next = mmio_read32(TIMER_CLO) + micros;
  mmio_write32(TIMER_C(n), next);
  mmio_write32(TIMER_CS, 1U << n);
  while ((i32)(mmio_read32(TIMER_CLO) - next) >= 0 && !timerMatched(n)) {
    next = mmio_read32(TIMER_CLO) + micros;
    mmio_write32(TIMER_C(n), next);
  }
}

void timerRearm(u32 n, u32 period) {
  u32 next = mmio_read32(TIMER_C(n)) + period;
  if ((i32)(mmio_read32(TIMER_CLO) - next) >= 0) next = mmio_read32(TIMER_CLO) + period;
  mmio_write32(TIMER_C(n), next);
  mmio_write32(TIMER_CS, 1U << n);
}
