// test_binary: the C original's one hypercall (`mov x8, #777; hvc #0`, test_binary.S), then a
// call of raspvisor's hypercall ABI, the version function, printing the answer.
import { wfi } from "aarch64";
import { exceptionLevel } from "../lib/boot";
import { uartInit } from "../lib/uart";
import { printf, puts } from "../lib/print";
import { hypercallVersion, legacyHypercall, NOT_SUPPORTED } from "../lib/hypercall";

export function main(bootEL: u32): void {
  uartInit();
  // Under a hypervisor test_binary.S has made the call already; bare, make it now.
  if (bootEL != 1) legacyHypercall(777);
  printf("test_binary: HVC #777 made at EL%d\n", exceptionLevel());
  const v = hypercallVersion();
  if (v == NOT_SUPPORTED) puts("hypercall ABI version: not supported (no hypervisor)\n");
  else printf("hypercall ABI version: %d.%d\n", v >> 16, v & 0xffff);
  while (true) wfi();
}
