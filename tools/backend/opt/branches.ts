// Branch shapes over materialised booleans. A condition that crosses a join (`a && b` as the
// test of an `if`, a `select` over a comparison kept in a local) arrives as `cset t, c` in one
// predecessor and a constant in another, and the join tests t again: `cmp t, #0` + csel/b.cond,
// or cbz/cbnz t. Run inside block layout, after jump threading:
//  - threadConditions: a small join that starts by testing t is copied into each predecessor
//    that jumps to it and where t is known (a constant or a cset), so that each copy tests what
//    its own predecessor knows;
//  - foldConditions: inside a block, a test of t whose value is a constant is decided (the
//    branch becomes a jump or goes, the csel a move), and a test of t = cset c with no flag
//    change in between uses c itself. The cset goes with its last use (dead code elimination).
import { successors, type MBlock, type MFunc, type MInst } from '../ir/mir.ts';
import { liveIns, liveOuts } from '../ir/liveness.ts';

const INV: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo', hi: 'ls', ls: 'hi', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs' };

/** Largest join block copied into its predecessors. */
const JOIN_MAX_INSTS = 8;

// Flag effects of one template line (a multi-line template: its first line that touches them).
const SETS_FLAGS = /^(cmp|cmn|tst|subs|adds|ands|bics|negs|ngcs|adcs|sbcs|fcmp|fcmpe)\s/;
const READS_FLAGS = /^(b\.\w+|csel|csinc|csinv|csneg|cset|csetm|cinc|cinv|cneg|fcsel|ccmp|ccmn|fccmp|fccmpe|adc|adcs|sbc|sbcs|ngc)\s/;

/** What an instruction does to the flags first: reads them, overwrites them, or neither. A
 *  call or anything special counts as overwriting (nothing is known after it). */
function flagEffect(i: MInst): 'read' | 'set' | 'none' {
  if (i.call || i.entry || i.ret || i.prologue || i.jt) return 'set';
  for (const line of i.t.split('\n')) {
    const l = line.trim();
    if (READS_FLAGS.test(l)) return 'read';
    if (SETS_FLAGS.test(l)) return 'set';
  }
  return 'none';
}

/** Changes the flags anywhere in it (a later line may set them after reading). */
const touchesFlags = (i: MInst): boolean => flagEffect(i) === 'set' || i.t.split('\n').some((l) => SETS_FLAGS.test(l.trim()) || /^(ccmp|ccmn|fccmp|fccmpe|adcs|sbcs)\s/.test(l.trim()));

const isJump = (i: MInst | undefined): boolean => !!i && i.t === 'b {B0}' && i.targets?.length === 1 && !i.stubs;

/** A boolean test at b.insts[k]: cbz/cbnz t, or `cmp t, #0` followed by a b.eq/b.ne or a csel
 *  on eq/ne (the flags it sets read by nothing else). */
interface Test {
  t: number;
  /** Instructions the test spans (1: cbz/cbnz, 2: cmp + consumer). */
  len: number;
  /** The consumer's condition when t is nonzero (eq/ne of the cmp, or the cbz/cbnz sense). */
  kind: 'branch' | 'select';
}

const CB = /^(cbz|cbnz) \{u0(?::[wx])?\}, \{B0\}$/;
const BCOND = /^b\.(eq|ne) \{B0\}$/;
const SEL = /^(csel|fcsel) \{d0\}, (\{u[01]\}|[wx]zr), (\{u[01]\}|[wx]zr), (eq|ne)$/;

function testAt(b: MBlock, k: number): Test | null {
  const i = b.insts[k];
  if (!i || i.stubs) return null;
  if (CB.test(i.t) && i.uses.length === 1 && i.targets?.length === 1) return { t: i.uses[0], len: 1, kind: 'branch' };
  if (i.t !== 'cmp {u0}, #0' || i.uses.length !== 1 || i.defs.length) return null;
  const c = b.insts[k + 1];
  if (!c || c.stubs) return null;
  let kind: Test['kind'];
  if (BCOND.test(c.t) && c.targets?.length === 1) kind = 'branch';
  else if (SEL.test(c.t) && c.defs.length === 1) kind = 'select';
  else return null;
  // Nothing after the consumer may read the flags of the cmp.
  for (let m = k + 2; m < b.insts.length; m++) {
    const e = flagEffect(b.insts[m]);
    if (e === 'read') return null;
    if (e === 'set') break;
  }
  return { t: i.uses[0], len: 2, kind };
}

