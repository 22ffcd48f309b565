/* guests/echo/main.ts in C: prints its exception level, then echoes every received byte;
 * the RX interrupt fills a ring, main sends it back and waits in WFI while it is empty. */
#include "lib/lib.h"

#define RING_SIZE 256U
static u8 ring[RING_SIZE];
static volatile u32 indices[2]; /* [0]: head (written by the handler), [1]: tail (by main) */

static void onRx(u32 frame) {
  (void)frame;
  while (rxReady()) {
    u32 c = mmio_read32(AUX_MU_IO) & 0xff;
    u32 head = indices[0];
    if (head - indices[1] < RING_SIZE) {
      ring[head & (RING_SIZE - 1)] = (u8)c;
      indices[0] = head + 1;
    }
  }
}

void main(u32 bootEL) {
  (void)bootEL;
  uartInit();
  printf("Exception level: %d\n", exceptionLevel(), 0, 0, 0);
  installVectors();
  onIrq(onRx);
  enableRxInterrupt();
  enableIrq(IRQ_AUX);
  daifclr_2();
  for (;;) {
    daifset_2();
    u32 tail = indices[1];
    if (indices[0] == tail) {
      wfi();
      daifclr_2();
      continue;
    }
    daifclr_2();
    putc(ring[tail & (RING_SIZE - 1)]);
    indices[1] = tail + 1;
  }
}
