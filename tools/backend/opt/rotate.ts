// Loop rotation: wasm `loop { br_if $exit (cond); ...; br $loop }` comes out as a header that
// tests the exit condition and a latch that jumps back to it. Copying the (small) header test
// into each latch, with the branch inverted to go back into the body, removes one taken jump
// per iteration; the header copy stays for the first test.
import type { MFunc, MInst } from '../ir/mir.ts';

const INV: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt', lo: 'hs', hs: 'lo', hi: 'ls', ls: 'hi', mi: 'pl', pl: 'mi', vs: 'vc', vc: 'vs' };

function invert(t: string): string | null {
  let m = /^b\.(\w+) \{B0\}$/.exec(t);
  if (m && INV[m[1]]) return `b.${INV[m[1]]} {B0}`;
  m = /^(cbz|cbnz) (\{u0(?::[wx])?\}), \{B0\}$/.exec(t);
  if (m) return `${m[1] === 'cbz' ? 'cbnz' : 'cbz'} ${m[2]}, {B0}`;
  return null;
}

export function rotateLoops(f: MFunc) {
  const live = new Set(f.blocks.map((b) => b.id));
  for (const l of f.loops ?? []) {
    const h = f.byId[l.head];
    const n = h.insts.length;
    if (n < 2 || n > 6) continue;
    const cond = h.insts[n - 2];
    const jump = h.insts[n - 1];
    if (jump.t !== 'b {B0}' || !cond.targets || cond.targets.length !== 1) continue;
    const inv = invert(cond.t);
    if (!inv) continue;
    const body = h.insts.slice(0, n - 2);
    if (body.some((i) => i.targets || i.call || i.stubs || i.ret || i.entry || i.jt)) continue;
    const exit = cond.targets[0];
    const into = jump.targets![0];
    for (let id = l.first; id <= l.last; id++) {
      if (!live.has(id) || id === l.head) continue;
      const b = f.byId[id];
      const last = b.insts[b.insts.length - 1];
      if (!last || last.t !== 'b {B0}' || last.targets![0] !== l.head) continue;
      const clone = (i: MInst): MInst => ({ ...i, defs: [...i.defs], uses: [...i.uses] });
      b.insts.pop();
      b.insts.push(...body.map(clone), { ...clone(cond), t: inv, targets: [into] }, { t: 'b {B0}', defs: [], uses: [], targets: [exit] });
    }
  }
}
