// Random and spec modules at asc's optimisation levels: asc optimises with binaryen, so a
// module put through binaryen's pipeline at a level (optimize, shrink) has the shapes that
// level gives AssemblyScript programs (loops rotated, blocks merged, locals reused). The
// levels are test/compiler-diff/levels.ts's.
import binaryen from 'binaryen';
import type { Level } from '../compiler-diff/levels.ts';

const F = binaryen.Features;
const FEATURES = F.MVP | F.SignExt | F.NontrappingFPToInt | F.BulkMemory | F.MultiValue | F.MutableGlobals;

/** `wasm` optimised by binaryen at `level`; null if binaryen cannot read or validate it. */
export function optimizeAt(wasm: Uint8Array, level: Level): Uint8Array | null {
  let m: binaryen.Module | undefined;
  try {
    m = binaryen.readBinaryWithFeatures(wasm, FEATURES);
    binaryen.setOptimizeLevel(level.optimize);
    binaryen.setShrinkLevel(level.shrink);
    m.optimize();
    return m.emitBinary();
  } catch {
    return null;
  } finally {
    m?.dispose();
  }
}
