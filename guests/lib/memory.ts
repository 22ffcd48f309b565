// Wasm addresses and machine addresses. A program's wasm address A is the machine address
// ADDRESS_BASE + A (tools/build/programs.ts addressBase: 0 for an identity-mapped guest; a
// high-half kernel's base puts all of its memory, and the physical memory it maps linearly,
// at ADDRESS_BASE + PA). Code addresses (.S symbols) and SP are machine addresses.

// @ts-ignore: decorator
@external("env", "rv_address_base") declare function rv_address_base(): u64;

export const ADDRESS_BASE: u64 = rv_address_base();

/** Machine (virtual) address of wasm address a. */
export function machineAddress(a: usize): u64 {
  return ADDRESS_BASE + <u64>a;
}

/** Wasm address of a machine address inside the program's linear map. */
export function wasmAddress(m: u64): usize {
  return <usize>(m - ADDRESS_BASE);
}
