// EL1 exceptions in AssemblyScript. vectors.S saves a Frame and calls rv_el1_exception, which
// hands IRQs to the handler set with onIrq, synchronous exceptions to the one set with onSync
// (frame, ESR, FAR), and reports anything else and stops. Install with installVectors().
import { VBAR_EL1, ESR_EL1, FAR_EL1, isb, daifclr_2, daifset_2, wfe } from "aarch64";
import { puts, printf } from "./print";

// @ts-ignore: decorator
@external("env", "rv_el1_vectors_addr") declare function vectorsAddr(): usize;

/** Word offsets in the saved frame: X(n) for x0-x30. */
export const FRAME_SP_EL0: u32 = 31;
export const FRAME_ELR: u32 = 32;
export const FRAME_SPSR: u32 = 33;
export const FRAME_BYTES: u32 = 272;

export function frameGet(frame: usize, word: u32): u64 {
  return load<u64>(frame + (<usize>word << 3));
}
export function frameSet(frame: usize, word: u32, v: u64): void {
  store<u64>(frame + (<usize>word << 3), v);
}

export const EC_SVC64: u32 = 0x15;
export const EC_DATA_ABORT_LOWER: u32 = 0x24;
export const EC_DATA_ABORT_SAME: u32 = 0x25;
export const EC_INSN_ABORT_LOWER: u32 = 0x20;

// Names for the report (switches: arrays of strings would be built by a start function and
// read through bounds checks).
function kindName(k: u32): string {
  switch (k & 3) {
    case 0: return "sync";
    case 1: return "IRQ";
    case 2: return "FIQ";
    default: return "SError";
  }
}
function originName(o: u32): string {
  switch (o & 3) {
    case 0: return "EL1 (SP_EL0)";
    case 1: return "EL1";
    case 2: return "EL0 (AArch64)";
    default: return "EL0 (AArch32)";
  }
}

// Unset handlers: the exception is reported (unhandled) and the core stops.
let irqHandler: ((frame: usize) => void) | null = null;
let syncHandler: ((frame: usize, esr: u64, far: u64) => void) | null = null;

export function onIrq(h: (frame: usize) => void): void { irqHandler = h; }
export function onSync(h: (frame: usize, esr: u64, far: u64) => void): void { syncHandler = h; }

export function installVectors(): void {
  VBAR_EL1.write(<u64>vectorsAddr());
  isb();
}

export function enableIrqs(): void { daifclr_2(); }
export function disableIrqs(): void { daifset_2(); }

/** Report an exception nobody handles and stop this core. */
export function unhandled(kind: u32, frame: usize): void {
  puts("unhandled exception: ");
  puts(kindName(kind));
  puts(" from ");
  puts(originName(kind >> 2));
  printf(", ESR %x FAR %x ELR %x\n", ESR_EL1.read(), FAR_EL1.read(), frameGet(frame, FRAME_ELR));
  while (true) wfe();
}

export function rv_el1_exception(kind: u32, frame: usize): void {
  const k = kind & 3;
  const irq = irqHandler;
  const sync = syncHandler;
  if (k == 1 && irq != null) irq(frame);
  else if (k == 0 && sync != null) sync(frame, ESR_EL1.read(), FAR_EL1.read());
  else unhandled(kind, frame);
}
