/* guests/lib/uart.ts and boot.ts in C: the mini-UART on GPIO 14/15, 115200 8N1. */
#include "lib.h"

#define LSR_RX_READY (1U << 0)
#define LSR_TX_SPACE (1U << 5)
#define IER_RX (1U << 0)
#define GPIO_ALT5 2U

u32 exceptionLevel(void) { return (u32)(SYSREG_READ(CurrentEL) >> 2) & 3; }

static void delay(int n) {
  for (int i = 0; i < n; i++) nop();
}

void uartInit(void) {
  u32 sel = mmio_read32(GPFSEL1);
  sel &= ~((7U << 12) | (7U << 15));
  sel |= (GPIO_ALT5 << 12) | (GPIO_ALT5 << 15);
  mmio_write32(GPFSEL1, sel);
  mmio_write32(GPPUD, 0);
  delay(150);
  mmio_write32(GPPUDCLK0, (1U << 14) | (1U << 15));
  delay(150);
  mmio_write32(GPPUDCLK0, 0);

  mmio_write32(AUX_ENABLES, 1);
  mmio_write32(AUX_MU_CNTL, 0);
  mmio_write32(AUX_MU_IER, 0);
  mmio_write32(AUX_MU_LCR, 3);
  mmio_write32(AUX_MU_MCR, 0);
  mmio_write32(AUX_MU_BAUD, 270);
  mmio_write32(AUX_MU_IIR, 6);
  mmio_write32(AUX_MU_CNTL, 3);
}

void enableRxInterrupt(void) { mmio_write32(AUX_MU_IER, IER_RX); }

void putc(u32 c) {
  while ((mmio_read32(AUX_MU_LSR) & LSR_TX_SPACE) == 0) {}
  mmio_write32(AUX_MU_IO, c & 0xff);
}

int rxReady(void) { return (mmio_read32(AUX_MU_LSR) & LSR_RX_READY) != 0; }
