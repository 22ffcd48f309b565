// One translated page: its blocks as one wasm function. Dispatch is a loop around a br_table on
// the instruction index (an entry or a backward branch goes through it; forward branches to a
// later block and fall-through are direct), each block first checks that the budget covers it.
import { Op } from './wasm.ts';
import { Gen, ST } from './gen.ts';
import { ALU, type Emit } from './alu.ts';
import { MEM } from './mem.ts';
import { FP, FP_ACCEPT } from './fp.ts';
import { SIMD, SIMD_ACCEPT } from './simd.ts';
import { SYS, SYS_ACCEPT } from './sys.ts';
import type { Block } from './blocks.ts';
import type { Rec } from './records.ts';

const EMIT: Record<string, Emit> = { ...ALU, ...MEM, ...FP, ...SIMD, ...SYS };
// kinds translated only in some of their forms (the others end the block: the interpreter)
const ACCEPT: Record<string, (r: Rec) => boolean> = { ...FP_ACCEPT, ...SIMD_ACCEPT, ...SYS_ACCEPT };
export function covered(r: Rec): boolean { return r.op in EMIT && (ACCEPT[r.op]?.(r) ?? true); }

export function pageFunction(blocks: Block[]): Gen {
  const g = new Gen();
  const b = g.b;
  g.done = b.block();
  g.loop = b.loop();
  const miss = b.block();
  const labels = blocks.map(() => b.block()).reverse(); // labels[j]: the block whose end starts block j
  const span = blocks.reduce((m, blk) => Math.max(m, blk.start + 1), 0);
  const table = new Array(span).fill(miss); // indices past the last block start take the default: miss
  blocks.forEach((blk, j) => { table[blk.start] = labels[j]; g.setBlockLabel(blk.start, labels[j]); });
  b.get(g.idx).brTable(table, miss);
  blocks.forEach((blk, j) => {
    b.end(); // of labels[j]
    const len = blk.insns.length;
    if (len) {
      b.get(g.left).i32(len).op(Op.i32_lt_s).if_();
      g.exit(() => g.pc(blk.start), ST.BUDGET);
      b.end();
      b.get(g.left).i32(len).op(Op.i32_sub).set(g.left);
    }
    blk.insns.forEach((r, i) => {
      g.curIdx = r.idx; g.curUndo = len - i;
      EMIT[r.op](g, r);
    });
    g.curIdx = blk.start + len; g.curUndo = 0;
    if (blk.end === 'uncovered') g.step();
    else if (blk.end === 'pageend') g.exit(() => g.pc(1024), ST.NORMAL);
    // 'fallthrough' runs into the next block; 'branch' has transferred control itself
  });
  b.end(); // miss
  g.exit(() => { b.get(g.pVa).get(g.idx).op(Op.i64_extend_i32_u).i64(2n).op(Op.i64_shl, Op.i64_add); }, ST.MISS);
  b.end(); // loop
  b.end(); // done
  g.finish();
  return g;
}
