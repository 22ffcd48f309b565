// The real mini-UART (BCM2837 AUX peripheral, ARM Peripherals manual ch. 2) on GPIO 14/15: the
// hypervisor's console. Pins to ALT5, pulls off, 8 data bits, 115200 baud at the 250 MHz core
// clock; receive interrupt on request (the console drains the RX FIFO from the AUX IRQ).
// Every register access is an MMIO intrinsic (one real load/store; never merged or hoisted).
import { mmio_read32, mmio_write32, nop } from "aarch64";

const PERIPH: u32 = 0x3F000000;
const GPFSEL1: u32 = PERIPH + 0x200004;
const GPPUD: u32 = PERIPH + 0x200094;
const GPPUDCLK0: u32 = PERIPH + 0x200098;
const AUX_IRQ: u32 = PERIPH + 0x215000;
const AUX_ENABLES: u32 = PERIPH + 0x215004;
const AUX_MU_IO: u32 = PERIPH + 0x215040;
const AUX_MU_IER: u32 = PERIPH + 0x215044;
const AUX_MU_IIR: u32 = PERIPH + 0x215048;
const AUX_MU_LCR: u32 = PERIPH + 0x21504C;
const AUX_MU_MCR: u32 = PERIPH + 0x215050;
const AUX_MU_LSR: u32 = PERIPH + 0x215054;
const AUX_MU_CNTL: u32 = PERIPH + 0x215060;
const AUX_MU_BAUD: u32 = PERIPH + 0x215068;

const LSR_DATA_READY: u32 = 1 << 0;
const LSR_TX_EMPTY: u32 = 1 << 5; // the TX FIFO can take a byte
const IER_RX: u32 = 1 << 0; // receive interrupt (the manual's erratum swaps the two bits)
const IIR_CLEAR_FIFOS: u32 = 0xC6; // FIFOs on, clear RX and TX
const GPIO_ALT5: u32 = 2;

function delay(cycles: i32): void {
  for (let i = 0; i < cycles; i++) nop();
}

export function uartInit(): void {
  let sel = mmio_read32(GPFSEL1);
  sel &= ~((7 << 12) | (7 << 15)); // GPIO 14 and 15 function fields
  sel |= (GPIO_ALT5 << 12) | (GPIO_ALT5 << 15);
  mmio_write32(GPFSEL1, sel);
  mmio_write32(GPPUD, 0);
  delay(150);
  mmio_write32(GPPUDCLK0, (1 << 14) | (1 << 15));
  delay(150);
  mmio_write32(GPPUDCLK0, 0);

  mmio_write32(AUX_ENABLES, 1);
  mmio_write32(AUX_MU_CNTL, 0); // transmitter/receiver off while configuring
  mmio_write32(AUX_MU_IER, 0);
  mmio_write32(AUX_MU_LCR, 3); // 8 data bits
  mmio_write32(AUX_MU_MCR, 0);
  mmio_write32(AUX_MU_BAUD, 270); // 250 MHz / (8 * (270 + 1)) = 115200
  mmio_write32(AUX_MU_IIR, IIR_CLEAR_FIFOS); // nothing left over from the firmware
  mmio_write32(AUX_MU_CNTL, 3);
}

/** Receive interrupt on or off (the console turns it off while its input ring is full, so
 *  that bytes wait in the FIFO instead of being read and lost). */
export function uartRxInterrupt(on: bool): void {
  mmio_write32(AUX_MU_IER, on ? IER_RX : 0);
}

/** Whether the mini-UART is asking for an interrupt (AUX_IRQ bit 0). */
export function uartIrqPending(): bool {
  return (mmio_read32(AUX_IRQ) & 1) != 0;
}

/** Whether a received byte waits in the RX FIFO. */
export function uartRxReady(): bool {
  return (mmio_read32(AUX_MU_LSR) & LSR_DATA_READY) != 0;
}

/** The oldest received byte (call when uartRxReady()). */
export function uartRxByte(): u32 {
  return mmio_read32(AUX_MU_IO) & 0xFF;
}

/** Whether putc would not wait. */
export function uartTxReady(): bool {
  return (mmio_read32(AUX_MU_LSR) & LSR_TX_EMPTY) != 0;
}

export function putc(c: u32): void {
  while ((mmio_read32(AUX_MU_LSR) & LSR_TX_EMPTY) == 0) {}
  mmio_write32(AUX_MU_IO, c & 0xff);
}

export function puts(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = <u32>s.charCodeAt(i);
    if (c == 10) putc(13);
    putc(c);
  }
}

/** A NUL-terminated string at a machine address (names in tables the build generates). */
export function putCString(addr: usize): void {
  for (let c = load<u8>(addr); c != 0; c = load<u8>(++addr)) putc(c);
}

export function putHex(v: u64): void {
  puts("0x");
  let shift = 60;
  while (shift > 0 && (v >> <u64>shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) putc(<u32>"0123456789abcdef".charCodeAt(<i32>((v >> <u64>shift) & 0xf)));
}

export function putDec(v: u64): void {
  if (v >= 10) putDec(v / 10);
  putc(<u32>(v % 10) + 48);
}
