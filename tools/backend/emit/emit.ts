// Machine IR + register allocation -> GNU-as text for one function: frame set-up only when
// needed, spill reloads through scratch registers, parallel moves for AAPCS64 calls, entry and
// return, out-of-line trap stubs, jump tables in .rodata.
import { isFloat, successors, type MFunc, type MInst, type RC } from '../ir/mir.ts';
import { FP, type Allocation, type Loc } from '../regalloc/linearscan.ts';
import { arithImm } from '../lower/imm.ts';
import { TRAP } from '../lower/lower.ts';

const INT_SCRATCH = [16, 17, 15, 14];
const FP_SCRATCH = [31, 30, 29];

interface Ctx {
  f: MFunc;
  a: Allocation;
  out: string[];
  stubs: string[];
  rodata: string[];
  prefix: string;
  label: number;
  spillBase: number;
  frame: number;
  hasFrame: boolean;
  saves: [number, number | null, number][]; // reg pairs and their offsets
  sym: string;
  /** Shrink-wrapped: the frame is set up at the `prologue` instruction, not at the start. */
  wrapped: boolean;
  stackCheck: StackCheck;
  /** The wasm offset of the last WASM_LOC written. */
  src?: number;
}

/** Marker line: the following code comes from the wasm instruction at this file offset. */
export const WASM_LOC = '\t//@wasm ';

/** How non-leaf functions check the stack: SP against the absolute `__stack_floor` (3
 *  instructions), against the variable `__stack_limit` (4; follows stack switches), against
 *  this core's slot of `__stack_limits[4]`, indexed by MPIDR_EL1.Aff0 (7; EL1/EL2 programs
 *  whose cores run on stacks of their own), or not. */
export type StackCheck = 'floor' | 'limit' | 'percore' | 'off';

const CHECK_LOAD: Record<Exclude<StackCheck, 'off' | 'floor'>, string[]> = {
  limit: ['\tadrp x16, __stack_limit', '\tldr x16, [x16, :lo12:__stack_limit]'],
  percore: ['\tmrs x16, mpidr_el1', '\tand x16, x16, #3', '\tadrp x17, __stack_limits', '\tadd x17, x17, :lo12:__stack_limits', '\tldr x16, [x17, x16, lsl #3]'],
};

/** Frame set-up: frame record, stack-limit check (non-leaf), callee-saved registers. */
function prologue(c: Ctx) {
  const { out: o, frame, f, sym } = c;
  if (frame <= 504) o.push(`\tstp x29, x30, [sp, #-${frame}]!`, `\t.cfi_def_cfa_offset ${frame}`);
  else {
    subSp(o, frame, 'sub');
    o.push(`\t.cfi_def_cfa_offset ${frame}`, '\tstp x29, x30, [sp]');
  }
  // Call frame information (gdb unwinds shrink-wrapped code with it; its prologue reader
  // stops at the first branch): the frame record, then CFA from x29.
  o.push(`\t.cfi_offset x29, -${frame}`, `\t.cfi_offset x30, -${frame - 8}`, '\tmov x29, sp', `\t.cfi_def_cfa x29, ${frame}`);
  if (f.hasCalls) {
    const l = `${c.prefix}so`;
    if (c.stackCheck === 'off') return pushSaves(c);
    // __stack_floor is page-aligned (the runtime's contract): its adrp is its address.
    // __stack_limit is a variable the program changes when it changes stacks (tasks, cores).
    // __stack_limits: the same, one per core (x16/x17 are free at entry: AAPCS64 IP0/IP1).
    if (c.stackCheck !== 'floor') o.push(...CHECK_LOAD[c.stackCheck], '\tcmp sp, x16', `\tb.lo ${l}`);
    else o.push('\tadrp x16, __stack_floor', '\tcmp sp, x16', `\tb.lo ${l}`);
    c.stubs.push(`${l}:`, `\tmov w0, #${TRAP.stack}`, `\tadr x1, ${sym}`, '\tb __wasm_trap');
  }
  pushSaves(c);
}

function pushSaves(c: Ctx) {
  for (const [r1, r2, so] of c.saves) {
    c.out.push(r2 === null ? `\tstr ${saveName(r1)}, [sp, #${so}]` : `\tstp ${saveName(r1)}, ${saveName(r2)}, [sp, #${so}]`);
    for (const [r, at] of [[r1, so], [r2, so + 8]] as const) if (r !== null) c.out.push(`\t.cfi_offset ${cfiReg(r)}, -${c.frame - at}`);
  }
}

const cfiReg = (r: number) => (r >= FP ? `d${r - FP}` : `x${r}`);

const CALLEE_SAVED = (r: number) => (r >= 19 && r <= 28) || (r >= FP + 8 && r <= FP + 15);

/** The blocks before a `prologue` instruction run without a frame: allowed only if they use
 *  no callee-saved register, no spill slot and make no call that returns. */
