// Test builds only: a hypercall that makes EL2 itself fault, so that the EL2 exception report
// (el2-fault.ts) can be tested (test/hypervisor-hostile/el2-fault.test.ts). That test's copy
// of the tree sets PLANTED to true. In the default build it is false: the compiler drops the
// call, and the id is answered NOT_SUPPORTED like any other unknown SMCCC id (the same test
// checks that too).
export const PLANTED: bool = false;
export const HVC_PLANT_EL2_FAULT: u32 = 0xC60000EF;
/** Unmapped at EL2 (el2-mmu.ts maps nothing between 0x41000000 and 2 GiB). */
export const PLANT_ADDRESS: u64 = 0x60000008;

/** A load from PLANT_ADDRESS: a level-2 translation fault at EL2. */
export function plantEl2Fault(): u64 {
  return load<u64>(<usize>PLANT_ADDRESS);
}
