/* guests/lib/vectors.ts in C: rv_el1_exception(kind, frame), called by guests/lib/vectors.S,
 * hands IRQs and synchronous exceptions to the handlers set, reports anything else. */
#include "lib.h"

u64 rv_el1_vectors_addr(void);

static const char *const KIND_NAMES[] = {"sync", "IRQ", "FIQ", "SError"};
static const char *const ORIGIN_NAMES[] = {"EL1 (SP_EL0)", "EL1", "EL0 (AArch64)", "EL0 (AArch32)"};

static void (*irqHandler)(u32 frame);
static void (*syncHandler)(u32 frame, u64 esr, u64 far);

void onIrq(void (*h)(u32 frame)) { irqHandler = h; }
void onSync(void (*h)(u32 frame, u64 esr, u64 far)) { syncHandler = h; }

void installVectors(void) {
  SYSREG_WRITE(vbar_el1, rv_el1_vectors_addr());
  isb();
}

void unhandled(u32 kind, u32 frame) {
  puts("unhandled exception: ");
  puts(KIND_NAMES[kind & 3]);
  puts(" from ");
  puts(ORIGIN_NAMES[(kind >> 2) & 3]);
  printf(", ESR %x FAR %x ELR %x\n", SYSREG_READ(esr_el1), SYSREG_READ(far_el1), frameGet(frame, FRAME_ELR), 0);
  for (;;) wfe();
}

void rv_el1_exception(u32 kind, u32 frame) {
  u32 k = kind & 3;
  if (k == 1 && irqHandler) irqHandler(frame);
  else if (k == 0 && syncHandler) syncHandler(frame, SYSREG_READ(esr_el1), SYSREG_READ(far_el1));
  else unhandled(kind, frame);
}
