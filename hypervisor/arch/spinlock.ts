// Spin locks for the four cores: ARMv8.0 exclusives (LDAXR/STXR, WFE while held, STLR to
// release; the A53 has no LSE atomics). The "aarch64" module's spin.* intrinsics expand to
// exactly that sequence and act as compiler barriers: no load or store of the protected data
// moves across them (tools/runtime-intrinsics.md).
//
// The hypervisor takes ONE lock, `hyp`, for everything it does at EL2 between a guest's exit
// and the next guest entry of that core: vectors.S takes it (arch/spinlock.S rv_hyp_lock)
// before handle_exit and vcpu_resume releases it right before the eret; the scheduler's idle
// loop drops it around WFI; a secondary core holds it from its start until its first entry.
// Why one: the compiled AssemblyScript shares more than our own data between cores. Its
// allocator (asc's stub runtime: one bump pointer, `~lib/rt/stub/offset`), the
// `~argumentsLength` global every call with optional arguments writes, and every module
// global live in the one wasm memory; no finer lock could cover those without a lock in the
// runtime itself. Guests run in parallel on all cores; only their exits are serialised, which
// costs little (a CPU-bound guest exits about once per slice: test/bench/hyp-smp-scaling.ts).
//
// What `hyp` protects, by name:
//  - the page pool (vm/page-alloc.ts: free list, bump pointer, counts) and every VM's stage-2
//    tables (the vCPUs of one VM fault pages in from several cores);
//  - the console (console/*: input ring, per-VM output buffers, foreground VM, the physical
//    mini-UART): the core holding the lock owns the console until it releases it;
//  - the VM table (vm/scheduler.ts `vms`; each Vm's state, stats, devices, virtual ARM-local
//    block);
//  - the run queue (vm/scheduler.ts: each vCPU's state and the core running it, each core's
//    idle flag, which the IPI sender reads);
//  - the AssemblyScript heap and globals (above).
// It is never held while a guest runs, nor across WFI.
//
// Stack limit: the compiled code's stack check reads one variable, `__stack_limit`. Only the
// holder of `hyp` runs compiled code past a prologue, so rv_hyp_lock points the variable at
// the holder's own stack (its bottom + 16 KiB for leaf functions): a per-core limit, and an
// overflow into the next core's stack is caught.
import { spin_lock, spin_unlock, volatile_load32, volatile_store32, stack_limit_set, MPIDR_EL1 } from "aarch64";

// @ts-ignore: decorator
@external("aarch64", "addr.rv_hyp_lock_word") declare const HYP_LOCK: u64;
// @ts-ignore: decorator
@external("aarch64", "addr.__rv_stack_top") declare const STACK_TOP_SYM: u64;

/** boot.S CORE_STACK and spinlock.S LEAF_RESERVE. */
export const CORE_STACK: u64 = 0xf000;
const LEAF_RESERVE: u64 = 0x4000;

/** The core holding `hyp`, or -1. */
export function hypHolder(): i32 {
  return <i32>volatile_load32(<usize>HYP_LOCK + 4) - 1;
}

/** Takes `hyp` from compiled code (the idle loop after WFI; core 0 before it starts the
 *  others) and moves the stack limit to this core's stack. Inline: no prologue between. */
// @ts-ignore: decorator
@inline export function hypLockHere(core: u32, ownLimit: bool): void {
  spin_lock(<usize>HYP_LOCK);
  volatile_store32(<usize>HYP_LOCK + 4, core + 1);
  if (ownLimit) stack_limit_set(load<u64>(<usize>STACK_TOP_SYM) - (<u64>core + 1) * CORE_STACK + LEAF_RESERVE);
}

/** Releases `hyp` (compiled code: the idle loop before WFI). */
// @ts-ignore: decorator
@inline export function hypUnlockHere(): void {
  volatile_store32(<usize>HYP_LOCK + 4, 0);
  spin_unlock(<usize>HYP_LOCK);
}

export function thisCore(): u32 {
  return <u32>(MPIDR_EL1.read() & 3);
}