function framelessOk(f: MFunc, a: Allocation): boolean {
  const start = f.blocks[0];
  if (!f.blocks.some((b) => b.insts.some((i) => i.prologue))) return false;
  const seen = new Set<number>([start.id]);
  const work = [start];
  while (work.length) {
    const b = work.pop()!;
    if (b.insts[0]?.prologue) continue;
    for (const i of b.insts) {
      if (i.prologue || (i.call && !i.call.cold)) return false;
      if (i.ret && !i.noFrame) return false;
      for (const v of [...i.defs, ...i.uses]) {
        const l = a.loc[v];
        if (!l || !('reg' in l) || CALLEE_SAVED(l.reg)) return false;
      }
    }
    for (const s of successors(b)) if (!seen.has(s)) (seen.add(s), work.push(f.byId[s]));
  }
  return true;
}

function regName(r: number, view: string): string {
  if (r >= FP) return `${view}${r - FP}`;
  return `${view}${r}`;
}

export function emitFunction(f: MFunc, a: Allocation, sym: string, global: boolean, fileIdx: number, stackCheck: StackCheck = 'floor'): { text: string; rodata: string } {
  const saves: [number, number | null, number][] = [];
  const cs = a.calleeSaved;
  const ints = cs.filter((r) => r < FP);
  const fps = cs.filter((r) => r >= FP);
  const hasFrame = f.hasCalls || a.slots > 0 || cs.length > 0;
  let off = 16;
  for (const list of [ints, fps]) {
    for (let i = 0; i < list.length; i += 2) {
      saves.push([list[i], list[i + 1] ?? null, off]);
      off += 16;
    }
  }
  const spillBase = off;
  const frame = (off + 8 * a.slots + 15) & ~15;
  const wrapped = hasFrame && framelessOk(f, a);
  const c: Ctx = { f, a, out: [], stubs: [], rodata: [], prefix: `.L${fileIdx}_`, label: 0, spillBase, frame, hasFrame, saves, sym, wrapped, stackCheck };
  const o = c.out;
  o.push('\t.text', '\t.p2align 2');
  if (global) o.push(`\t.globl ${sym}`);
  o.push(`\t.type ${sym}, %function`, `${sym}:`, '\t.cfi_startproc');
  // The frame set-up belongs to the function's first source line.
  const first = f.blocks.flatMap((b) => b.insts).find((i) => i.src !== undefined)?.src;
  if (first !== undefined) o.push(`${WASM_LOC}${(c.src = first)}`);
  if (hasFrame && !wrapped) prologue(c);
  const order = f.blocks.map((b) => b.id);
  f.blocks.forEach((b, bi) => {
    o.push(`${c.prefix}b${b.id}:`);
    const next = order[bi + 1];
    for (const ins of b.insts) {
      // Where the code came from: index.ts turns this into a `.loc` (or drops it).
      if (ins.src !== undefined && ins.src !== c.src) o.push(`${WASM_LOC}${(c.src = ins.src)}`);
      emitInst(c, ins, next);
    }
  });
  o.push(...c.stubs);
  o.push('\t.cfi_endproc', `\t.size ${sym}, .-${sym}`);
  return { text: reloadsForwarded(o.join('\n').split('\n')).join('\n') + '\n', rodata: c.rodata.join('\n') };
}

