// The translator's manager: called by the core (jit.compile import) when a page is hot, it
// finds the page's blocks from the decoded records, emits one wasm module holding the page's
// function, links it to the core's memory and helpers, and puts it in the function table the
// core calls through. Bounded: at most MAX_FUNCS live functions (unreferenced ones are reclaimed,
// then everything is flushed), and a page is re-translated (new entry points) a few times only.
import * as v8 from 'node:v8';
import { buildModule, T, type FuncType } from './wasm.ts';
import { FN } from './gen.ts';
import { pageFunction, covered } from './page.ts';
import { findBlocks } from './blocks.ts';
import { readRec, JIT_FN, JIT_VARS, type Rec } from './records.ts';

export interface JitCoreExports {
  jitRead: Function; jitWrite: Function; jitStoreHook: Function;
  jitPrep(slot: number, ppn: number, idx: number): void;
  jitFlush(): void;
  jitEnable(on: number, hot: number): void;
}
export interface JitStats {
  pages: number; modules: number; insns: number; compileMs: number; flushes: number; live: number; refused: number;
  /** 1 once the adaptive guard handed the run back to the interpreter */
  handedBack?: number;
  /** from the core (hook.ts): instructions run translated, page-function calls, instructions left to the interpreter, misses */
  ranInsns?: number; calls?: number; steps?: number; misses?: number;
}

const TYPES: FuncType[] = [
  { params: [T.i64, T.i32], results: [T.i64] },        // read(va, size)
  { params: [T.i64, T.i32, T.i64], results: [] },      // write(va, size, value)
  { params: [T.i32], results: [] },                    // storeHook(host address)
  { params: [T.i32, T.i64, T.i32], results: [T.i32] }, // page function(off, pageVa, budget)
];
const IMPORTS = [{ module: 'core', name: 'read', type: 0 }, { module: 'core', name: 'write', type: 1 }, { module: 'core', name: 'storeHook', type: 2 }];
void FN; // FN.read/write/storeHook are the indices of IMPORTS

/** the figures of every translator in this process (for benchmarks) */
export const jitTotals: JitStats = { pages: 0, modules: 0, insns: 0, compileMs: 0, flushes: 0, live: 0, refused: 0 };

// V8's loop peeling copies a loop's body; a page function is one loop around all of its blocks,
// and peeling made some take 0.5 s to optimise (measured: with it off, 81 modules of the five-VM
// card compiled in 0.13 s instead of 0.56 s). Set once, when the first translator is made.
let flagsSet = false;
function setV8Flags(): void { if (!flagsSet) { v8.setFlagsFromString('--no-wasm-loop-peeling'); flagsSet = true; } }

export const FIRST_INDEX = 16;  // table entries below are the core's own
const MAX_FUNCS = 2048;
const MAX_RETRANSLATE = 6;
// Adaptive guard (measured on Debian's Linux boot, test/bench/linux-boot.ts). V8 compiles a page
// function lazily (Liftoff at first call, TurboFan in background threads that share the host's
// cores), so `compileMs` sees little of it: on the boot each module cost ~30 ms of wall time
// (115 modules: 8.2 s against 4.5 s with none), more than running its ~500 hot pages translated
// gained. So every module is charged MODULE_MS, and translation stops while the charge exceeds
// GRACE_MS plus COMPILE_SHARE of the time since the translator was made; a page translated
// afresh (its translation dropped by stores to it) more than MAX_REBUILD times is left to the
// interpreter. When the charge trips, translation is switched off for the rest of the run
// (translated pages run no faster than the interpreter on such code). Long runs of few hot pages (benchmarks, guests' loops) stay translated.
const MODULE_MS = 30;
const COMPILE_SHARE = 0.03;
const GRACE_MS = 120;
const MAX_REBUILD = 2;

export class Jit {
  private readonly seeds = new Map<number, Set<number>>();
  private readonly retranslated = new Map<number, number>();
  private readonly rebuilt = new Map<number, number>();
  private readonly born = performance.now();
  private readonly free: number[] = [];
  private next = FIRST_INDEX;
  private live = 0;
  readonly stats: JitStats = { pages: 0, modules: 0, insns: 0, compileMs: 0, flushes: 0, live: 0, refused: 0 };
  private readonly imports: WebAssembly.Imports;

  /** refuseSparse: leave pages with many uncovered instructions to the interpreter (not when
   * tests translate everything at first entry) */
  constructor(private readonly memory: WebAssembly.Memory, private readonly table: WebAssembly.Table, private readonly core: JitCoreExports, private readonly refuseSparse = true) {
    setV8Flags();
    this.imports = { env: { memory }, core: { read: core.jitRead, write: core.jitWrite, storeHook: core.jitStoreHook } };
  }

