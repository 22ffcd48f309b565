// The mini-UART (AUX) on GPIO 14/15 at 115200 8N1 (250 MHz core clock). Transmit waits for
// FIFO space; receive is read by the RX interrupt (enableRxInterrupt) or by getc().
import { mmio_read32, mmio_write32, nop } from "aarch64";
import {
  GPFSEL1, GPPUD, GPPUDCLK0, AUX_ENABLES, AUX_MU_IO, AUX_MU_IER, AUX_MU_IIR, AUX_MU_LCR,
  AUX_MU_MCR, AUX_MU_LSR, AUX_MU_CNTL, AUX_MU_BAUD,
} from "./devices";

const LSR_RX_READY: u32 = 1 << 0;
const LSR_TX_SPACE: u32 = 1 << 5;
const IER_RX: u32 = 1 << 0; // the hardware's bit (the manual swaps RX and TX)
const GPIO_ALT5: u32 = 2;

function delay(n: i32): void {
  for (let i = 0; i < n; i++) nop();
}

export function uartInit(): void {
  let sel = mmio_read32(GPFSEL1);
  sel &= ~((7 << 12) | (7 << 15)); // GPIO 14, 15 function fields
  sel |= (GPIO_ALT5 << 12) | (GPIO_ALT5 << 15);
  mmio_write32(GPFSEL1, sel);
  mmio_write32(GPPUD, 0); // no pull-up/down on the two pins
  delay(150);
  mmio_write32(GPPUDCLK0, (1 << 14) | (1 << 15));
  delay(150);
  mmio_write32(GPPUDCLK0, 0);

  mmio_write32(AUX_ENABLES, 1);
  mmio_write32(AUX_MU_CNTL, 0); // receiver and transmitter off while configuring
  mmio_write32(AUX_MU_IER, 0);
  mmio_write32(AUX_MU_LCR, 3); // 8 data bits
  mmio_write32(AUX_MU_MCR, 0);
  mmio_write32(AUX_MU_BAUD, 270); // 250 MHz / (8 * (270 + 1)) = 115200
  mmio_write32(AUX_MU_IIR, 6); // clear both FIFOs
  mmio_write32(AUX_MU_CNTL, 3);
}

/** Interrupt on received bytes (AUX is IRQ 29 of the legacy controller: enable it there too). */
export function enableRxInterrupt(): void {
  mmio_write32(AUX_MU_IER, IER_RX);
}

export function putc(c: u32): void {
  while ((mmio_read32(AUX_MU_LSR) & LSR_TX_SPACE) == 0) {}
  mmio_write32(AUX_MU_IO, c & 0xff);
}

export function rxReady(): bool {
  return (mmio_read32(AUX_MU_LSR) & LSR_RX_READY) != 0;
}

/** The next received byte; waits for one. */
export function getc(): u32 {
  while (!rxReady()) {}
  return mmio_read32(AUX_MU_IO) & 0xff;
}
