// wasm -> AArch64 GNU-as text. See docs/backend.md for the contract.
import { UserError } from '../common/diagnostics.ts';
import { decodeModule, type ConstExpr, type Module } from './wasm/module.ts';
import { FuncLowering, TRAP, type LowerEnv } from './lower/lower.ts';
import { allocate, deadCodeElim } from './regalloc/linearscan.ts';
import { splitWebs } from './regalloc/webs.ts';
import { hoistInvariants } from './opt/licm.ts';
import { globalCSE } from './opt/gvn.ts';
import { versionLoops } from './opt/version.ts';
import { hoistGuardedLoads } from './opt/guarded-loads.ts';
import { rotateLoops } from './opt/rotate.ts';
import { simplifyDivisions } from './opt/divisions.ts';
import { layoutBlocks } from './opt/layout.ts';
import { shapeCalls } from './opt/calls.ts';
import { computeEffects } from './opt/effects.ts';
import { promoteGlobals } from './opt/globals.ts';
import { applyAddressBase } from './opt/address-base.ts';
import { fuseBitTests } from './opt/bit-tests.ts';
import { foldWraps, fuseSignExtendLoads, globalsBase, propagateCopies } from './opt/peephole.ts';
import { rematerializeConstants, sinkDefs } from './opt/sink.ts';
import { emitFunction, type StackCheck } from './emit/emit.ts';
import { resolveLines, type LineOptions } from './debug/lines.ts';
import { liveFunctions, namedFunctions } from './opt/dead-functions.ts';

export interface CompileOptions {
  file: string;
  addressBase?: bigint;
  memorySize: number;
  target: 'baremetal' | 'linux-user';
  boundsChecks?: boolean;
  /** Tests only: entries the per-signature call_indirect tables may hold in all (default
   *  SIG_TABLE_MAX_ENTRIES); over it, one shared table with a signature compare per call. */
  sigTableLimit?: number;
  /** Tests only: a function using an unsupported feature becomes a stub that traps with kind 99. */
  stubUnsupported?: boolean;
  /** Stack check of non-leaf functions (emit/emit.ts StackCheck); default 'floor'. */
  stackCheck?: StackCheck;
  /** Line information (debug/lines.ts): the wasm's source map and where its names point. */
  lines?: LineOptions;
}

export interface CompileResult {
  asm: string;
  symbols: string[];
  /** Functions replaced by trap stubs (stubUnsupported), with the reason. */
  skipped?: { name: string; reason: string }[];
}

/** Default address base of linux-user programs: memory is mapped there by the runtime. */
export const LINUX_USER_BASE = 0x100000000n;

const RESERVED = /^__wasm_/;

function sanitize(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_.$]/g, '_');
  if (/^[0-9]/.test(s) || s === '') s = '_' + s;
  return s;
}

