// Bytes typed at the console, from the moment the mini-UART's RX interrupt takes them out of
// the 8-byte hardware FIFO until the pump hands them to a VM: a ring in static memory with one
// producer (consoleRxInterrupt) and one consumer (consolePump). Each side writes only its own
// index, and the indices are read and written with MMIO intrinsics, which the compiler never
// caches in a register nor moves across the data access: the consumer sees a byte only after
// it is stored. (Single core: the two sides never run at once; with SMP, only the core that
// owns the console runs either, see docs/hypervisor-devices.md.)
import { mmio_read32, mmio_write32 } from "aarch64";

export const INPUT_RING_BYTES: u32 = 1024;
const MASK: u32 = INPUT_RING_BYTES - 1;
const ring = memory.data(INPUT_RING_BYTES);
// [0]: head, bytes ever pushed (producer); [4]: tail, bytes ever popped (consumer).
const indices = memory.data(8, 8);

export function inputLength(): u32 {
  return mmio_read32(indices) - mmio_read32(indices + 4);
}

export function inputFull(): bool {
  return inputLength() >= INPUT_RING_BYTES;
}

/** Producer: false (nothing stored) when full. */
export function inputPush(b: u8): bool {
  const head = mmio_read32(indices);
  if (head - mmio_read32(indices + 4) >= INPUT_RING_BYTES) return false;
  store<u8>(ring + (head & MASK), b);
  mmio_write32(indices, head + 1);
  return true;
}

/** Consumer: the oldest byte, or -1. */
export function inputPop(): i32 {
  const tail = mmio_read32(indices + 4);
  if (mmio_read32(indices) == tail) return -1;
  const b = load<u8>(ring + (tail & MASK));
  mmio_write32(indices + 4, tail + 1);
  return b;
}