/** Whether the test is taken (branch) / picks its first operand (select) when t is nonzero. */
function senseIfNonzero(b: MBlock, k: number, test: Test): boolean {
  const i = b.insts[k];
  if (test.len === 1) return CB.exec(i.t)![1] === 'cbnz';
  const c = b.insts[k + 1];
  const cond = test.kind === 'branch' ? BCOND.exec(c.t)![1] : SEL.exec(c.t)![4];
  return cond === 'ne';
}

/** What is known about vreg t at b.insts[k] from the same block: a constant (zero or not, in
 *  the test's width), or a cset whose flags still hold. */
type Known = { zero: boolean } | { cond: string; at: number } | null;

const ZERO = /^mov \{d0\}, [wx]zr$/;
const NONZERO = /^movz \{d0\}, #(?:0x)?[0-9a-f]*[1-9a-f][0-9a-f]*(?:, lsl #16)?$/;
const CSET = /^cset \{d0(?::w)?\}, (\w+)$/;

function knownAt(b: MBlock, k: number, t: number): Known {
  for (let m = k - 1; m >= 0; m--) {
    const i = b.insts[m];
    if (!i.defs.includes(t)) continue;
    // A copy (a local set from a temporary) knows what its source knew.
    if (i.move && i.t === 'mov {d0}, {u0}' && i.defs.length === 1 && i.uses.length === 1) {
      const src = knownAt(b, m, i.uses[0]);
      return src && 'cond' in src && !flagsKept(b, src.at, k) ? null : src;
    }
    if (i.defs.length !== 1 || i.uses.length) return null;
    if (ZERO.test(i.t)) return { zero: true };
    if (NONZERO.test(i.t)) return { zero: false };
    const c = CSET.exec(i.t);
    if (!c || !INV[c[1]] || !flagsKept(b, m, k)) return null;
    return { cond: c[1], at: m };
  }
  return null;
}

/** Nothing between b.insts[from] and b.insts[to] (both excluded) changes the flags. */
function flagsKept(b: MBlock, from: number, to: number): boolean {
  for (let n = from + 1; n < to; n++) if (touchesFlags(b.insts[n])) return false;
  return true;
}

function clone(i: MInst): MInst {
  return { ...i, defs: [...i.defs], uses: [...i.uses], targets: i.targets && [...i.targets], stubs: i.stubs?.map((s) => ({ ...s })) };
}

