// Single-bit tests as one branch. `if (x & 8)` lowers to `and t, x, #0x8` + `cbnz t`; AArch64
// tests one bit and branches in one instruction (`tbnz x, #3`). Flags, hot loops over bit
// masks and the guests' status-register polling all have this shape, and gcc -O2 uses tbz/tbnz
// there. The `and` stays when t has other readers (dead code elimination removes it if not).
// tbz/tbnz reach only +-32 KiB, so large functions (whose cold blocks sit at the end) keep
// cbz/cbnz.
import type { MFunc, MInst } from '../ir/mir.ts';

const CB = /^(cbz|cbnz) \{u0(?::[wx])?\}, \{B0\}$/;
const AND = /^and \{d0\}, \{u0\}, #0x([0-9a-f]+)$/;
/** Template lines above which a function keeps cbz/cbnz (4 bytes each, stubs included: far
 *  below the 8192 instructions tbz reaches). */
const MAX_LINES = 4000;

const lines = (i: MInst) => i.t.split('\n').length + (i.stubs?.length ?? 0) * 4;

/** The bit index of a single-bit mask, or -1. */
function singleBit(hex: string): number {
  const v = BigInt('0x' + hex);
  if (v === 0n || (v & (v - 1n)) !== 0n) return -1;
  return v.toString(2).length - 1;
}

/** Rewrites `and t, x, #(1<<k)` ... `cb(n)z t` in one block into `tb(n)z x, #k`. Returns the
 *  number of branches rewritten. */
export function fuseBitTests(f: MFunc): number {
  let total = 0;
  for (const b of f.blocks) for (const i of b.insts) total += lines(i);
  if (total > MAX_LINES) return 0;
  let n = 0;
  for (const b of f.blocks) {
    for (let k = 0; k < b.insts.length; k++) {
      const br = b.insts[k];
      const m = CB.exec(br.t);
      if (!m || br.uses.length !== 1 || br.targets?.length !== 1) continue;
      const t = br.uses[0];
      // The nearest earlier def of t in this block, with neither t nor x written in between.
      for (let j = k - 1; j >= 0; j--) {
        const d = b.insts[j];
        if (!d.defs.includes(t)) continue;
        const a = AND.exec(d.t);
        if (!a || d.defs.length !== 1 || d.uses.length !== 1 || d.call) break;
        const bit = singleBit(a[1]);
        const x = d.uses[0];
        if (bit < 0 || bit >= (d.w === 'x' ? 64 : 32)) break;
        if (b.insts.slice(j + 1, k).some((o) => o.defs.includes(x) || o.call)) break;
        b.insts[k] = { ...br, t: `${m[1] === 'cbz' ? 'tbz' : 'tbnz'} {u0}, #${bit}, {B0}`, uses: [x], w: bit < 32 ? 'w' : 'x' };
        n++;
        break;
      }
    }
  }
  return n;
}
