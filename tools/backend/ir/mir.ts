// Machine IR: AArch64 instructions over virtual registers, grouped in basic blocks (a CFG).
// An instruction is an assembly template whose placeholders name its operands:
//   {d0} {u1}    def 0 / use 1, printed in the instruction's width (w/x) or the vreg's FP class;
//   {d0:x} {u0:w} with an explicit view;  {B0} label of target block 0;  {T} this instruction's
//   trap stub;  {L0} {L1} labels local to the instruction;  {J} its jump table.
// Instruction selection (lower/) builds it, regalloc/ assigns registers, emit/ prints it.

export type RC = 'w' | 'x' | 's' | 'd';

export interface CallInfo {
  /** `bl sym`, `blr` through the last use (indirect), or an inline instruction (hvc/svc/smc). */
  sym?: string;
  indirect?: boolean;
  insn?: string;
  /** Argument vregs, in order; they go to x0-x7 / d0-d7 by class. */
  args: number[];
  /** Result vregs, from x0.. / d0.. */
  rets: number[];
  /** The callee (every possible callee, for `indirect`) writes neither wasm memory nor
   *  globals (opt/effects.ts): loads stay valid across the call. */
  noWrite?: boolean;
  /** What the callee may write, when known (opt/effects.ts): linear memory or not, and the
   *  symbols of the wasm globals (an imported global's loads count as memory: 'mem'). */
  writes?: { mem: boolean; globals: string[] };
  /** The symbols of the module's own wasm globals the callee may read, when known. */
  reads?: string[];
  /** On a path that ends in a trap (e.g. an abort call before `unreachable`): the return
   *  address need not survive, so it does not force a frame. */
  cold?: boolean;
}

export interface MInst {
  t: string;
  /** Byte offset in the wasm file of the instruction this came from (line information). */
  src?: number;
  defs: number[];
  uses: number[];
  /** Default width of integer operands. */
  w?: 'w' | 'x';
  /** Defs are written before all uses are read (so they may not share registers). */
  ec?: boolean;
  /** No side effects: removable when its defs are unused. */
  pure?: boolean;
  /** Reads memory but never writes it (not a plain load: e.g. it also traps), so loads
   *  stay valid across it. */
  readOnly?: boolean;
  /** A plain memory load (may be reused while no store or call intervenes). */
  load?: boolean;
  /** A wasm store: it writes linear memory only, never a wasm global (those live elsewhere). */
  store?: boolean;
  targets?: number[];
  call?: CallInfo;
  /** Function entry: defs are the parameters (x0-x7/d0-d7). */
  entry?: boolean;
  /** Function return: uses are the results. */
  ret?: boolean;
  /** On a return: reached without the frame (shrink-wrapped early exit, see opt/calls.ts). */
  noFrame?: boolean;
  /** Shrink-wrapping: the frame is set up here instead of at the function's start. */
  prologue?: boolean;
  /** A register-to-register copy (d0 <- u0), elided when both get the same register. */
  move?: boolean;
  /** Trap stubs the template's {T0} {T1} branch to: `mov w0, #kind` (or `pre`, which sets w0),
   *  then the trap address in x1 and a branch to __wasm_trap. Same placeholders as `t`. */
  stubs?: { kind: number; pre?: string }[];
  /** Jump table label: the table (in .rodata) holds targets[1..] relative to it. */
  jt?: string;
}

export interface MBlock {
  id: number;
  insts: MInst[];
  loopDepth: number;
}

export interface MFunc {
  name: string;
  /** Blocks in layout order; blocks[i].id indexes `byId`. */
  blocks: MBlock[];
  byId: MBlock[];
  vregClass: RC[];
  hasCalls: boolean;
  /** Loops: header block, preheader block (ends with the jump to the header), block ids
   *  first..last belong to the loop. */
  loops?: { head: number; pre: number; first: number; last: number; depth: number }[];
}

export function isFloat(c: RC): boolean {
  return c === 's' || c === 'd';
}

export function successors(b: MBlock): number[] {
  const s: number[] = [];
  for (const i of b.insts) if (i.targets) for (const t of i.targets) if (!s.includes(t)) s.push(t);
  return s;
}

/** The natural loop of `l`: the live blocks of its range that lead back to its header (not
 *  the exits' empty blocks, nor the abort paths, which a loop copy shares with the original),
 *  in block order. */
export function naturalLoop(f: MFunc, l: NonNullable<MFunc['loops']>[number], live: Set<number>): number[] {
  const range: number[] = [];
  for (let id = l.first; id <= l.last; id++) if (live.has(id)) range.push(id);
  const back = new Set<number>([l.head]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of range) if (!back.has(id) && successors(f.byId[id]).some((s) => back.has(s))) (back.add(id), (grew = true));
  }
  return range.filter((id) => back.has(id));
}

/** The blocks reachable from the entry in reverse post-order, and their predecessors among
 *  them (for forward data flow and dominators). */
export function reversePostorder(f: MFunc): { rpo: number[]; preds: Map<number, number[]> } {
  const order: number[] = [];
  const seen = new Set<number>();
  const dfs = (id: number) => {
    seen.add(id);
    for (const s of successors(f.byId[id])) if (!seen.has(s)) dfs(s);
    order.push(id);
  };
  dfs(f.blocks[0].id);
  const rpo = order.reverse();
  const preds = new Map<number, number[]>(rpo.map((id) => [id, []]));
  for (const id of rpo) for (const s of successors(f.byId[id])) preds.get(s)!.push(id);
  return { rpo, preds };
}
