// The project's build graph, in TypeScript. `raspvisor build` runs it; so does
// `npx tsx Makefile.ts [target]`. Each rule names its inputs and outputs; a rule runs when an
// output is missing or older than an input (or its recipe's own source changed).
// The programs (the hypervisor in hypervisor/, each guest in guests/<name>/) are found by
// tools/build/programs.ts; their rules (asc -> backend -> assembler -> linker) are made by
// tools/build/rules.ts. What is decided here, per program, is where it lives in memory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const BUILD_DIR = path.join(ROOT, 'build');

/** Per-program memory layout, over tools/build/programs.ts DEFAULT_LAYOUT. Keys are program
 *  names: 'kernel8' (the hypervisor) or a guest's folder name. Numbers, any base. */
export const PROGRAM_LAYOUTS: Record<string, Partial<import('./tools/build/programs.ts').ProgramLayoutSpec>> = {
  // The hypervisor makes its own EL2 tables (hypervisor/arch/el2-mmu.ts): no runtime MMU.
  kernel8: { loadAddress: 0x80000, memoryBase: 0x400000, memorySize: 0x800000, stackTop: 0x80000, stackSize: 0x40000, mmu: false },
  // A high-half kernel: loaded at physical 0x80000, linked and run at 0xffff000000080000 once
  // its boot code has the MMU on (its own tables: mmu false keeps the runtime's identity map
  // off); wasm address A is 0xffff000000000000 + A (= physical A).
  'mini-os': { loadAddress: 0xffff000000080000, addressBase: 0xffff000000000000, memoryBase: 0x200000, memorySize: 0x800000, stackTop: 0xffff000000080000, stackSize: 0x40000, mmu: false },
};

export interface Rule {
  name: string;
  inputs: string[];
  outputs: string[];
  run: () => Promise<void> | void;
}

function mtime(f: string): number {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return -1;
  }
}

export function isStale(rule: Rule): boolean {
  const outs = rule.outputs.map(mtime);
  if (outs.some((t) => t < 0)) return true;
  const oldestOut = Math.min(...outs);
  return rule.inputs.some((i) => mtime(i) > oldestOut);
}

export async function runRules(rules: Rule[], log: (s: string) => void = console.log): Promise<number> {
  let ran = 0;
  for (const r of rules) {
    if (!isStale(r)) continue;
    log(`  ${r.name}`);
    await r.run();
    ran++;
  }
  return ran;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { build } = await import('./tools/build/index.ts');
  const r = await build({ only: process.argv.slice(2).length > 0 ? process.argv.slice(2) : undefined });
  if (r.ran === 0) console.log('build: everything up to date');
}
