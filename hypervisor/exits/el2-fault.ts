// An exception taken at EL2 itself is a bug of the hypervisor, never a guest's doing: report it
// with the EL2 PC and stop this core (vectors.S parks it in WFE); other cores go on.
import { puts, putHex } from "../drivers/mini-uart";
import { hypHolder, thisCore } from "../arch/spinlock";

// @ts-ignore: decorator
@external("env", "rv_hyp_unlock") declare function rv_hyp_unlock(): void;

const VECTOR_NAMES: string[] = ["sync", "IRQ", "FIQ", "SError"];

export function handle_el2_fault(vector: u32, esr: u64, elr: u64, far: u64): void {
  puts("\nEL2 exception (hypervisor bug): ");
  puts(VECTOR_NAMES[vector & 3]);
  puts(vector < 4 ? " from EL2 (SP0)" : vector < 8 ? " from EL2" : " from EL1 (AArch32)");
  puts(", ESR_EL2 ");
  putHex(esr);
  puts(", ELR_EL2 ");
  putHex(elr);
  puts(", FAR_EL2 ");
  putHex(far);
  puts("; core stopped\n");
  if (hypHolder() == <i32>thisCore()) rv_hyp_unlock(); // the other cores go on
}
