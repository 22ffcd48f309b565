// Global redundancy elimination on the machine IR, by an available-expressions data flow over
// the whole CFG (loops included):
//  - a pure instruction (or a plain wasm load) whose value was computed on every path to it,
//    with operands not redefined since (and, for a load, no store, call or other memory effect
//    since), is dropped; its single-definition result is renamed to the earlier one;
//  - a conditional branch whose comparison was already decided on every path (same flag-setting
//    instruction on the same, unchanged registers, followed by the same or the inverse branch)
//    becomes an unconditional jump. That is what removes a repeated array bounds check
//    (`a[i] ... a[i] = v`): its length load is first merged with the earlier one, then its
//    compare is known to have passed. A signed `i < n` also decides the unsigned check
//    `i <u n` where i is known non-negative (a counter started at a small constant and only
//    stepped by +1 under a signed `i < n`, so it cannot wrap): `for (i = 0; i < a.length; i++)`.
// Rounds repeat until nothing changes: a merge in one round can expose the next.
import { reversePostorder, successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { READS_FLAGS } from './licm.ts';
import { accessOf, sameBaseDisjoint } from './alias.ts';

const INV: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo', hi: 'ls', ls: 'hi', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs' };

/** Mnemonics that read or write memory or system state, or transfer control elsewhere. */
const MEM_MNEMONIC = /^(ld\w*|st\w*|cas\w*|swp\w*|prfm|dc|ic|at|tlbi|sys\w*|msr|mrs|eret|hvc|svc|smc|dmb|dsb|isb|wfi|wfe|sevl?|brk|hlt|yield|clrex|bl|blr|br|ret)\b/;
/** Pure templates that set the flags: something may read them, so they are never merged. */
const SETS_FLAGS = /\b(adds|subs|ands|bics|negs|adcs|sbcs|cmp|cmn|tst|ccmp|ccmn|fcmpe?)\b/;

/** Whether `i` may change memory (so that no earlier load may be reused after it). */
export function clobbersMemory(i: MInst): boolean {
  if (i.call) return !i.call.noWrite; // callees that write nothing (opt/effects.ts)
  if (i.pure || i.load || i.readOnly) return false;
  return i.t.split('\n').some((line) => MEM_MNEMONIC.test(line.trim()));
}

/** Where a load reads, or what a store may write: a wasm global (its symbol) or `mem`, wasm
 *  linear memory. Where the two never overlap (`globalsApart`: the globals' section lies outside
 *  every address a wasm access can form — not so on bare metal, where memory spans the image),
 *  a store to one leaves loads of the other valid. */
const GLOBAL_ACCESS = /^(ldr|str) [^\n]*\[\{u\d+(:x)?\}, :lo12:(__wasm_global_\d+)\]$/;
/** A load of a wasm global: from the program's data section, so it never faults. */
export function isGlobalLoad(i: MInst): boolean {
  return !!i.load && GLOBAL_ACCESS.test(i.t) && i.t.startsWith('ldr ');
}

/** The regions an instruction that clobbers memory may write (null: any): a call whose
 *  callees' writes are known (opt/effects.ts) names them, where globals and memory are apart. */
export function writtenRegions(i: MInst, apart: boolean): (string | null)[] {
  const w = i.call?.writes;
  if (w && apart) return w.mem ? ['mem', ...w.globals] : w.globals;
  return [region(i, apart)];
}

export function region(i: MInst, apart: boolean): string | null {
  if (!apart) return i.load ? 'mem' : null;
  if (i.load) return GLOBAL_ACCESS.exec(i.t)?.[3] ?? 'mem';
  if (i.store) return 'mem';
  if (!i.call && !i.pure && GLOBAL_ACCESS.test(i.t) && i.t.startsWith('str ')) return GLOBAL_ACCESS.exec(i.t)![3];
  return null;
}

interface Expr { t: string; defs: number[]; uses: number[]; load: string | null; depth: number }
/** A branch outcome (cond of the flag setter `t`), or `nn`: uses[0] is non-negative (w). */
interface Fact { cond: string; uses: number[]; t?: string }
interface State { exprs: Map<string, Expr>; facts: Map<string, Fact> }

/** The conditional branch ending a block: flag setter (or cbz/cbnz), condition, targets. */
interface Branch { start: number; key: string; uses: number[]; cond: string; taken: number; fall: number; t?: string }

