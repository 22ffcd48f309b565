// Program layouts of a project: `raspvisor.json` ("layouts": { program: { field: number } })
// when the project has one, else the toolchain's own (Makefile.ts PROGRAM_LAYOUTS, for this
// checkout's examples). Numbers may be written as JSON numbers or strings ("0x80000").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../common/diagnostics.ts';
import { PROJECT_FILE } from './find.ts';
import type { ProgramLayoutSpec } from '../build/programs.ts';

type Layouts = Record<string, Partial<ProgramLayoutSpec>>;

const FIELDS: (keyof ProgramLayoutSpec)[] = ['loadAddress', 'addressBase', 'memoryBase', 'memorySize', 'stackTop', 'stackSize'];

/** 1-based line and column of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number; lineText: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', start);
  return { line, col: offset - start + 1, lineText: text.slice(start, end < 0 ? undefined : end) };
}

/** Where `"key"` first appears after `from`, for errors about a value. */
function locate(file: string, text: string, key: string, from = 0) {
  const i = text.indexOf(JSON.stringify(key), from);
  return { file, ...lineCol(text, Math.max(0, i)), length: key.length + 2 };
}

export function readProjectLayouts(root: string, fallback: Layouts): Layouts {
  const file = path.join(root, PROJECT_FILE);
  if (!fs.existsSync(file)) return fallback;
  const shownName = PROJECT_FILE;
  const text = fs.readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? Number(m[1]) : 0;
    throw new UserError(`not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, { loc: { file: shownName, ...lineCol(text, at) } });
  }
  const layouts = (json as { layouts?: unknown })?.layouts;
  if (layouts === undefined) return {};
  if (typeof layouts !== 'object' || layouts === null || Array.isArray(layouts)) {
    throw new UserError('"layouts" must be an object of programs', { loc: locate(shownName, text, 'layouts') });
  }
  const out: Layouts = {};
  for (const [prog, spec] of Object.entries(layouts as Record<string, unknown>)) {
    const at = text.indexOf(JSON.stringify(prog));
    if (typeof spec !== 'object' || spec === null) throw new UserError(`layout of ${prog} must be an object`, { loc: locate(shownName, text, prog) });
    const l: Partial<ProgramLayoutSpec> = {};
    for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
      if (!FIELDS.includes(k as keyof ProgramLayoutSpec)) {
        throw new UserError(`unknown layout field '${k}' (fields: ${FIELDS.join(', ')})`, { loc: locate(shownName, text, k, at) });
      }
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^(0x[0-9a-f_]+|[0-9_]+)$/i.test(v.trim()) ? Number(v.trim().replace(/_/g, '')) : NaN;
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new UserError(`${prog}.${k}: expected a non-negative whole number (e.g. 524288 or "0x80000"), got ${JSON.stringify(v)}`, { loc: locate(shownName, text, k, at) });
      }
      l[k as keyof ProgramLayoutSpec] = n;
    }
    out[prog] = l;
  }
  return out;
}
