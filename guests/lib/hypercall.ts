// raspvisor's hypercall ABI as a guest sees it (docs/hypervisor.md; hyp-core's exits/hvc.ts):
// `hvc #0` with the function id in w0 (SMC Calling Convention style, vendor hypervisor range),
// arguments in x1-x7, result in x0. The numbers live here only.
import { hvc_0 } from "aarch64";

export const HVC_VERSION: u64 = 0xc6000000; // -> major << 16 | minor
export const HVC_CONSOLE_WRITE: u64 = 0xc6000001; // x1 = guest-physical address, x2 = length -> bytes written
export const HVC_YIELD: u64 = 0xc6000002; // -> 0
export const HVC_VM_EXIT: u64 = 0xc6000003; // x1 = exit code; does not return
/** What an unknown id returns (and lib/boot.S's stand-in when the guest runs bare). */
export const NOT_SUPPORTED: u64 = u64.MAX_VALUE;

// @ts-ignore: decorator
@external("env", "rv_hvc_x8") declare function rv_hvc_x8(n: u64): u64;

/** The C original's `mov x8, n; hvc #0` (the hypervisor reports "HVC #n"). Returns x0. */
export function legacyHypercall(n: u64): u64 {
  return rv_hvc_x8(n);
}

/** The ABI version (major << 16 | minor), or NOT_SUPPORTED without a hypervisor. */
export function hypercallVersion(): u64 {
  return hvc_0(HVC_VERSION, 0, 0, 0);
}

export function yieldVm(): void {
  hvc_0(HVC_YIELD, 0, 0, 0);
}