export function branchOf(b: MBlock): Branch | null {
  const n = b.insts.length;
  if (n < 2) return null;
  const j = b.insts[n - 1];
  const c = b.insts[n - 2];
  if (j.t !== 'b {B0}' || !c.targets || c.targets.length !== 1 || c.stubs) return null;
  const fall = j.targets![0];
  const taken = c.targets[0];
  if (fall === taken) return null;
  let m = /^b\.(\w+) \{B0\}$/.exec(c.t);
  if (m && INV[m[1]]) {
    if (n < 3) return null;
    const s = b.insts[n - 3];
    if (!/^(cmp|cmn|tst) [^\n]*$/.test(s.t) || s.defs.length || s.targets || s.stubs || s.call) return null;
    return { start: n - 3, key: `${s.t}|${s.w}|${s.uses.join(',')}`, uses: s.uses, cond: m[1], taken, fall, t: s.w === 'w' ? s.t : undefined };
  }
  m = /^(cbz|cbnz) \{u0(:[wx])?\}, \{B0\}$/.exec(c.t);
  if (m) return { start: n - 2, key: `z${m[2] ?? ''}|${c.w}|${c.uses[0]}`, uses: c.uses, cond: m[1] === 'cbz' ? 'eq' : 'ne', taken, fall };
  return null;
}

