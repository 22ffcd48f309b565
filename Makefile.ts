// The project's build graph, in TypeScript. `raspvisor build` runs it; so does
// `npx tsx Makefile.ts [target]`. Each rule names its inputs and outputs; a rule runs when an
// output is missing or older than an input (or its recipe's own source changed).
// The rules for programs (hypervisor, guests) are added by tools/build as they land.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const BUILD_DIR = path.join(ROOT, 'build');

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
  console.log('Makefile.ts: use `raspvisor build` (rules are registered by tools/build).');
}
