// Functions nothing can reach are not emitted. Inlining expands small callees (accessors,
// print helpers) at every call site; their own bodies then often have no caller left but were
// still emitted (crc: io_putc, io_print, printI64 and StaticArray#get, 17% of its .text).
// Reachability runs on the compiled code: a function is kept when an export, the start
// function or a function table entry names it, or a kept function's code names its symbol
// (`bl`, a tail `b`, an `adr`), so what inlining removed is exactly what goes.

/** Symbols each compiled function's text names, as indices into `index`. */
export function namedFunctions(text: string, index: Map<string, number>): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/[A-Za-z_.$][A-Za-z0-9_.$]*/g)) {
    const f = index.get(m[0]);
    if (f !== undefined) out.push(f);
  }
  return out;
}

/** The functions reachable from `roots` through `refs` (function index -> functions it names). */
export function liveFunctions(roots: Iterable<number>, refs: (f: number) => Iterable<number>): Set<number> {
  const live = new Set<number>();
  const work = [...roots];
  while (work.length) {
    const f = work.pop()!;
    if (live.has(f)) continue;
    live.add(f);
    for (const g of refs(f)) if (!live.has(g)) work.push(g);
  }
  return live;
}
