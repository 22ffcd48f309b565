// PSCI 0.2 as a guest calls it (`hvc #0`, SMC Calling Convention: id in w0, arguments x1-x3,
// result in x0), and starting secondary vCPUs: cpuOn(n) starts vCPU n at lib/psci.S's entry,
// which calls the guest's exported `secondary_main(n: u32)` on its own stack.
import { hvc_0 } from "aarch64";

export const PSCI_VERSION: u64 = 0x84000000;
export const PSCI_CPU_OFF: u64 = 0x84000002;
export const PSCI_CPU_ON: u64 = 0xC4000003;
export const PSCI_AFFINITY_INFO: u64 = 0xC4000004;
export const PSCI_SYSTEM_OFF: u64 = 0x84000008;
export const PSCI_SUCCESS: i64 = 0;
export const PSCI_INVALID_PARAMETERS: i64 = -2;
export const PSCI_ALREADY_ON: i64 = -4;
export const AFFINITY_OFF: i64 = 1;

// @ts-ignore: decorator
@external("aarch64", "addr.rv_psci_secondary_entry") declare const SECONDARY_ENTRY: u64;

export function psci(fn: u64, a: u64, b: u64, c: u64): i64 {
  return <i64>hvc_0(fn, a, b, c);
}

/** Starts vCPU n (MPIDR Aff0 = n) at lib/psci.S's entry with context id n. */
export function cpuOn(n: u32): i64 {
  return psci(PSCI_CPU_ON, n, SECONDARY_ENTRY, n);
}

export function cpuOff(): void {
  psci(PSCI_CPU_OFF, 0, 0, 0);
}
