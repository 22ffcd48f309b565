// Where the translator's per-slot tables live (after the soft TLBs, below RAM; layout.ts), and
// dropping entries: translations are keyed by decoded-instruction slot, so whatever frees a slot
// (a store to the page, invalidateCode, slot reuse) calls jitDropSlot.
import { NSLOTS } from '../layout';

export const JIT_FN: usize = 0x1310000;   // i32 per slot: function-table index (0 none)
export const JIT_CNT: usize = 0x1311000;  // i32 per slot: entries while untranslated / misses
export const JIT_VARS: usize = 0x1312000; // per-call context read by translated code (hook.ts)

export function jitDropSlot(s: i32): void {
  store<i32>(JIT_FN + (<usize>s << 2), 0);
  store<i32>(JIT_CNT + (<usize>s << 2), 0);
}
export function jitDropAll(): void { memory.fill(JIT_FN, 0, <usize>NSLOTS * 8); }