export function compileWasm(wasm: Uint8Array, opts: CompileOptions): CompileResult {
  const file = opts.file;
  const m = decodeModule(wasm, file);
  const addressBase = opts.addressBase ?? (opts.target === 'linux-user' ? LINUX_USER_BASE : 0n);
  if (opts.memorySize < 0 || opts.memorySize % 65536 !== 0) throw new UserError(`memorySize must be a multiple of 64 KiB (got ${opts.memorySize})`);
  const err = (msg: string, offset = 0): never => {
    throw new UserError(msg, { offset: { file, offset } });
  };
  if (m.memory && m.memory.min * 65536 > opts.memorySize) err(`the module needs ${m.memory.min} pages of memory but memorySize is ${opts.memorySize} bytes`);

  // Symbols.
  const funcImports = m.imports.filter((i) => i.kind === 'func');
  const used = new Set<string>();
  const unique = (s: string) => {
    let u = s;
    for (let k = 1; used.has(u); k++) u = `${s}.${k}`;
    used.add(u);
    return u;
  };
  const funcSyms: string[] = [];
  const exported = new Map<number, string[]>();
  for (const e of m.exports) if (e.kind === 'func') exported.set(e.index, [...(exported.get(e.index) ?? []), e.name]);
  for (let f = 0; f < m.funcTypes.length; f++) {
    if (f < m.numImportedFuncs) {
      const imp = funcImports[f];
      funcSyms.push(imp.module === 'aarch64' ? `__intrinsic_${f}` : sanitize(imp.field));
      continue;
    }
    const ex = exported.get(f);
    if (ex) {
      if (RESERVED.test(ex[0])) err(`export name "${ex[0]}" is reserved for the backend`);
      funcSyms.push(unique(sanitize(ex[0])));
    } else {
      // asc's start function `~start` would be a second `_start` (the boot code's) for gdb.
      const name = m.names.get(f);
      funcSyms.push(unique(name === '~start' ? '__wasm_start_body' : sanitize(name ?? `__wasm_f${f}`)));
    }
  }
  const displayName = (f: number) => {
    const n = m.names.get(f) ?? exported.get(f)?.[0];
    return n ? `${n} (#${f})` : `#${f}`;
  };
  const globalSyms = m.globals.map((_, i) => (i < m.numImportedGlobals ? sanitize(m.imports.filter((x) => x.kind === 'global')[i].field) : `__wasm_global_${i}`));

  // Canonical type ids for call_indirect signature checks.
  const keys = m.types.map((t) => `${t.params.join(',')}>${t.results.join(',')}`);
  const typeIds = keys.map((k) => keys.indexOf(k));

  // Signatures that call_indirect uses: each gets its own table when that stays small.
  const indirectTypes = new Set<number>();
  for (const b of m.bodies) for (const ins of b.code) if (ins.op === 0x11 && ins.a! < typeIds.length) indirectTypes.add(typeIds[ins.a!]);
  const tableSize = m.table?.min ?? 0;
  const sigTables = indirectTypes.size * tableSize <= (opts.sigTableLimit ?? SIG_TABLE_MAX_ENTRIES);

  const env: LowerEnv = {
    m, file, funcSyms, globalSyms, typeIds, addressBase, memorySize: opts.memorySize,
    boundsChecks: opts.boundsChecks ?? false, tableSize, sigTables, displayName, effects: computeEffects(m, typeIds),
  };

  // Linux-user executables are linked at 16 GiB (tools/build/linux-user.ts), above every
  // address a wasm access can form (base + 4 GiB + a 4 GiB offset) from a base below 8 GiB: no
  // wasm store reaches the globals there. On bare metal, memory spans the image and its globals.
  // A base at 20 GiB or above puts memory's 8 GiB reach beyond the executable too (it would
  // need 4 GiB of its own to meet it).
  const globalsApart = opts.target === 'linux-user' && (addressBase + (1n << 33n) <= 0x400000000n || addressBase >= 0x500000000n);
  // Offsets of the globals in .data from `__wasm_globals` (laid out by emitData).
  const globalOffsets = new Map<string, number>();
  m.globals.forEach((g, i) => {
    if (i >= m.numImportedGlobals && (g.mutable || m.exports.some((e) => e.kind === 'global' && e.index === i))) globalOffsets.set(globalSyms[i], 8 * globalOffsets.size);
  });

  // Frame information in .debug_frame (GNU as would otherwise put .eh_frame into the image).
  const out: string[] = [`// generated by raspvisor's wasm backend from ${file}`, '\t.cfi_sections .debug_frame'];
  const rodata: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  // Each function's text (with its export aliases) and jump tables, emitted if reachable.
  const compiled: { text: string[]; rodata?: string }[] = [];
  for (let i = 0; i < m.bodies.length; i++) {
    const f = m.numImportedFuncs + i;
    const sym = funcSyms[f];
    const global = exported.has(f);
    let text: string;
    let fnRodata: string | undefined;
    try {
      const lw = new FuncLowering(env, f, m.types[m.funcTypes[f]], m.bodies[i]);
      const mf = lw.lower();
      deadCodeElim(mf);
      promoteGlobals(mf);
      deadCodeElim(mf);
      // One register per web, copies propagated: GVN then sees an inlined callee's parameter
      // (a local it reuses) as the caller's value, its length load as the caller's.
      splitWebs(mf);
      propagateCopies(mf);
      hoistInvariants(mf, { globalsApart });
      globalCSE(mf, { globalsApart });
      versionLoops(mf, { memorySize: opts.memorySize, globalsApart });
      // Lengths hoisted under an alias test may make more loops' checks removable.
      if (hoistGuardedLoads(mf, { memorySize: opts.memorySize, globalsApart })) {
        globalCSE(mf, { globalsApart });
        versionLoops(mf, { memorySize: opts.memorySize, globalsApart });
      }
      simplifyDivisions(mf);
      rotateLoops(mf);
      shapeCalls(mf, sym);
      deadCodeElim(mf);
      // Before foldWraps: `[B, A, uxtw]` and `add M, B, A, uxtw` read A's low half only, so an
      // i32.wrap_i64 feeding an address goes.
      applyAddressBase(mf, addressBase);
      foldWraps(mf);
      fuseSignExtendLoads(mf);
      fuseBitTests(mf);
      globalsBase(mf, globalOffsets);
      deadCodeElim(mf);
      rematerializeConstants(mf);
      layoutBlocks(mf);
      sinkDefs(mf);
      const alloc = allocate(mf);
      const r = emitFunction(mf, alloc, sym, global, i, opts.stackCheck);
      text = r.text;
      fnRodata = r.rodata;
    } catch (e) {
      if (!(opts.stubUnsupported && e instanceof UserError && /unsupported|not supported/.test(e.message))) throw e;
      skipped.push({ name: displayName(f), reason: e.message });
      text = `\t.text\n\t.p2align 2\n${global ? `\t.globl ${sym}\n` : ''}\t.type ${sym}, %function\n${sym}:\n\tmov w0, #99\n\tadr x1, ${sym}\n\tb __wasm_trap\n\t.size ${sym}, .-${sym}\n`;
    }
    const texts = [text];
    for (const alias of (exported.get(f) ?? []).slice(1)) {
      const a = sanitize(alias);
      texts.push(`\t.globl ${a}\n\t.set ${a}, ${sym}`);
    }
    compiled.push({ text: texts, rodata: fnRodata });
  }
  const live = reachableBodies(m, funcSyms, exported, sigTables ? indirectTypes : null, typeIds, compiled);
  compiled.forEach((c, i) => {
    if (!live.has(m.numImportedFuncs + i)) return;
    out.push(...c.text);
    if (c.rodata) rodata.push(c.rodata);
  });
  if (m.start !== null) {
    out.push(`\t.text\n\t.p2align 2\n\t.globl __wasm_start\n\t.type __wasm_start, %function\n__wasm_start:\n\tb ${funcSyms[m.start]}\n\t.size __wasm_start, .-__wasm_start`);
  }
  if (sigTables && indirectTypes.size) out.push(sigTrapStubs());
  out.push(...rodata);
  // Passive segments and their lengths only where memory.init/data.drop name them.
  const segsUsed = new Set([...out.join('\n').matchAll(/__wasm_(?:datalen|seg)_(\d+)/g)].map((x) => Number(x[1])));
  out.push(emitData(m, env, err, sigTables ? [...indirectTypes] : [], opts.target, segsUsed));
  const symbols = m.exports.filter((e) => e.kind === 'func' && e.index >= m.numImportedFuncs).map((e) => sanitize(e.name));
  return { asm: resolveLines(out.join('\n'), opts.lines ?? {}) + '\n', symbols, skipped };
}

