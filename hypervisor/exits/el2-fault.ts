// An exception taken at EL2 itself is a bug of the hypervisor, never a guest's doing: report it
// with the EL2 PC and stop this core (vectors.S parks it in WFE); other cores go on. The
// console's input interrupt (GPU IRQs, drivers/intc.ts) moves to a core still running, or
// typing would end with core 0 (the planted-fault test found that).
import { mmio_read32, mmio_write32 } from "aarch64";
import { puts, putHex, putDec } from "../drivers/mini-uart";
import { hypHolder, thisCore } from "../arch/spinlock";

// @ts-ignore: decorator
@external("env", "rv_hyp_unlock") declare function rv_hyp_unlock(): void;

const VECTOR_NAMES: string[] = ["sync", "IRQ", "FIQ", "SError"];
const LOCAL_GPU_ROUTING: u32 = 0x4000000C; // QA7: bits 1:0 the core taking GPU IRQs
let stoppedCores: u32 = 0;

export function handle_el2_fault(vector: u32, esr: u64, elr: u64, far: u64): void {
  const core = thisCore();
  puts("\nEL2 exception (hypervisor bug): ");
  puts(VECTOR_NAMES[vector & 3]);
  puts(vector < 4 ? " from EL2 (SP0)" : vector < 8 ? " from EL2" : " from EL1 (AArch32)");
  puts(", ESR_EL2 ");
  putHex(esr);
  puts(", ELR_EL2 ");
  putHex(elr);
  puts(", FAR_EL2 ");
  putHex(far);
  puts("; core ");
  putDec(<u64>core);
  puts(" stopped\n");
  stoppedCores |= 1 << core;
  const routing = mmio_read32(LOCAL_GPU_ROUTING);
  if ((routing & 3) == core) {
    let to = (core + 1) & 3;
    while (to != core && (stoppedCores & (1 << to)) != 0) to = (to + 1) & 3;
    mmio_write32(LOCAL_GPU_ROUTING, (routing & ~3) | to);
  }
  if (hypHolder() == <i32>core) rv_hyp_unlock(); // the other cores go on
}
