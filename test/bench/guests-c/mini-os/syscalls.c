/* guests/mini-os/syscalls.ts in C: svc #0 from EL0 (w8: 0 write, 1 fork, 2 exit, 3 sleep);
 * any other exception from EL0 kills the process. */
#include "mini-os.h"

#define SYS_WRITE 0UL
#define SYS_FORK 1UL
#define SYS_EXIT 2UL
#define SYS_SLEEP 3UL
#define WRITE_MAX 256UL
#define EFAULT ((u64)-14)
#define NONE ((u64)-1)

static u64 userReadable(u64 va) {
  __asm__ volatile("at s1e0r, %0" ::"r"(va));
  isb();
  u64 par = SYSREG_READ(par_el1);
  if (par & 1) return NONE;
  return (par & 0x0000fffffffff000UL) | (va & 0xfff);
}

static u64 sysWrite(u64 buf, u64 len) {
  if (len > WRITE_MAX) len = WRITE_MAX;
  for (u64 i = 0; i < len; i++) {
    u64 pa = userReadable(buf + i);
    if (pa == NONE) return i == 0 ? EFAULT : i;
    putc(*(u8 *)MA(pa));
  }
  return len;
}

static const char *ecName(u32 ec) {
  switch (ec) {
    case 0x20: return "instruction abort";
    case 0x24: return "data abort";
    case 0x22: return "PC alignment fault";
    case 0x26: return "SP alignment fault";
    case 0x00: return "undefined instruction";
    default: return "exception";
  }
}

void onSyncException(u32 frame, u64 esr, u64 far) {
  u32 ec = (u32)(esr >> 26) & 0x3f;
  int fromUser = (frameGet(frame, 33) & 0xf) == 0;
  if (!fromUser) {
    unhandled(0 | (1 << 2), frame);
    return;
  }
  if (ec == EC_SVC64) {
    u64 n = frameGet(frame, 8);
    u64 a0 = frameGet(frame, 0);
    u64 r = 0;
    if (n == SYS_WRITE) r = sysWrite(a0, frameGet(frame, 1));
    else if (n == SYS_FORK) r = (u64)(i64)fork(currentTask(), frame);
    else if (n == SYS_EXIT) {
      struct Task *t = currentTask();
      u32 freed = freeProcess(t);
      printf("mini-os: process %d exited with code %d, freed %d pages, %d free\n", t->pid, a0, freed, freePages());
      exitCurrent();
    } else if (n == SYS_SLEEP) sleepTicks(a0);
    else r = (u64)-38;
    frameSet(frame, 0, r);
    return;
  }
  struct Task *t = currentTask();
  printf("mini-os: process %d killed: ", t->pid, 0, 0, 0);
  puts(ecName(ec));
  printf(" at %p (ESR 0x%x, ELR 0x%x)\n", far, esr, frameGet(frame, 32), 0);
  u32 freed = freeProcess(t);
  printf("mini-os: process %d freed %d pages, %d free\n", t->pid, freed, freePages(), 0);
  exitCurrent();
}
