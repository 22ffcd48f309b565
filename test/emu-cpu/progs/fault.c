// Dies of a fault chosen by argv[1]: the exit status/signal must match qemu-aarch64's.
#include "sys.h"
__asm__(".global _start\n_start: mov x0, sp\n b cstart");
void cstart(u64 *sp) {
  const char *arg = sp[0] > 1 ? (const char *)sp[2] : "segv";
  puts_("before\n");
  if (arg[0] == 's') { volatile u64 *p = (u64 *)0x10; *p = 1; }
  if (arg[0] == 'i') __asm__ volatile(".inst 0x00000000");
  if (arg[0] == 'b') __asm__ volatile("brk #1");
  if (arg[0] == 'a') { volatile u64 *p; __asm__ volatile("mov %0, sp\n add %0, %0, #3" : "=r"(p)); u64 v; __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(p)); }
  if (arg[0] == 'x') { volatile u64 *p = (u64 *)0x400000; *p = 1; }
  puts_("after\n");
  sys_exit(0);
}