/** Copy small joins that test a boolean into the predecessors that know it. */
export function threadConditions(f: MFunc): Set<number> {
  const changed = new Set<number>();
  const entry = f.blocks[0].id;
  const preds = new Map<number, MBlock[]>();
  for (const b of f.blocks) for (const i of b.insts) for (const t of i.targets ?? []) if (!preds.get(t)?.includes(b)) preds.set(t, [...(preds.get(t) ?? []), b]);
  for (const j of [...f.blocks]) {
    if (j.id === entry) continue;
    const test = testAt(j, 0);
    if (!test) continue;
    const knowing = (preds.get(j.id) ?? []).filter((p) => {
      const n = p.insts.length;
      const last = p.insts[n - 1];
      if (p === j || !isJump(last) || last.targets![0] !== j.id || p.insts.slice(0, n - 1).some((i) => i.targets?.includes(j.id))) return false;
      return !!knownAt(p, n - 1, test.t);
    });
    if (!knowing.length) continue;
    // A long join keeps its rest in a block of its own: only the test is copied.
    if (j.insts.length > JOIN_MAX_INSTS || j.insts.some((i) => i.call || i.entry || i.ret || i.prologue || i.jt || i.targets?.includes(j.id))) {
      if (j.insts.length <= test.len + 1) continue;
      const rest: MBlock = { id: f.byId.length, insts: j.insts.slice(test.len), loopDepth: j.loopDepth };
      f.byId.push(rest);
      f.blocks.splice(f.blocks.indexOf(j) + 1, 0, rest);
      j.insts = [...j.insts.slice(0, test.len), { t: 'b {B0}', defs: [], uses: [], targets: [rest.id] }];
      for (const i of rest.insts) for (const t of i.targets ?? []) preds.set(t, [...(preds.get(t) ?? []).filter((b) => b !== j), rest]);
      preds.set(rest.id, [j]);
    }
    for (const p of knowing) {
      p.insts = [...p.insts.slice(0, -1), ...j.insts.map(clone)];
      changed.add(p.id);
      for (const i of j.insts) for (const t of i.targets ?? []) if (!preds.get(t)!.includes(p)) preds.get(t)!.push(p);
    }
  }
  // Joins copied into all their predecessors are gone (and their uses of t with them).
  const reach = new Set<number>([entry]);
  const work = [entry];
  while (work.length) for (const s of successors(f.byId[work.pop()!])) if (!reach.has(s)) (reach.add(s), work.push(s));
  f.blocks = f.blocks.filter((b) => reach.has(b.id));
  return changed;
}

/** Pure instructions of the given blocks whose results are dead (by liveness: a copy into a
 *  local that the join read and no path reads any more). */
export function removeDeadDefs(f: MFunc, ids: Set<number>) {
  if (!ids.size) return;
  const liveOut = liveOuts(f, liveIns(f));
  for (const b of f.blocks) {
    if (!ids.has(b.id)) continue;
    const live = new Set(liveOut.get(b.id));
    const keep: MInst[] = [];
    for (let k = b.insts.length - 1; k >= 0; k--) {
      const i = b.insts[k];
      if (i.pure && i.defs.length && i.defs.every((d) => !live.has(d))) continue;
      for (const d of i.defs) live.delete(d);
      for (const u of i.uses) live.add(u);
      keep.push(i);
    }
    b.insts = keep.reverse();
  }
}

/** Decide or simplify the tests of booleans whose value the block itself knows. */
export function foldConditions(f: MFunc) {
  for (const b of f.blocks) {
    for (let k = 0; k < b.insts.length; k++) {
      const test = testAt(b, k);
      if (!test) continue;
      const known = knownAt(b, k, test.t);
      if (!known) continue;
      const first = senseIfNonzero(b, k, test);
      const cons = b.insts[k + test.len - 1];
      if ('zero' in known) {
        const pick = first === !known.zero; // taken / first operand
        if (test.kind === 'branch') {
          // Taken: a jump, and nothing after it runs. Not taken: the test goes.
          if (pick) b.insts.splice(k, b.insts.length - k, { t: 'b {B0}', defs: [], uses: [], targets: [cons.targets![0]] });
          else b.insts.splice(k, test.len);
        } else {
          const m = SEL.exec(cons.t)!;
          const opnd = pick ? m[2] : m[3];
          const d = cons.defs[0];
          const u = /^\{u([01])\}$/.exec(opnd);
          const mv: MInst[] = u
            ? cons.uses[Number(u[1])] === d
              ? []
              : [{ t: 'mov {d0}, {u0}', defs: [d], uses: [cons.uses[Number(u[1])]], w: cons.w, move: true, pure: true }]
            : [{ t: `mov {d0}, ${opnd}`, defs: [d], uses: [], w: cons.w, pure: true }];
          b.insts.splice(k, 2, ...mv);
        }
      } else {
        const cond = first ? known.cond : INV[known.cond];
        if (test.len === 1) b.insts[k] = { ...cons, t: `b.${cond} {B0}`, uses: [] };
        else {
          b.insts[k + 1] = { ...cons, t: cons.t.replace(/(eq|ne)$/, cond) };
          b.insts.splice(k, 1);
        }
      }
      k--; // look at what replaced the test
    }
  }
}