  /** Translate physical page `ppn` (decoded in `slot`) with `off` as an entry (`why` 1: again, for a
   *  new entry); the table index, or 0 when refused (the old translation, if any, stays). */
  compile(slot: number, ppn: number, off: number, why: number): number {
    const t0 = performance.now();
    try {
      const dv = new DataView(this.memory.buffer);
      const fnAddr = JIT_FN + slot * 4;
      const old = dv.getInt32(fnAddr, true);
      if (this.refuseSparse && this.overBudget(t0, ppn, why)) { this.stats.refused++; jitTotals.refused++; return 0; }
      if (why === 1) {
        const n = (this.retranslated.get(ppn) ?? 0) + 1;
        this.retranslated.set(ppn, n);
        if (n > MAX_RETRANSLATE) return 0;
      }
      let seeds = this.seeds.get(ppn);
      if (!seeds) { seeds = new Set(); this.seeds.set(ppn, seeds); }
      seeds.add(off >> 2);
      const cache = new Map<number, Rec>();
      const rec = (i: number) => {
        let r = cache.get(i);
        if (!r) { this.core.jitPrep(slot, ppn, i); r = readRec(dv, slot, i); cache.set(i, r); }
        return r;
      };
      const { blocks, entries } = findBlocks(seeds, rec, covered);
      if (process.env.RASPVISOR_JIT_LOG) process.stderr.write(`jit: slot ${slot} page 0x${ppn.toString(16)} entry 0x${off.toString(16)} why ${why}: ${blocks.map((b) => `${b.start * 4}+${b.insns.length}${b.end[0]}`).join(' ')}\n`);
      for (const e of entries) seeds.add(e);
      // Code where the interpreter would run every few instructions anyway (FP arithmetic,
      // AdvSIMD, system registers) is faster left to it: each such instruction costs a round
      // trip. Refused pages are asked again only after many more entries (hook.ts).
      const ninsns = blocks.reduce((s, b) => s + b.insns.length, 0);
      const uncovered = blocks.filter((b) => b.end === 'uncovered').length;
      if (ninsns === 0 || (this.refuseSparse && uncovered * 6 > ninsns)) { this.stats.refused++; jitTotals.refused++; return 0; }
      const g = pageFunction(blocks);
      const bytes = buildModule(TYPES, IMPORTS, [{ type: 3, body: g.b }], 1);
      const mod = new WebAssembly.Module(bytes as BufferSource);
      const inst = new WebAssembly.Instance(mod, this.imports);
      if (old) this.release(old);
      const idx = this.alloc(dv);
      this.table.set(idx, inst.exports.f0 as Function);
      dv.setInt32(fnAddr, idx, true);
      const n = ninsns;
      for (const st of [this.stats, jitTotals]) { st.modules++; if (why === 0) st.pages++; st.insns += n; }
      return idx;
    } finally {
      const dt = performance.now() - t0;
      this.stats.compileMs += dt; jitTotals.compileMs += dt;
    }
  }

  /** the adaptive guard (not when tests translate everything at first entry) */
  private overBudget(now: number, ppn: number, why: number): boolean {
    if (Math.max(this.stats.compileMs, this.stats.modules * MODULE_MS) > GRACE_MS + COMPILE_SHARE * (now - this.born)) {
      this.core.jitEnable(0, 0); // the run goes back to the interpreter for good (exact: it only stops calling translations)
      this.stats.handedBack = 1;
      return true;
    }
    if (why !== 0) return false;
    const n = (this.rebuilt.get(ppn) ?? 0) + 1;
    this.rebuilt.set(ppn, n);
    return n > MAX_REBUILD + 1;
  }

  /** this translator's figures with the core's counters */
  figures(): JitStats {
    const dv = new DataView(this.memory.buffer);
    return { ...this.stats, ranInsns: Number(dv.getBigInt64(JIT_VARS + 64, true)), calls: dv.getInt32(JIT_VARS + 72, true), steps: dv.getInt32(JIT_VARS + 76, true), misses: dv.getInt32(JIT_VARS + 80, true) };
  }

  private release(idx: number): void { this.table.set(idx, null); this.free.push(idx); this.live--; }

  private alloc(dv: DataView): number {
    if (this.live >= MAX_FUNCS) this.reclaim(dv);
    this.live++;
    this.stats.live = this.live;
    const i = this.free.pop();
    if (i !== undefined) return i;
    if (this.next >= this.table.length) this.table.grow(Math.max(64, this.table.length >> 1));
    return this.next++;
  }

  /** Free the table entries no slot refers to any more; if that is not enough, flush all. */
  private reclaim(dv: DataView): void {
    const used = new Set<number>();
    for (let s = 0; s < 1024; s++) { const f = dv.getInt32(JIT_FN + s * 4, true); if (f) used.add(f); }
    for (let i = FIRST_INDEX; i < this.next; i++) {
      if (!used.has(i) && this.table.get(i) !== null) this.release(i);
    }
    if (this.live < MAX_FUNCS * 3 / 4) return;
    this.core.jitFlush();
    for (let i = FIRST_INDEX; i < this.next; i++) if (this.table.get(i) !== null) this.release(i);
    this.stats.flushes++;
  }
}