function sameArr(a: number[], b: number[]) {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

function clone(s: State): State {
  return { exprs: new Map(s.exprs), facts: new Map(s.facts) };
}

function meet(states: State[]): State {
  const [first, ...rest] = states;
  const exprs = new Map<string, Expr>();
  for (const [k, e] of first.exprs) {
    if (rest.every((s) => { const o = s.exprs.get(k); return o !== undefined && sameArr(o.defs, e.defs); })) exprs.set(k, e);
  }
  const facts = new Map<string, Fact>();
  for (const [k, x] of first.facts) if (rest.every((s) => s.facts.get(k)?.cond === x.cond)) facts.set(k, x);
  return { exprs, facts };
}

function sameState(a: State, b: State) {
  if (a.exprs.size !== b.exprs.size || a.facts.size !== b.facts.size) return false;
  for (const [k, e] of a.exprs) { const o = b.exprs.get(k); if (!o || !sameArr(o.defs, e.defs)) return false; }
  for (const [k, x] of a.facts) if (b.facts.get(k)?.cond !== x.cond) return false;
  return true;
}

export interface GvnOptions {
  /** Wasm globals are out of reach of every wasm memory access (linux-user: memory is mapped at
   *  4 GiB and up, the program's data below). */
  globalsApart?: boolean;
}

export function globalCSE(f: MFunc, opts: GvnOptions = {}) {
  for (let round = 0; round < 6; round++) if (!gvnRound(f, !!opts.globalsApart)) return;
}

function gvnRound(f: MFunc, apart: boolean): boolean {
  const defCount = new Uint32Array(f.vregClass.length);
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) defCount[d]++;
  /** `into`: the key of an instruction writing a register assigned elsewhere too (a local):
   *  not a value to reuse, but it can become a copy of one. */
  const keyOf = (i: MInst, into = false): string | null => {
    if (!(i.pure || i.load) || i.move || i.targets || i.call || i.stubs || i.entry || i.ret || i.jt || !i.defs.length) return null;
    if (READS_FLAGS.test(i.t) || SETS_FLAGS.test(i.t)) return null;
    if (into ? i.defs.length !== 1 || defCount[i.defs[0]] === 1 : !i.defs.every((d) => defCount[d] === 1)) return null;
    if (!into && i.uses.some((u) => i.defs.includes(u))) return null; // (a copy may overwrite its source's operand)
    return `${i.load ? 'L' : 'P'}|${i.t}|${i.w}|${i.ec}|${i.uses.join(',')}|${i.defs.map((d) => f.vregClass[d]).join(',')}`;
  };

  const { rpo, preds } = reversePostorder(f);

  const keys = new Map<MInst, string | null>();
  for (const id of rpo) for (const i of f.byId[id].insts) keys.set(i, keyOf(i));
  const defOf = new Map<number, MInst>();
  for (const b of f.blocks) for (const i of b.insts) for (const d of i.defs) if (defCount[d] === 1) defOf.set(d, i);
  /** Whether single-def `v` still holds the value of its defining expression's operands. */
  const current = (s: State, v: number, t: string): MInst | null => {
    const d = defOf.get(v);
    const k = d && keys.get(d);
    return d && k && d.t === t && s.exprs.get(k)?.defs[0] === v ? d : null;
  };
  /** Loads a store leaves valid: those off the same base register (unchanged since: else the
   *  load's entry would be gone) at other bytes, a field beside the one stored (opt/alias.ts);
   *  and, for a store of a StaticArray element `P + (idx << sh)` (4 or 8 bytes) checked
   *  against the array's length word V = [P - 4] (`idx <u V >> sh`), which writes within
   *  [P, P + V - 2^sh] and so, modulo 2^32, never reaches the 4 bytes at P - 4, that load. */
  const spared = (s: State, i: MInst): Set<Expr> => {
    const out = new Set<Expr>();
    const sa = accessOf(i);
    for (const e of sa ? s.exprs.values() : []) {
      const la = e.load === 'mem' ? accessOf({ t: e.t, uses: e.uses, load: true }) : null;
      if (la && sameBaseDisjoint(sa!, la)) out.add(e);
    }
    const m = /^str (\{u0:([wxsd])\}|wzr|xzr), \[\{u(\d):x\}\]$/.exec(i.t);
    if (!m) return out;
    const sh = /x|d/.test(m[2] ?? m[1]) ? 3 : 2;
    const at = current(s, i.uses[Number(m[3])], `add {d0}, {u0}, {u1}, lsl #${sh}`);
    if (!at || at.w !== 'w') return out;
    const [p, idx] = at.uses;
    const check = `cmp {u0}, {u1}, lsr #${sh}|w|${idx},`;
    for (const e of s.exprs.values()) {
      if (e.load !== 'mem' || e.t !== 'ldr {d0:w}, [{u0:x}, #16]') continue;
      const h = current(s, e.uses[0], 'sub {d0}, {u0}, #20');
      if (!h || h.w !== 'w' || h.uses[0] !== p) continue;
      const v = e.defs[0];
      if (s.facts.has(`${check}${v}#lo`) || (s.facts.has(`${check}${v}#lt`) && s.facts.has(`nn|${idx}`))) out.add(e);
    }
    return out;
  };

  /** Effect of one instruction on the state. */
  const step = (s: State, i: MInst, depth: number) => {
    const nn = nonNegative(f, s, i);
    if (clobbersMemory(i)) {
      const rs = writtenRegions(i, apart); // null: anything
      const keep = i.store ? spared(s, i) : null;
      for (const [k, e] of s.exprs) if (e.load && (rs.includes(null) || rs.includes(e.load)) && !keep?.has(e)) s.exprs.delete(k);
    }
    if (i.defs.length) {
      const hit = (vs: number[]) => vs.some((v) => i.defs.includes(v));
      for (const [k, e] of s.exprs) if (hit(e.uses) || hit(e.defs)) s.exprs.delete(k);
      for (const [k, x] of s.facts) if (hit(x.uses)) s.facts.delete(k);
    }
    const key = keys.get(i);
    if (key && !s.exprs.has(key)) s.exprs.set(key, { t: i.t, defs: i.defs, uses: i.uses, load: i.load ? region(i, apart) : null, depth });
    if (nn) s.facts.set(`nn|${i.defs[0]}`, { cond: 'nn', uses: [i.defs[0]] });
  };
  /** Out-states along each successor edge. */
  const outs = (b: MBlock, s: State): Map<number, State> => {
    const m = new Map<number, State>();
    const br = branchOf(b);
    for (const t of successors(b)) m.set(t, s);
    if (br) {
      const taken = clone(s);
      taken.facts.set(`${br.key}#${br.cond}`, { cond: br.cond, uses: br.uses, t: br.t });
      const fall = clone(s);
      fall.facts.set(`${br.key}#${INV[br.cond]}`, { cond: INV[br.cond], uses: br.uses, t: br.t });
      m.set(br.taken, taken);
      m.set(br.fall, fall);
    }
    return m;
  };

  const inState = new Map<number, State>();
  const outState = new Map<number, Map<number, State>>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of rpo) {
      const ps = preds.get(id)!.filter((p) => outState.has(p)).map((p) => outState.get(p)!.get(id)!);
      const s = id === rpo[0] ? { exprs: new Map(), facts: new Map() } : meet(ps);
      const old = inState.get(id);
      if (old && sameState(old, s)) continue;
      inState.set(id, s);
      changed = true;
      const w = clone(s);
      for (const i of f.byId[id].insts) step(w, i, f.byId[id].loopDepth);
      outState.set(id, outs(f.byId[id], w));
    }
  }

  // Transform with the fixpoint's states.
  const rename = new Map<number, number>();
  let changed = false;
  for (const id of rpo) {
    const b = f.byId[id];
    const s = clone(inState.get(id)!);
    const drop = new Set<MInst>();
    for (const i of b.insts) {
      const key = keys.get(i);
      const e = key ? s.exprs.get(key) : undefined;
      // A value computed inside a loop is not carried out of it: that would keep its register
      // live past the loop and cost a copy on every iteration instead of one recomputation.
      if (e && !sameArr(e.defs, i.defs) && e.depth <= b.loopDepth) {
        i.defs.forEach((d, k) => rename.set(d, e.defs[k]));
        drop.add(i);
      }
      const into = !key && !i.load ? keyOf(i, true) : null;
      const src = into ? s.exprs.get(into) : undefined;
      step(s, i, b.loopDepth);
      if (src && src.depth <= b.loopDepth) {
        Object.assign(i, { t: 'mov {d0}, {u0}', uses: [src.defs[0]], w: 'x', move: true, pure: true, ec: undefined });
        changed = true;
      }
    }
    if (drop.size) {
      b.insts = b.insts.filter((i) => !drop.has(i));
      changed = true;
    }
    const br = branchOf(b);
    const known = br && decided(s, br);
    if (br && known && (known === br.cond || known === INV[br.cond])) {
      const to = known === br.cond ? br.taken : br.fall;
      b.insts.splice(br.start, b.insts.length - br.start, { t: 'b {B0}', defs: [], uses: [], targets: [to] });
      changed = true;
    }
  }
  if (!changed) return false;
  const get = (v: number) => {
    while (rename.has(v)) v = rename.get(v)!;
    return v;
  };
  for (const b of f.blocks) {
    for (const i of b.insts) {
      for (let k = 0; k < i.uses.length; k++) i.uses[k] = get(i.uses[k]);
      if (i.call && i.call.args !== i.uses) for (let k = 0; k < i.call.args.length; k++) i.call.args[k] = get(i.call.args[k]);
    }
  }
  // Folded branches can leave blocks unreachable.
  const live = new Set<number>([f.blocks[0].id]);
  const work = [f.blocks[0].id];
  while (work.length) for (const s of successors(f.byId[work.pop()!])) if (!live.has(s)) (live.add(s), work.push(s));
  f.blocks = f.blocks.filter((b) => live.has(b.id));
  return true;
}

