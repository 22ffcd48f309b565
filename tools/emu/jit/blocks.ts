// Which instructions of a page to translate: from the entry points, follow the control flow
// inside the page (fall-through and direct branch targets) and cut it into basic blocks. A block
// ends at a branch, before an instruction the translator does not cover (run by the
// interpreter: the block after it is an entry too), before another block's start, or at the end
// of the page.
import type { Rec } from './records.ts';

export type Flow = 'plain' | 'cond' | 'jump' | 'call' | 'indirect' | 'indirect-call';
const FLOW: Record<string, Flow> = {
  B: 'jump', BL: 'call', BCOND: 'cond', CBZ_X: 'cond', CBNZ_X: 'cond', CBZ_W: 'cond', CBNZ_W: 'cond',
  TBZ: 'cond', TBNZ: 'cond', BR: 'indirect', RET: 'indirect', BLR: 'indirect-call',
};
export function flowOf(op: string): Flow { return FLOW[op] ?? 'plain'; }

/** Branch target as an instruction index of this page, or -1 when it leaves the page. */
export function targetIdx(r: Rec): number {
  const t = r.idx * 4 + Number(BigInt.asIntN(64, r.imm));
  return t >= 0 && t < 4096 ? t >> 2 : -1;
}

export interface Block {
  start: number;
  insns: Rec[];          // translated instructions (a terminating branch included)
  end: 'branch' | 'uncovered' | 'fallthrough' | 'pageend';
}

export function findBlocks(entries: Iterable<number>, rec: (idx: number) => Rec, covered: (r: Rec) => boolean, maxInsns = 1024): { blocks: Block[]; entries: Set<number> } {
  const leaders = new Set<number>();
  const seen = new Set<number>();
  const work: number[] = [];
  const ents = new Set<number>();
  const add = (i: number, entry: boolean) => {
    if (i < 0 || i >= 1024) return;
    leaders.add(i);
    if (entry) ents.add(i);
    if (!seen.has(i)) work.push(i);
  };
  for (const e of entries) add(e, true);
  while (work.length && seen.size < maxInsns) {
    let i = work.pop()!;
    while (i < 1024 && !seen.has(i)) {
      seen.add(i);
      const r = rec(i);
      if (!covered(r)) { add(i + 1, true); break; }
      const f = flowOf(r.op);
      if (f === 'plain') { i++; continue; }
      if (f === 'jump') { add(targetIdx(r), false); break; }
      if (f === 'cond') { add(targetIdx(r), false); add(i + 1, false); break; }
      if (f === 'call') { add(targetIdx(r), false); add(i + 1, true); break; }
      if (f === 'indirect-call') { add(i + 1, true); break; }
      break; // BR / RET
    }
  }
  const blocks: Block[] = [];
  for (const s of [...leaders].sort((a, b) => a - b)) {
    if (!seen.has(s)) continue;
    const b: Block = { start: s, insns: [], end: 'pageend' };
    for (let i = s; ; i++) {
      if (i >= 1024) { b.end = 'pageend'; break; }
      if (i !== s && leaders.has(i)) { b.end = 'fallthrough'; break; }
      if (!seen.has(i)) { b.end = 'uncovered'; break; } // the walk was cut short (maxInsns)
      const r = rec(i);
      if (!covered(r)) { b.end = 'uncovered'; break; }
      b.insns.push(r);
      if (flowOf(r.op) !== 'plain') { b.end = 'branch'; break; }
    }
    blocks.push(b);
  }
  return { blocks, entries: ents };
}
