// The TypeScript sources of one tool folder (a rule's "recipe" inputs), listed once per process.
import * as fs from 'node:fs';
import * as path from 'node:path';

const listed = new Map<string, string[]>();

export function filesOf(root: string, dir: string): string[] {
  const top = path.join(root, dir);
  let out = listed.get(top);
  if (out) return out;
  out = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.ts') || e.name.endsWith('.mjs')) out!.push(f);
    }
  };
  walk(top);
  out.sort();
  listed.set(top, out);
  return out;
}
