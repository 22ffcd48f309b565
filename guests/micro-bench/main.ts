// micro-bench: kvm-unit-tests-style exit costs as the guest sees them (after the ideas of its
// arm64 micro-bench): `hyp_call`, HVC round trips (the ABI's version call), and `mmio_read`,
// reads of the mini-UART's LSR (under the hypervisor a stage-2 data abort each, emulated).
// Each is timed with the virtual counter CNTVCT_EL0 over ITERATIONS calls and printed as
// counter ticks and nanoseconds per call. In our emulator time is derived from instructions
// (1 ns each), so there the ns per exit is the instructions the whole exit costs; under QEMU
// it is host time. Bare, the HVC goes to lib/boot.S's EL2 stand-in and the read to the device.
// The hypervisor's own count of EL2 instructions per exit: test/bench/vm-exits.ts.
import { CNTVCT_EL0, CNTFRQ_EL0, isb, hvc_0, mmio_read32 } from "aarch64";
import { uartInit } from "../lib/uart";
import { printf, puts } from "../lib/print";
import { exceptionLevel } from "../lib/boot";
import { HVC_VERSION, NOT_SUPPORTED } from "../lib/hypercall";
import { AUX_MU_LSR } from "../lib/devices";

const ITERATIONS: u32 = 256;

function now(): u64 {
  isb(); // the counter is read after the instructions before it
  return CNTVCT_EL0.read();
}

function result(name: string, ticks: u64): void {
  const hz = CNTFRQ_EL0.read();
  // tenths of a nanosecond per call: ticks * 1e10 / hz / n (no overflow below 1.8e9 ticks)
  const tenths = ticks * 10000000000 / hz / <u64>ITERATIONS;
  puts(name);
  printf(": %d calls, %d ticks, %d.%d ns each\n", ITERATIONS, ticks, tenths / 10, tenths % 10);
}

function hypCall(): void {
  let answer: u64 = 0;
  const t0 = now();
  for (let i: u32 = 0; i < ITERATIONS; i++) answer = hvc_0(HVC_VERSION, 0, 0, 0);
  const t1 = now();
  if (answer == NOT_SUPPORTED) puts("hyp_call: answered NOT_SUPPORTED (no hypervisor: the bare EL2 stand-in)\n");
  else printf("hyp_call: answered version %d.%d\n", answer >> 16, answer & 0xffff);
  result("hyp_call", t1 - t0);
}

function mmioRead(): void {
  let lsr: u32 = 0;
  const t0 = now();
  for (let i: u32 = 0; i < ITERATIONS; i++) lsr |= mmio_read32(AUX_MU_LSR);
  const t1 = now();
  printf("mmio_read: AUX_MU_LSR 0x%x\n", lsr & 0x60); // TX empty and idle: 0x60 once drained
  result("mmio_read", t1 - t0);
}

export function main(bootEL: u32): void {
  uartInit();
  printf("micro-bench: EL%d, counter %d Hz, %d iterations each\n", exceptionLevel(), CNTFRQ_EL0.read(), ITERATIONS);
  hypCall();
  mmioRead();
  puts("micro-bench: done\n");
}
