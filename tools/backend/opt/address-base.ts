// The per-program address base (DESIGN "Addresses", issue 15): wasm address A is machine
// address base + zext(A). Plain wasm loads and stores are lowered as if the base were 0
// (`[A]`, `[A, #off]`), so that every pass before this one (alias analysis, guarded loads,
// loop versioning, GVN) sees the same forms whatever the base; the base goes in here, after
// them:
//  - `[A]` becomes `[B, A, uxtw]` (B holds the base): no extra instruction;
//  - `[A, #off]` needs the machine address M = B + zext(A) (`add M, B, A, uxtw`). For an A
//    defined once, M is computed once, just after A's definition, and every access off A
//    (`[A]` ones too) goes through M, so that A itself may die; otherwise M is computed before
//    the first such access of a block and reused there while A is unchanged.
// The cost is one add per definition of an address that has accesses at an offset: where the
// program keeps object pointers, one per pointer, not one per access.
import type { MFunc, MInst } from '../ir/mir.ts';
import { movSeq } from '../lower/imm.ts';

/** The address operand at the end of a plain access: `[{uA:x}]`, `[{uA:x}, #off]`,
 *  `[{uA:x}, {uO:x}]`. */
const ADDR = /\[\{u(\d+):x\}(, (?:#\d+|\{u\d+:x\}))?\]$/;

const isAccess = (i: MInst) => (i.load || i.store) && !i.call && !i.t.includes(':lo12:') && !i.t.includes('\n') && ADDR.test(i.t);

export function applyAddressBase(f: MFunc, base: bigint): void {
  if (base === 0n) return;
  const accesses: { i: MInst; k: number; off: boolean }[] = [];
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (!isAccess(i)) continue;
      const m = ADDR.exec(i.t)!;
      accesses.push({ i, k: Number(m[1]), off: !!m[2] });
    }
  }
  if (!accesses.length) return;
  const newV = (): number => (f.vregClass.push('x'), f.vregClass.length - 1);
  const B = newV();
  const entryBlock = f.blocks[0];
  const e = entryBlock.insts.findIndex((i) => i.entry);
  const bDef: MInst = { t: movSeq('{d0}', base, 64, 'xzr').join('\n'), defs: [B], uses: [], w: 'x', pure: true };
  entryBlock.insts.splice(e + 1, 0, bDef);

  const defCount = new Uint32Array(f.vregClass.length);
  const defAt = new Map<number, { b: number; i: MInst }>();
  f.blocks.forEach((b, bi) => b.insts.forEach((i) => i.defs.forEach((d) => (defCount[d]++, defAt.set(d, { b: bi, i })))));
  const machine = (a: number): MInst => ({ t: 'add {d0}, {u0}, {u1:w}, uxtw', defs: [newV()], uses: [B, a], w: 'x', pure: true });

  // Addresses defined once, with an access at an offset: one M right after the definition.
  const once = new Map<number, number>();
  const after = new Map<MInst, MInst[]>();
  for (const x of accesses) {
    const a = x.i.uses[x.k];
    if (!x.off || once.has(a) || defCount[a] !== 1) continue;
    const d = defAt.get(a)!;
    if (d.i.targets || d.i.stubs || d.i.jt || d.i.ret) continue;
    const m = machine(a);
    once.set(a, m.defs[0]);
    const at = d.i.entry ? bDef : d.i; // a parameter: once B is set
    after.set(at, [...(after.get(at) ?? []), m]);
  }
  for (const b of f.blocks) {
    const out: MInst[] = [];
    const local = new Map<number, number>(); // A -> M, while A is unchanged in this block
    for (const i of b.insts) {
      if (isAccess(i)) {
        const m = ADDR.exec(i.t)!;
        const k = Number(m[1]);
        const a = i.uses[k];
        const M = once.get(a) ?? local.get(a);
        if (M !== undefined) i.uses[k] = M;
        else if (!m[2]) {
          i.t = i.t.replace(ADDR, `[{u${i.uses.length}:x}, {u${k}:w}, uxtw]`);
          i.uses.push(B);
        } else {
          const mi = machine(a);
          out.push(mi);
          local.set(a, mi.defs[0]);
          i.uses[k] = mi.defs[0];
        }
      }
      out.push(i);
      for (const d of i.defs) local.delete(d);
      const more = after.get(i);
      if (more) out.push(...more);
    }
    b.insts = out;
  }
}
