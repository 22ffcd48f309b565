// Importing this module makes lib/boot.S the guest's entry (`_start`): core 0 only, EL1 (from
// EL3 or EL2 when booted bare), stack, runtime start-up, then the guest's exported
// `main(bootEL: u32)`. The build links guests/lib/X.S into every guest that imports X.ts.
import { CurrentEL } from "aarch64";

/** The exception level the code runs at now (1 for a guest, bare or under the hypervisor). */
export function exceptionLevel(): u32 {
  return <u32>(CurrentEL.read() >> 2) & 3;
}
