// Macro arguments and body substitution, as GNU as does them: positional and `name=value`
// arguments, defaults, `:req`, `:vararg`, quoted arguments, blank-separated arguments when no
// commas are used; `\name`, `\()` and `\@` in bodies (also for .irp/.irpc).
import { UserError } from '../common/diagnostics.ts';
import type { Stmt, Loc } from './source.ts';

export interface Macro { name: string; params: { name: string; def?: string; req: boolean; vararg: boolean }[]; body: Stmt[]; loc: Loc }

/** Bind a macro call's arguments (positional, `name=value`, defaults, :req, :vararg). */
export function bindMacroArgs(m: Macro, text: string): Map<string, string> {
  const values = new Map<string, string>();
  let args = splitMacroArgs(text, m.params.length);
  let pos = 0;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.*)$/s.exec(a);
    if (kw && m.params.some((p) => p.name === kw[1])) { values.set(kw[1], kw[2]); continue; }
    const p = m.params[pos++];
    if (!p) {
      if (a === '' && k === args.length - 1) break;
      throw new UserError(`too many arguments for macro '${m.name}' (it takes ${m.params.length})`);
    }
    if (p.vararg) { values.set(p.name, args.slice(k).join(', ')); break; }
    values.set(p.name, unquote(a));
  }
  args = [];
  for (const p of m.params) {
    const v = values.get(p.name);
    if (v === undefined || v === '') {
      if (p.req) throw new UserError(`missing value for required argument '${p.name}' of macro '${m.name}'`);
      values.set(p.name, p.def ?? '');
    }
  }
  return values;
}

/** GNU strips the quotes of a quoted macro argument ("a b" passes a b). */
function unquote(a: string): string {
  return /^"([^"\\]|\\.)*"$/.test(a) ? a.slice(1, -1) : a;
}

function splitMacroArgs(text: string, nparams: number): string[] {
  const t = text.trim();
  if (t === '') return [];
  const parts = splitTop(t, ',');
  // GNU also separates arguments by blanks when no commas are used.
  if (parts.length === 1 && nparams > 1) return splitTop(t, ' ').filter((x) => x !== '');
  return parts;
}

function splitTop(t: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = false, start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quote) { if (c === '\\') i++; else if (c === '"') quote = false; continue; }
    if (c === '"') quote = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth <= 0 && (c === sep || (sep === ' ' && c === '\t'))) { out.push(t.slice(start, i).trim()); start = i + 1; }
  }
  out.push(t.slice(start).trim());
  return out;
}

/** Replace `\name`, `\()` and `\@` in a macro or .irp body line. */
export function substitute(text: string, values: Map<string, string>, counter: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(\(\)|@|[A-Za-z_]\w*)/g, (all, name: string) => {
    if (name === '()') return '';
    if (name === '@') return counter;
    // Longest parameter name that prefixes the word, as GNU matches it.
    if (values.has(name)) return values.get(name)!;
    for (let k = name.length - 1; k > 0; k--) {
      const p = name.slice(0, k);
      if (values.has(p)) return values.get(p)! + name.slice(k);
    }
    return all;
  });
}