/** What the state says of the branch's condition: the same or the inverse condition, or none. */
function decided(s: State, br: Branch): string | undefined {
  for (const c of [br.cond, INV[br.cond]]) if (s.facts.has(`${br.key}#${c}`)) return c;
  // 0 <= u0 < u1 (signed) means u1 > 0 too, so u0 < u1 unsigned.
  if ((br.cond === 'lo' || br.cond === 'hs') && s.facts.has(`${br.key}#lt`) && br.t?.startsWith('cmp {u0}, ') && s.facts.has(`nn|${br.uses[0]}`)) return 'lo';
  return undefined;
}

/** Whether the (single, w) def of `i` is known non-negative after it, given the state before. */
function nonNegative(f: MFunc, s: State, i: MInst): boolean {
  if (i.defs.length !== 1 || f.vregClass[i.defs[0]] !== 'w' || i.call || i.load) return false;
  if (/^mov \{d0\}, wzr$/.test(i.t) || /^movz \{d0\}, #(0x[0-9a-f]+|\d+)$/.test(i.t)) return true;
  if (i.move) return s.facts.has(`nn|${i.uses[0]}`);
  if (i.t === 'add {d0}, {u0}, #1' && i.w === 'w' && s.facts.has(`nn|${i.uses[0]}`)) {
    // u0 + 1 cannot wrap if u0 < something (signed), or u0 < something shifted right (unsigned).
    for (const x of s.facts.values()) {
      if (x.uses[0] !== i.uses[0] || !x.t) continue;
      if (x.cond === 'lt' && x.t.startsWith('cmp {u0}, ')) return true;
      if (x.cond === 'lo' && /^cmp \{u0\}, \{u1\}, lsr #([1-9]|[12]\d|3[01])$/.test(x.t)) return true;
    }
  }
  return false;
}
