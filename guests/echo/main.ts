// echo: prints its exception level, then sends back every byte it receives on the mini-UART.
// Interrupt-driven: the RX interrupt (AUX, IRQ 29 of the legacy controller) moves received
// bytes into a ring; main sends them back and waits with WFI while the ring is empty, so an
// idle echo costs nothing (under the hypervisor a WFI is a yield).
import { wfi, mmio_read32, mmio_write32, daifset_2, daifclr_2 } from "aarch64";
import { exceptionLevel } from "../lib/boot";
import { uartInit, enableRxInterrupt, putc, rxReady } from "../lib/uart";
import { AUX_MU_IO, IRQ_AUX } from "../lib/devices";
import { enableIrq } from "../lib/intc";
import { installVectors, onIrq } from "../lib/vectors";
import { printf } from "../lib/print";
export { rv_el1_exception } from "../lib/vectors";

// The ring, shared with the interrupt handler: its indices are read and written with the
// mmio intrinsics, which the compiler never merges or hoists out of the wait loop.
const RING_SIZE: u32 = 256;
const ring = memory.data(RING_SIZE);
const indices = memory.data(8); // [0]: head (written by the handler), [1]: tail (by main)

function onRx(frame: usize): void {
  // Drain the receive FIFO: pasted input arrives faster than one interrupt per byte.
  while (rxReady()) {
    const c = mmio_read32(AUX_MU_IO) & 0xff;
    const head = mmio_read32(indices);
    if (head - mmio_read32(indices + 4) < RING_SIZE) {
      store<u8>(ring + (head & (RING_SIZE - 1)), <u8>c);
      mmio_write32(indices, head + 1);
    } // a full ring drops the byte
  }
}

export function main(bootEL: u32): void {
  uartInit();
  printf("Exception level: %d\n", exceptionLevel());
  installVectors();
  onIrq(onRx);
  enableRxInterrupt();
  enableIrq(IRQ_AUX);
  daifclr_2();
  while (true) {
    // Mask IRQs while testing for work so that a byte arriving between the test and the WFI
    // still wakes it (WFI wakes on a pending IRQ even while masked).
    daifset_2();
    const tail = mmio_read32(indices + 4);
    if (mmio_read32(indices) == tail) {
      wfi();
      daifclr_2();
      continue;
    }
    daifclr_2();
    putc(<u32>load<u8>(ring + (tail & (RING_SIZE - 1))));
    mmio_write32(indices + 4, tail + 1);
  }
}
