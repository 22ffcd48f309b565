// The core's side of the translator (tools/emu/jit): the chain loop that runs translated page
// functions from the dispatch loop, hotness counters, and the helpers translated code imports.
// Translated code is keyed by decoded-instruction slot, so everything that drops a slot (a
// store to the page, invalidateCode, slot reuse) drops its translation too.
import { ACT, RAM_BASE, O_PC, PAGESLOT, SLOTS, SLOT_STRIDE, TLB_X_OFF } from '../layout';
import { JIT_FN, JIT_CNT, JIT_VARS, jitDropAll } from './tables';
import { g_tlb, g_ctx, g_spAlignMask, g_fpTrap, g_checkIrq } from '../state';
import { slowRead, slowWrite, m_fault, clearFault, storeHook, g_exclOthers } from '../mem';
import { prep, setNext } from '../prep';

@external("jit", "compile") declare function jsCompile(slot: i32, ppn: i32, off: i32, why: i32): i32;

// JIT_VARS, the per-call context translated code reads:
// +0 i32 soft-TLB base, +8 i64 context tag, +16 i64 SP alignment mask, +24 i32 other cores hold
// an exclusive monitor, +28 i32 FP access traps, +32 i32 exit status, +36 i32 slow-path fault;
// figures for benchmarks (tools/emu/jit/jit.ts reads them): +64 i64 instructions run translated,
// +72 i32 calls of page functions, +76 steps (instructions left to the interpreter), +80 misses
const F_INSNS: usize = JIT_VARS + 64, F_CALLS: usize = JIT_VARS + 72, F_STEPS: usize = JIT_VARS + 76, F_MISSES: usize = JIT_VARS + 80;
@inline function bump(a: usize): void { store<i32>(a, load<i32>(a) + 1); }
const ST_STEP: i32 = 1;   // the instruction at PC must be run by the interpreter
const ST_MISS: i32 = 2;   // PC is not an entry of the page's translation
const ST_BUDGET: i32 = 3; // not enough budget left for the next block

// Entries of an untranslated page before it is translated. Each entry is an interpreter slice of
// up to COLD_LEASH instructions, so only code that runs for millions of instructions is
// translated: V8's compile of a page function costs as much as interpreting ~10^5 of them.
let hot: i32 = 1024;
let missHot: i32 = 16; // consecutive misses in a translated page before it is translated again
const COLD_LEASH: i32 = 4096; // interpreter slice between looks at the translation tables

export let g_jitOn: i32 = 0;
/** Instructions the interpreter may run before coming back (set when jitRun returns 0). */
export let g_leash: i32 = 0x7fffffff;
let stepNext: i32 = 0;
let missRun: i32 = 0;  // consecutive misses (instructions stepped) in slot missSlot since missOff
let missSlot: i32 = -1;
let missOff: i32 = 0;

/** on: translate at all; h > 0: the hotness threshold (1 translates at first entry, for tests) */
export function jitEnable(on: i32, h: i32): void {
  g_jitOn = on;
  if (h > 0) hot = h;
}
export function jitFlush(): void { jitDropAll(); }

/** Run translated code from `pc` for at most `limit` instructions; returns how many ran. */
export function jitRun(pc: u64, limit: i32): i32 {
  if (stepNext) { stepNext = 0; g_leash = 1; return 0; }
  g_leash = COLD_LEASH;
  store<i32>(JIT_VARS, <i32>g_tlb);
  store<u64>(JIT_VARS + 8, g_ctx);
  store<u64>(JIT_VARS + 16, g_spAlignMask);
  store<i32>(JIT_VARS + 24, g_exclOthers);
  store<i32>(JIT_VARS + 28, g_fpTrap);
  let done = 0;
  while (done < limit) {
    let e = g_tlb + TLB_X_OFF + ((<usize>(pc >>> 12) & 4095) << 4);
    if (load<u64>(e) != ((pc & ~<u64>0xfff) | g_ctx) || (pc & 3) != 0) break;
    let ppn = <i32>(((pc & ~<u64>0xfff) + load<u64>(e, 8) - <u64>RAM_BASE) >>> 12);
    let s = load<i32>(PAGESLOT + (<usize>ppn << 2)) - 1;
    if (s < 0) break;
    let fa = JIT_FN + (<usize>s << 2), ca = JIT_CNT + (<usize>s << 2);
    let fn = load<i32>(fa);
    let off = <i32>(pc & 0xfff);
    if (fn == 0) {
      let c = load<i32>(ca) + 1;
      store<i32>(ca, c);
      if (c < hot) break;
      fn = jsCompile(s, ppn, off, 0);
      store<i32>(ca, 0);
      if (fn == 0) { store<i32>(ca, -0x40000000); break; } // refused: do not ask again soon
    }
    store<i32>(JIT_VARS + 36, 0);
    let k = call_indirect<i32>(<u32>fn, off, pc & ~<u64>0xfff, limit - done);
    done += k;
    store<i64>(F_INSNS, load<i64>(F_INSNS) + <i64>k);
    bump(F_CALLS);
    let st = load<i32>(JIT_VARS + 32);
    if (st == ST_STEP) { bump(F_STEPS); if (done > 0) stepNext = 1; else g_leash = 1; break; }
    if (st == ST_MISS) {
      bump(F_MISSES);
      // PC is no block start: most often a point where a budget ran out, a few instructions
      // before one, so the interpreter steps until the translation takes over again; a run of
      // misses means a new entry point, which is then translated too.
      if (missRun == 0 || missSlot != s) { missSlot = s; missOff = off; missRun = 0; }
      missRun++;
      g_leash = 1;
      // the translator refused to translate the page again (its limit): the interpreter runs a
      // whole slice here instead of one instruction per miss
      if (load<i32>(ca) < 0) g_leash = COLD_LEASH;
      else if (missRun >= missHot) { missRun = 0; if (jsCompile(s, ppn, missOff, 1) == 0) store<i32>(ca, -1); }
      break;
    }
    missRun = 0;
    if (st == ST_BUDGET) { g_leash = 0x7fffffff; break; }
    // an MMIO access raised an interrupt line: back to the dispatch loop, which takes it
    if (g_checkIrq) break;
    pc = load<u64>(ACT + O_PC);
  }
  return done;
}

// ---- imported by translated code
export function jitRead(va: u64, size: i32): u64 {
  let v = slowRead(va, size);
  if (m_fault) { clearFault(); store<i32>(JIT_VARS + 36, 1); }
  return v;
}
export function jitWrite(va: u64, size: i32, v: u64): void {
  slowWrite(va, size, v);
  if (m_fault) { clearFault(); store<i32>(JIT_VARS + 36, 1); }
}
export function jitStoreHook(h: i32): void { storeHook(<usize>h); }
/** Decode the record of instruction `idx` of slot `s` if it is not yet (for the translator). */
export function jitPrep(s: i32, ppn: i32, idx: i32): void {
  let rec = SLOTS + <usize>s * SLOT_STRIDE + (<usize>idx << 4);
  if (load<u16>(rec) != 0) return;
  let page = RAM_BASE + (<usize>ppn << 12);
  setNext(idx < 1023 ? load<u32>(page + (<usize>idx << 2) + 4) : 0, idx < 1023);
  prep(load<u32>(page + (<usize>idx << 2)), rec);
}
