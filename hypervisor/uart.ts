// The mini-UART (BCM2837 AUX peripheral) on GPIO 14/15, as bare-metal Pi code drives it:
// pins to ALT5, pulls off, 8 data bits, 115200 baud at the 250 MHz core clock. Every register
// access is an MMIO intrinsic (one real load/store; never merged or hoisted by Binaryen).
import { mmio_read32, mmio_write32, nop } from "aarch64";

const PERIPH: u32 = 0x3F000000;
const GPFSEL1: u32 = PERIPH + 0x200004;
const GPPUD: u32 = PERIPH + 0x200094;
const GPPUDCLK0: u32 = PERIPH + 0x200098;
const AUX_ENABLES: u32 = PERIPH + 0x215004;
const AUX_MU_IO: u32 = PERIPH + 0x215040;
const AUX_MU_IER: u32 = PERIPH + 0x215044;
const AUX_MU_LCR: u32 = PERIPH + 0x21504C;
const AUX_MU_MCR: u32 = PERIPH + 0x215050;
const AUX_MU_LSR: u32 = PERIPH + 0x215054;
const AUX_MU_CNTL: u32 = PERIPH + 0x215060;
const AUX_MU_BAUD: u32 = PERIPH + 0x215068;

const LSR_TX_EMPTY: u32 = 1 << 5;
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
  mmio_write32(AUX_MU_CNTL, 3);
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
