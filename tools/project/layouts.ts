// Program layouts of a project: `raspvisor.json` ("layouts": { program: { field: number } })
// when the project has one, else the toolchain's own (Makefile.ts PROGRAM_LAYOUTS, for this
// checkout's examples). Numbers may be written as JSON numbers or strings ("0x80000").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../common/diagnostics.ts';
import { PROJECT_FILE } from './find.ts';
import type { ProgramLayoutSpec } from '../build/programs.ts';

type Layouts = Record<string, Partial<ProgramLayoutSpec>>;

/** Address fields: JSON numbers or strings ("0x80000", "0xffff000000080000"). */
const NUMBERS = ['loadAddress', 'addressBase', 'memoryBase', 'memorySize', 'stackTop', 'stackSize'];
/** The other fields and what each accepts. */
const OTHERS: Record<string, { what: string; ok: (v: unknown) => boolean }> = {
  mmu: { what: 'true or false', ok: (v) => typeof v === 'boolean' },
  stackCheck: { what: '"limit", "floor", "percore" or "off"', ok: (v) => v === 'limit' || v === 'floor' || v === 'percore' || v === 'off' },
  guests: { what: 'a list of guest folder names', ok: (v) => Array.isArray(v) && v.every((g) => typeof g === 'string') },
};
const FIELDS = [...NUMBERS, ...Object.keys(OTHERS)];

/** A whole number a layout may hold: exactly representable (high-half addresses are, with
 *  their low bits zero), else NaN. */
function wholeNumber(v: unknown): number {
  let b: bigint;
  try {
    if (typeof v === 'number') b = BigInt(v);
    else if (typeof v === 'string' && /^(0x[0-9a-f_]+|[0-9_]+)$/i.test(v.trim())) b = BigInt(v.trim().replace(/_/g, ''));
    else return NaN;
  } catch {
    return NaN;
  }
  const n = Number(b);
  return b >= 0n && BigInt(n) === b ? n : NaN;
}

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
      if (!FIELDS.includes(k)) {
        throw new UserError(`unknown layout field '${k}' (fields: ${FIELDS.join(', ')})`, { loc: locate(shownName, text, k, at) });
      }
      if (k in OTHERS) {
        if (!OTHERS[k].ok(v)) throw new UserError(`${prog}.${k}: expected ${OTHERS[k].what}, got ${JSON.stringify(v)}`, { loc: locate(shownName, text, k, at) });
        (l as Record<string, unknown>)[k] = v;
        continue;
      }
      const n = wholeNumber(v);
      if (Number.isNaN(n)) {
        throw new UserError(`${prog}.${k}: expected a non-negative whole number (e.g. 524288 or "0x80000"), got ${JSON.stringify(v)}`, { loc: locate(shownName, text, k, at) });
      }
      (l as Record<string, number>)[k] = n;
    }
    out[prog] = l;
  }
  return out;
}
