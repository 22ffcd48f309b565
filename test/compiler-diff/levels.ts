// The optimisation levels asc can be asked for (-O0..-O3, -Os/-Oz, and the shrink levels
// combined with each), as (optimizeLevel, shrinkLevel) pairs: asc's `--shrinkLevel N` after
// `-O3` is the same pair as `-O3s`/`-O3z`. The differential suites run their programs at
// these, not only at the build's -O3: wrong code can hide behind one level's wasm shapes.
// CI runs a rotating share of them (every level is covered by some program or batch each
// run); RASPVISOR_LONG=1 runs every level everywhere.

export interface Level {
  name: string;
  /** asc flags (appended after the build's own -O3, so they win). */
  flags: string[];
  optimize: number;
  shrink: number;
}

const level = (optimize: number, shrink: number): Level => {
  const name = `-O${optimize === 0 && shrink > 0 ? '' : optimize}${['', 's', 'z'][shrink]}`;
  return { name, flags: [name], optimize, shrink };
};

/** Every level; the build's default (-O3) first. */
export const LEVELS: Level[] = [level(3, 0), level(0, 0), level(1, 0), level(2, 0), level(0, 1), level(0, 2), level(1, 1), level(2, 1), level(3, 1), level(1, 2), level(2, 2), level(3, 2)];

export const LONG = process.env.RASPVISOR_LONG === '1';

/** The levels of slot `k` (a program, a batch) besides -O3: `per` consecutive other levels
 *  from k * per on, wrapping around, so that slots 0, 1, ... cover every level in turn. */
export function levelsFor(k: number, per: number): Level[] {
  const others = LEVELS.slice(1);
  if (LONG) return others;
  return Array.from({ length: per }, (_, j) => others[(k * per + j) % others.length]);
}
