// The hypervisor's AssemblyScript side: banner, load the first guest, enter it at EL1, and
// report its hypercalls. boot.S calls `main`; vectors.S calls the two handlers.
import { HCR_EL2, ESR_EL2, SCTLR_EL1, SPSR_EL2, ELR_EL2, VTTBR_EL2, current_el, eret, isb } from "aarch64";
import { uartInit, puts, putc, putHex, putDec, putCString } from "./uart";

// The runtime's copy routine, on machine addresses (guest RAM lies outside this program's
// wasm memory, so memory.copy would rightly trap).
// @ts-ignore: decorator
@external("env", "__wasm_memmove") declare function copyMachine(dst: u64, src: u64, n: u64): void;
// Table of guest images linked into this image (tools/build/generated.ts):
// count, then per guest: name (C string), image address, size, load address.
// @ts-ignore: decorator
@external("env", "rv_guests") declare function rv_guests(): usize;

const HCR_RW: u64 = 1 << 31; // EL1 is AArch64
const SCTLR_EL1_RES1: u64 = (3 << 28) | (3 << 22) | (1 << 20) | (1 << 11); // MMU and caches off
const SPSR_EL1H_MASKED: u64 = (0xf << 6) | 0x5; // DAIF set, EL1h
/** Until stage-2 translation lands, guest i runs at machine address GUEST_RAM * (i + 1) + its
 *  load address, so a guest must be position-independent. */
const GUEST_RAM: u64 = 0x1000000;

const EC_HVC64: u64 = 0x16;
const FRAME_X8 = 8 * 8;

let hypercalls: u32 = 0;

export function main(bootEL: u32): void {
  uartInit();
  puts("\nraspvisor: hypervisor in AssemblyScript, booted at EL");
  putDec(bootEL);
  puts(", running at EL");
  putDec(current_el());
  puts("\n");

  const table = rv_guests();
  const count = load<u64>(table);
  if (count == 0) {
    puts("no guests\n");
    return;
  }
  const entry = table + 8;
  const name = <usize>load<u64>(entry);
  const image = load<u64>(entry, 8);
  const size = load<u64>(entry, 16);
  const dest = GUEST_RAM + load<u64>(entry, 24);
  copyMachine(dest, image, size);
  puts("guest ");
  putCString(name);
  puts(": ");
  putDec(size);
  puts(" bytes at ");
  putHex(dest);
  puts(", entering EL1\n");

  HCR_EL2.write(HCR_RW);
  VTTBR_EL2.write(0);
  SCTLR_EL1.write(SCTLR_EL1_RES1);
  SPSR_EL2.write(SPSR_EL1H_MASKED);
  ELR_EL2.write(dest);
  isb();
  eret();
}

/** A synchronous exception from the guest; `frame` holds its x0-x30, ELR, SPSR. */
export function handle_guest_sync(frame: usize): void {
  const esr = ESR_EL2.read();
  const ec = (esr >> 26) & 0x3f;
  if (ec == EC_HVC64) {
    hypercalls++;
    puts("HVC #");
    putDec(esr & 0xffff);
    puts(" from guest: x8 = ");
    putDec(load<u64>(frame, FRAME_X8));
    puts(", ESR_EL2 = ");
    putHex(esr);
    puts("\n");
    return; // ELR_EL2 already points after the HVC
  }
  puts("unhandled guest exception: ESR_EL2 = ");
  putHex(esr);
  puts(", ELR_EL2 = ");
  putHex(ELR_EL2.read());
  puts("\n");
  abort();
}

const VECTOR_NAMES: string[] = ["sync", "IRQ", "FIQ", "SError"];

export function handle_unexpected(vector: u32, esr: u64, elr: u64): void {
  puts("unexpected exception: ");
  puts(VECTOR_NAMES[vector & 3]);
  puts(vector < 4 ? " from EL2 (SP0)" : vector < 8 ? " from EL2" : vector < 12 ? " from EL1 (AArch64)" : " from EL1 (AArch32)");
  puts(", ESR_EL2 = ");
  putHex(esr);
  puts(", ELR_EL2 = ");
  putHex(elr);
  putc(10);
}
