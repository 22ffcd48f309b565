// Local common-subexpression elimination: within a block, a pure instruction identical to an
// earlier one (same template, same single-definition operands) is dropped and its result
// renamed to the earlier result. Runs after loop-invariant code motion, which gathers the
// repeated address and constant computations of inlined accessors into one preheader.
import type { MFunc, MInst } from '../ir/mir.ts';
import { READS_FLAGS } from './licm.ts';

export function localCSE(f: MFunc) {
  const defCount = new Uint32Array(f.vregClass.length);
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  const rename = new Map<number, number>();
  const get = (v: number) => rename.get(v) ?? v;
  for (const b of f.blocks) {
    const seen = new Map<string, number[]>();
    b.insts = b.insts.filter((i) => {
      renameUses(i, get);
      if (!i.pure || i.move || i.targets || i.call || i.stubs || i.entry || i.ret || !i.defs.length) return true;
      if (READS_FLAGS.test(i.t)) return true;
      if (!i.defs.every((d) => defCount[d] === 1) || !i.uses.every((u) => defCount[u] === 1)) return true;
      const key = `${i.t}|${i.w}|${i.ec}|${i.uses.join(',')}|${i.defs.map((d) => f.vregClass[d]).join(',')}`;
      const prev = seen.get(key);
      if (!prev) {
        seen.set(key, i.defs);
        return true;
      }
      i.defs.forEach((d, k) => rename.set(d, prev[k]));
      return false;
    });
  }
  if (rename.size) for (const b of f.blocks) for (const i of b.insts) renameUses(i, get);
}

/** In place: call.args may share the uses array. */
function renameUses(i: MInst, get: (v: number) => number) {
  for (let k = 0; k < i.uses.length; k++) i.uses[k] = get(i.uses[k]);
  if (i.call && i.call.args !== i.uses) for (let k = 0; k < i.call.args.length; k++) i.call.args[k] = get(i.call.args[k]);
}

/** Redundant loads along extended basic blocks (a block whose only predecessor is the block
 *  before it in the chain): a load of the same address reuses the earlier result while no
 *  store, call or other side effect lies between. MMIO intrinsics are never `load`s. */
/** Templates that write memory or order/observe it (system instructions, barriers). */
const MEM_EFFECT = /\b(st[a-z]*|msr|mrs|dc|ic|tlbi|at|eret|hvc|svc|smc|dmb|dsb|isb|wfi|wfe|sevl?|brk|yield|clrex)\b/;

export function loadCSE(f: MFunc) {
  const defCount = new Uint32Array(f.vregClass.length);
  const preds = new Map<number, number[]>();
  for (const b of f.blocks) {
    for (const i of b.insts) for (const d of i.defs) defCount[d]++;
    for (const i of b.insts) for (const t of i.targets ?? []) preds.set(t, [...(preds.get(t) ?? []), b.id]);
  }
  const rename = new Map<number, number>();
  const get = (v: number) => rename.get(v) ?? v;
  const avail = new Map<number, Map<string, number>>(); // block id -> loads available at its end
  for (const b of f.blocks) {
    const ps = [...new Set(preds.get(b.id) ?? [])];
    const seen = ps.length === 1 && avail.has(ps[0]) ? new Map(avail.get(ps[0])!) : new Map<string, number>();
    b.insts = b.insts.filter((i) => {
      renameUses(i, get);
      if (i.load && i.defs.length === 1 && defCount[i.defs[0]] === 1 && i.uses.every((u) => defCount[u] === 1)) {
        const key = `${i.t}|${i.w}|${i.uses.join(',')}|${f.vregClass[i.defs[0]]}`;
        const prev = seen.get(key);
        if (prev !== undefined) {
          rename.set(i.defs[0], prev);
          return false;
        }
        seen.set(key, i.defs[0]);
        return true;
      }
      // A wasm load that could not be reused still writes nothing: it keeps what is available.
      if (i.call || MEM_EFFECT.test(i.t) || (!i.pure && !i.load && /\bld/.test(i.t))) seen.clear(); // stores, calls, barriers, MMIO, ...
      return true;
    });
    avail.set(b.id, seen);
  }
  if (rename.size) for (const b of f.blocks) for (const i of b.insts) renameUses(i, get);
}