function constValue(e: ConstExpr, err: (msg: string) => never): bigint {
  if (e.kind !== 'const') err('constant expressions reading imported globals are not supported');
  return e.value;
}

/** Defined functions reachable from the exports, the start function and the table entries
 *  that are emitted (all of them, or with per-signature tables those of a signature some
 *  call_indirect uses) through the symbols compiled code names (opt/dead-functions.ts). */
function reachableBodies(m: Module, funcSyms: string[], exported: Map<number, string[]>, indirect: Set<number> | null, typeIds: number[], compiled: { text: string[] }[]): Set<number> {
  const index = new Map<string, number>();
  for (let f = m.numImportedFuncs; f < funcSyms.length; f++) index.set(funcSyms[f], f);
  const roots = [...exported.keys()];
  if (m.start !== null) roots.push(m.start);
  for (const e of m.elems) for (const f of e.funcs) if (f !== null && (!indirect || indirect.has(typeIds[m.funcTypes[f]]))) roots.push(f);
  return liveFunctions(roots.filter((f) => f >= m.numImportedFuncs), (f) => namedFunctions(compiled[f - m.numImportedFuncs].text.join('\n'), index));
}

/** Per-signature tables hold at most this many entries in all (8 bytes each). */
const SIG_TABLE_MAX_ENTRIES = 1 << 16;

