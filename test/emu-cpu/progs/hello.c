#include "sys.h"
void _start(void) {
  puts_("hello from aarch64\n");
  u64 acc = 1;
  for (u64 i = 1; i < 20; i++) acc = acc * i + (acc >> 7);
  puthex(acc); puts_("\n");
  sys_exit(3);
}
