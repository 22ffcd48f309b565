// The line under ?l's table: how much of the host's page pool is free and how much of the
// hypervisor's heap is in use. Both must come back to the same values after a VM restarts
// (test/hypervisor-hostile/restart.test.ts restarts one 50 times and compares).
import { poolFreePages, poolPages } from "./page-alloc";
import { consoleText, consoleDecimal, consoleLineEnd } from "../console/console";

/** Bytes of heap in use: where the runtime's bump allocator would place the next block
 *  (a block taken and given back at once: the stub runtime frees its last block). */
function heapUsed(): u64 {
  const p = heap.alloc(0);
  heap.free(p);
  return <u64>(p - __heap_base);
}

export function poolLine(): void {
  consoleText("pool: ");
  consoleDecimal(poolFreePages());
  consoleText(" of ");
  consoleDecimal(poolPages());
  consoleText(" pages free, heap: ");
  consoleDecimal(heapUsed());
  consoleText(" bytes used");
  consoleLineEnd();
}