/** Targets of the per-signature table entries that must trap: reached by `blr`, so the call
 *  site (the trap address) is x30 - 4. */
function sigTrapStubs(): string {
  const o: string[] = ['\t.text', '\t.p2align 2'];
  for (const [sym, kind] of [['__wasm_callind_null', TRAP.uninitElem], ['__wasm_callind_sig', TRAP.sigMismatch]] as const) {
    o.push(`\t.type ${sym}, %function`, `${sym}:`, `\tmov w0, #${kind}`, '\tsub x1, x30, #4', '\tb __wasm_trap', `\t.size ${sym}, .-${sym}`);
  }
  return o.join('\n');
}

function emitData(m: Module, env: LowerEnv, err: (msg: string, off?: number) => never, sigTypes: number[], target: CompileOptions['target'], segsUsed: Set<number>): string {
  const o: string[] = [];
  // Active data segments, laid out at their wasm addresses.
  const active = m.datas.map((d, i) => ({ d, i })).filter((x) => x.d.offset !== null);
  const segs = active.map(({ d }) => ({ addr: Number(constValue(d.offset!, (msg) => err(msg, d.pos))), bytes: d.bytes, pos: d.pos }));
  for (const s of segs) {
    if (s.addr + s.bytes.length > env.memorySize) err(`data segment at 0x${s.addr.toString(16)} (${s.bytes.length} bytes) does not fit in memory`, s.pos);
  }
  const lo0 = segs.length ? Math.min(...segs.map((s) => s.addr)) : 0;
  const hi0 = segs.length ? Math.max(...segs.map((s) => s.addr + s.bytes.length)) : 0;
  const full = new Uint8Array(hi0 - lo0);
  for (const s of segs) full.set(s.bytes, s.addr - lo0); // later segments overwrite earlier ones
  // Memory starts zeroed (the bare-metal start-up clears it, linux-user maps fresh pages), so
  // zero bytes need no room in the image (zero-filled page tables in memory.data): bare metal
  // gets the non-zero runs as chunks, (destination, source, length) in __wasm_data_chunks, which
  // its start-up copies; linux-user keeps one span without the zeros at either end.
  o.push('\t.section .wasm_data,"aw",%progbits', '\t.globl __wasm_data_start', '\t.globl __wasm_data_end', '\t.globl __wasm_data_addr');
  const chunks = dataChunks(full, target === 'baremetal' ? ZERO_GAP : Infinity);
  o.push(`\t.set __wasm_data_addr, 0x${(env.addressBase + BigInt(lo0 + (chunks[0]?.[0] ?? 0))).toString(16)}`);
  o.push('__wasm_data_start:');
  chunks.forEach(([a, b], k) => {
    if (target === 'baremetal') o.push('\t.balign 8', `.Lwasm_chunk_${k}:`);
    bytesDirective(o, full.subarray(a, b));
  });
  o.push('__wasm_data_end:');
  if (target === 'baremetal') {
    o.push('\t.section .rodata', '\t.balign 8', '\t.globl __wasm_data_chunks', '__wasm_data_chunks:');
    chunks.forEach(([a, b], k) => o.push(`\t.quad 0x${(env.addressBase + BigInt(lo0 + a)).toString(16)}, .Lwasm_chunk_${k}, ${b - a}`));
    o.push('\t.quad 0, 0, 0');
  }

  // Passive segments (memory.init sources) and their current lengths (data.drop zeroes them).
  o.push('\t.section .rodata', '\t.p2align 3');
  m.datas.forEach((d, i) => {
    if (!segsUsed.has(i)) return;
    o.push(`__wasm_seg_${i}:`);
    if (d.offset === null) bytesDirective(o, d.bytes);
  });
  o.push('\t.data', '\t.p2align 3');
  m.datas.forEach((d, i) => segsUsed.has(i) && o.push(`__wasm_datalen_${i}:`, `\t.quad ${d.offset === null ? d.bytes.length : 0}`));

  // Mutable globals, 8 bytes each from __wasm_globals (the backend addresses them from there).
  o.push('__wasm_globals:');
  const globalNamesUsed = new Set<string>();
  m.globals.forEach((g, i) => {
    if (i < m.numImportedGlobals) return;
    if (g.init.kind !== 'const') err('constant expressions reading imported globals are not supported');
    if (!g.mutable && !m.exports.some((e) => e.kind === 'global' && e.index === i)) return;
    const v = BigInt.asUintN(64, constValue(g.init, err));
    o.push(`${env.globalSyms[i]}:`);
    for (const e of m.exports) if (e.kind === 'global' && e.index === i) o.push(`\t.globl ${sanitize(e.name)}`, `${sanitize(e.name)}:`);
    // Its source name, a local data symbol for gdb (`p/x (long)hypervisor_vm_scheduler_sliceEnd`).
    const named = m.globalNames?.get(i);
    if (named && !m.exports.some((e) => e.kind === 'global' && e.index === i)) {
      const sym = `${sanitize(named)}`;
      if (!env.funcSyms.includes(sym) && !globalNamesUsed.has(sym) && !/^__wasm_/.test(sym)) globalNamesUsed.add(sym), o.push(`\t.type ${sym}, %object`, `\t.size ${sym}, 8`, `${sym}:`);
    }
    o.push(`\t.quad 0x${v.toString(16)}`);
  });

  // The function table.
  if (m.table) {
    const n = m.table.min;
    const entries: (number | null)[] = new Array(n).fill(null);
    for (const e of m.elems) {
      const off = Number(constValue(e.offset!, (msg) => err(msg, e.offsetPos)));
      if (off + e.funcs.length > n) err('element segment does not fit in the table', e.offsetPos);
      e.funcs.forEach((f, j) => (entries[off + j] = f));
    }
    for (const f of entries) {
      if (f !== null && f < m.numImportedFuncs && m.imports.filter((i) => i.kind === 'func')[f].module === 'aarch64') err('an intrinsic cannot be placed in the function table');
    }
    if (!env.sigTables) {
      o.push('\t.section .rodata', '\t.p2align 4', '__wasm_table:');
      for (const f of entries) {
        if (f === null) o.push('\t.word 0xffffffff, 0', '\t.quad 0');
        else o.push(`\t.word ${env.typeIds[m.funcTypes[f]]}, 0`, `\t.quad ${env.funcSyms[f]}`);
      }
    }
    for (const id of sigTypes) {
      o.push('\t.section .rodata', '\t.p2align 3', `__wasm_table_t${id}:`);
      for (const f of entries) {
        o.push(`\t.quad ${f === null ? '__wasm_callind_null' : env.typeIds[m.funcTypes[f]] === id ? env.funcSyms[f] : '__wasm_callind_sig'}`);
      }
    }
  }
  return o.join('\n') + '\n';
}

/** Zero runs at least this long split bare-metal data into chunks (a table entry costs 24 bytes). */
const ZERO_GAP = 64;

/** [start, end) runs of `img` without zero runs of `gap` bytes or more, 8-byte aligned (start
 *  down, end up) so that source and destination stay aligned alike; none for an all-zero image. */
function dataChunks(img: Uint8Array, gap: number): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < img.length) {
    while (i < img.length && img[i] === 0) i++;
    if (i >= img.length) break;
    const start = i & ~7;
    let end = i;
    let zeros = 0;
    for (; i < img.length && zeros < gap; i++) {
      if (img[i] === 0) zeros++;
      else (zeros = 0), (end = i + 1);
    }
    const e = Math.min(img.length, (end + 7) & ~7);
    if (out.length && start <= out[out.length - 1][1]) out[out.length - 1][1] = e;
    else out.push([start, e]);
    i = Math.max(i, e);
  }
  return out;
}

function bytesDirective(o: string[], b: Uint8Array) {
  for (let i = 0; i < b.length; i += 32) o.push(`\t.byte ${Array.from(b.subarray(i, i + 32)).join(',')}`);
}
