// smp-spin: CPU-bound work on every vCPU of its VM, for test/bench/hyp-smp-scaling.ts. vCPU 0
// starts vCPUs 1, 2, ... with PSCI CPU_ON until PSCI refuses (the VM's vCPU count); every
// vCPU then runs xorshift rounds without end, adding each 4096 done to its own counter. vCPU 0
// also reads the virtual counter (CNTVCT_EL0: no exit) and every 50 ms of it prints a report,
// "report N: t=T ms, rounds R" with R the sum of all counters. Progress per virtual second is
// what the benchmark compares between four cores and one.
import { CNTVCT_EL0, isb, volatile_load64, volatile_store64 } from "aarch64";
import { uartInit } from "../lib/uart";
import { printf } from "../lib/print";
import { cpuOn, PSCI_SUCCESS } from "../lib/psci";
import { exceptionLevel } from "../lib/boot";

const MAX_VCPUS: u32 = 4;
const CHUNK: u64 = 4096;
const REPORT_TICKS: u64 = 19200000 / 20; // 50 ms of the 19.2 MHz counter
const counters = memory.data(8 * 4, 8);
const seeds = memory.data(8 * 4, 8); // each vCPU's last value: the work is not dead code

let x: u64 = 0x9E3779B97F4A7C15;

/** The same rounds as the secondaries' loop, on a local (a global is a memory access each). */
// @ts-ignore: decorator
@inline function chunk(): void {
  let y = x;
  for (let i: u64 = 0; i < CHUNK; i++) {
    y ^= y << 13;
    y ^= y >> 7;
    y ^= y << 17;
  }
  x = y;
}

export function secondary_main(n: u32): void {
  const c = counters + (<usize>n << 3);
  let seed: u64 = 0x1234567 + <u64>n;
  while (true) {
    for (let i: u64 = 0; i < CHUNK; i++) {
      seed ^= seed << 13;
      seed ^= seed >> 7;
      seed ^= seed << 17;
    }
    volatile_store64(seeds + (<usize>n << 3), seed);
    volatile_store64(c, volatile_load64(c) + CHUNK);
  }
}

export function main(bootEL: u32): void {
  uartInit();
  let vcpus: u32 = 1;
  while (vcpus < MAX_VCPUS && cpuOn(vcpus) == PSCI_SUCCESS) vcpus++;
  printf("smp-spin: EL%u, %u vCPUs\n", exceptionLevel(), vcpus);
  isb();
  const start = CNTVCT_EL0.read();
  let next = start + REPORT_TICKS;
  let report: u32 = 0;
  while (true) {
    chunk();
    volatile_store64(seeds, x);
    volatile_store64(counters, volatile_load64(counters) + CHUNK);
    isb();
    const now = CNTVCT_EL0.read();
    if (now < next) continue;
    let total: u64 = 0;
    for (let n: u32 = 0; n < vcpus; n++) total += volatile_load64(counters + (<usize>n << 3));
    report++;
    printf("report %u: t=%u ms, rounds %u\n", report, (now - start) / 19200, total);
    next += REPORT_TICKS;
  }
}