const SPILL_STORE = /^\tstr ([xwds])(\d+), \[sp, #(\d+)\]$/;
const SPILL_LOAD = /^\tldr ([xwds])(\d+), \[sp, #(\d+)\]$/;

/** A spill slot loaded right after it was stored (no label between: nothing jumps in) still
 *  has its value in the stored register: the load goes, or becomes a register move. */
function reloadsForwarded(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const st = out.length ? SPILL_STORE.exec(out[out.length - 1]) : null;
    const ld = st ? SPILL_LOAD.exec(l) : null;
    if (st && ld && st[3] === ld[3] && st[1] === ld[1]) {
      if (st[2] !== ld[2]) out.push(`\t${'ds'.includes(st[1]) ? 'fmov' : 'mov'} ${ld[1]}${ld[2]}, ${st[1]}${st[2]}`);
      continue;
    }
    out.push(l);
  }
  return out;
}

function saveName(r: number): string {
  return r >= FP ? `d${r - FP}` : `x${r}`;
}

function subSp(o: string[], n: number, op: 'sub' | 'add') {
  const imm = arithImm(BigInt(n));
  if (imm) o.push(`\t${op} sp, sp, ${imm}`);
  else {
    o.push(`\tmov x16, #${n & 0xffff}`, `\tmovk x16, #${(n >>> 16) & 0xffff}, lsl #16`, `\t${op} sp, sp, x16`);
  }
}

function slotOff(c: Ctx, s: number): number {
  return c.spillBase + 8 * s;
}

function ldst(c: Ctx, op: 'ldr' | 'str', reg: string, slot: number): string {
  return `\t${op} ${reg}, [sp, #${slotOff(c, slot)}]`;
}

/** Register text of `v` in class-appropriate full width (x for ints, s/d for floats). */
function fullView(cls: RC): string {
  return cls === 'w' || cls === 'x' ? 'x' : cls;
}

function emitInst(c: Ctx, ins: MInst, next: number | undefined) {
  const { f, a, out } = c;
  if (ins.prologue) {
    if (c.wrapped) prologue(c);
    return;
  }
  if (ins.entry) return parallelMove(c, ins.defs.map((v, i) => ({ dst: a.loc[v]!, src: argLoc(f, ins.defs, i), cls: f.vregClass[v] })));
  if (ins.ret) {
    parallelMove(c, ins.uses.map((v, i) => ({ dst: argLoc(f, ins.uses, i), src: a.loc[v]!, cls: f.vregClass[v] })));
    if (!(c.wrapped && ins.noFrame)) epilogue(c);
    else c.out.push('\tret');
    return;
  }
  if (ins.call) return emitCall(c, ins);
  if (ins.move) {
    const d = a.loc[ins.defs[0]]!;
    const s = a.loc[ins.uses[0]]!;
    if (sameLoc(d, s)) return;
    return parallelMove(c, [{ dst: d, src: s, cls: f.vregClass[ins.defs[0]] }]);
  }
  if (ins.t === 'b {B0}' && ins.targets![0] === next) return;
  // Spilled operands go through scratch registers.
  const iscr = [...INT_SCRATCH];
  const fscr = [...FP_SCRATCH];
  const useReg = new Map<number, number>();
  const defReg = new Map<number, number>();
  const post: string[] = [];
  for (const u of ins.uses) {
    const l = a.loc[u]!;
    if (useReg.has(u)) continue;
    if ('reg' in l) useReg.set(u, l.reg);
    else {
      const fp = isFloat(f.vregClass[u]);
      const r = fp ? FP + fscr.shift()! : iscr.shift()!;
      useReg.set(u, r);
      out.push(ldst(c, 'ldr', regName(r, fullView(f.vregClass[u])), l.slot));
    }
  }
  for (const d of ins.defs) {
    const l = a.loc[d]!;
    if ('reg' in l) defReg.set(d, l.reg);
    else {
      const fp = isFloat(f.vregClass[d]);
      const r = fp ? FP + fscr.shift()! : iscr.shift()!;
      defReg.set(d, r);
      post.push(ldst(c, 'str', regName(r, fullView(f.vregClass[d])), l.slot));
    }
  }
  const site = ins.stubs ? `${c.prefix}s${c.label++}` : '';
  const locals: string[] = [];
  const sub = (text: string) =>
    text.replace(/\{([duBTLJ])(\d*)(?::([a-z]))?\}/g, (_m, kind: string, num: string, view: string | undefined) => {
      const i = Number(num);
      switch (kind) {
        case 'd':
        case 'u': {
          const v = kind === 'd' ? ins.defs[i] : ins.uses[i];
          const r = kind === 'd' ? defReg.get(v)! : useReg.get(v)!;
          const cls = f.vregClass[v];
          const vw = view ?? (isFloat(cls) ? cls : ins.w ?? 'w');
          return regName(r, vw);
        }
        case 'B':
          return `${c.prefix}b${ins.targets![i]}`;
        case 'T':
          return `${site}_t${i}`;
        case 'L':
          while (locals.length <= i) locals.push(`${c.prefix}l${c.label++}`);
          return locals[i];
        case 'J':
          return `${site || (c.prefix + 'j' + c.label)}_jt`;
      }
      return _m;
    });
  let text = ins.t;
  // Copies of a `br` (tail duplication) share their jump table: the same targets.
  if (ins.jt && !c.rodata.includes(`${ins.jt}:`)) {
    const jl = ins.jt;
    c.rodata.push('\t.section .rodata', '\t.p2align 2', `${jl}:`, ...ins.targets!.slice(1).map((t) => `\t.word ${c.prefix}b${t}-${jl}`));
  }
  if (site) out.push(`${site}:`);
  for (const line of sub(text).split('\n')) out.push(line.endsWith(':') ? line : `\t${line}`);
  out.push(...post);
  if (ins.stubs) {
    ins.stubs.forEach((s, i) => {
      c.stubs.push(`${site}_t${i}:`);
      if (s.pre) for (const line of sub(s.pre).split('\n')) c.stubs.push(line.endsWith(':') ? line : `\t${line}`);
      else c.stubs.push(`\tmov w0, #${s.kind}`);
      c.stubs.push(`\tadr x1, ${site}`, '\tb __wasm_trap');
    });
  }
}

function epilogue(c: Ctx) {
  const o = c.out;
  // Code after this return is inside the frame again (another path through the function).
  if (c.hasFrame) o.push('\t.cfi_remember_state');
  if (c.hasFrame) {
    for (const [r1, r2, so] of c.saves) o.push(r2 === null ? `\tldr ${saveName(r1)}, [sp, #${so}]` : `\tldp ${saveName(r1)}, ${saveName(r2)}, [sp, #${so}]`);
    if (c.frame <= 504) o.push(`\tldp x29, x30, [sp], #${c.frame}`);
    else {
      o.push('\tldp x29, x30, [sp]');
      subSp(o, c.frame, 'add');
    }
  }
  o.push('\tret');
  if (c.hasFrame) o.push('\t.cfi_restore_state');
}

/** Location of the i-th argument/result of a call signature: x_k or d_k by class order. */
function argLoc(f: MFunc, vs: number[], i: number): Loc {
  let ni = 0;
  let nf = 0;
  for (let j = 0; j < i; j++) (isFloat(f.vregClass[vs[j]]) ? nf++ : ni++);
  return isFloat(f.vregClass[vs[i]]) ? { reg: FP + nf } : { reg: ni };
}

function sameLoc(a: Loc, b: Loc): boolean {
  return ('reg' in a && 'reg' in b && a.reg === b.reg) || ('slot' in a && 'slot' in b && a.slot === b.slot);
}

interface Move {
  dst: Loc;
  src: Loc;
  cls: RC;
}

/** Perform moves as if simultaneous, breaking cycles through x16 / v31. */
function parallelMove(c: Ctx, moves: Move[]) {
  const o = c.out;
  const rn = (r: number, cls: RC) => regName(r, fullView(cls));
  const mov = (d: number, s: number, cls: RC) => {
    if (d === s) return;
    o.push(isFloat(cls) ? `\tfmov ${rn(d, cls)}, ${rn(s, cls)}` : `\tmov ${rn(d, cls)}, ${rn(s, cls)}`);
  };
  // Stores to slots first (they read registers that later moves may overwrite).
  let pending = moves.filter((m) => !sameLoc(m.dst, m.src));
  for (const m of pending.filter((m) => 'slot' in m.dst)) {
    const ds = (m.dst as { slot: number }).slot;
    if ('reg' in m.src) o.push(ldst(c, 'str', rn(m.src.reg, m.cls), ds));
    else {
      const t = isFloat(m.cls) ? FP + 31 : 16;
      o.push(ldst(c, 'ldr', rn(t, m.cls), m.src.slot), ldst(c, 'str', rn(t, m.cls), ds));
    }
  }
  pending = pending.filter((m) => 'reg' in m.dst);
  const loads = pending.filter((m) => 'slot' in m.src);
  let regMoves = pending.filter((m) => 'reg' in m.src) as { dst: { reg: number }; src: { reg: number }; cls: RC }[];
  while (regMoves.length) {
    const idx = regMoves.findIndex((m) => !regMoves.some((o2) => o2 !== m && o2.src.reg === m.dst.reg));
    if (idx >= 0) {
      const m = regMoves[idx];
      mov(m.dst.reg, m.src.reg, m.cls);
      regMoves.splice(idx, 1);
      continue;
    }
    // A cycle: park one source in scratch.
    const m = regMoves[0];
    const t = isFloat(m.cls) ? FP + 31 : 16;
    mov(t, m.src.reg, m.cls);
    for (const x of regMoves) if (x.src.reg === m.src.reg) x.src = { reg: t };
  }
  for (const m of loads) o.push(ldst(c, 'ldr', rn((m.dst as { reg: number }).reg, m.cls), (m.src as { slot: number }).slot));
}

function emitCall(c: Ctx, ins: MInst) {
  const { f, a, out } = c;
  const call = ins.call!;
  const moves = call.args.map((v, i) => ({ dst: argLoc(f, call.args, i), src: a.loc[v]!, cls: f.vregClass[v] }));
  let target = 'x17';
  if (call.indirect) {
    const t = a.loc[ins.uses[ins.uses.length - 1]]!;
    // The target's own register serves unless an argument move writes it.
    if ('reg' in t && !moves.some((m) => 'reg' in m.dst && m.dst.reg === t.reg)) target = `x${t.reg}`;
    else if ('reg' in t) out.push(`\tmov x17, x${t.reg}`);
    else out.push(ldst(c, 'ldr', 'x17', t.slot));
  }
  parallelMove(c, moves);
  if (call.insn) out.push(`\t${call.insn}`);
  else if (call.indirect) out.push(`\tblr ${target}`);
  else out.push(`\tbl ${call.sym}`);
  parallelMove(c, call.rets.map((v, i) => ({ dst: a.loc[v]!, src: argLoc(f, call.rets, i), cls: f.vregClass[v] })));
}
