// Turning source text into located statements: comments (`//`, `/* */`, `#` starting a line —
// what GNU as accepts for AArch64; `@` is not a comment there, it marks types like
// @function), and `;` statement separators, outside string and character literals.
import type { SourceLocation } from '../common/diagnostics.ts';

export interface Loc extends SourceLocation {
  lineText: string;
  /** "in macro 'foo' expanded at file:line" for statements produced by macros. */
  notes?: string[];
}

/** One statement: its text (comments removed) and where it starts. */
export interface Stmt {
  text: string;
  loc: Loc;
  /** Column where a directive's arguments start (for pointing at one list item). */
  argCol?: number;
}

/** Split a whole file into statements. Block comments may span lines. */
export function splitSource(text: string, file: string): Stmt[] {
  const out: Stmt[] = [];
  const lines = text.split(/\r?\n/);
  let inBlock = false;
  for (let ln = 0; ln < lines.length; ln++) {
    const raw = lines[ln];
    if (!inBlock && HASH_LINE.test(raw)) {
      // A whole-line comment (also cpp line markers) — but C preprocessor directives would be
      // silently dropped, so say so (GNU as ignores them too; .S files normally go through cpp).
      const cpp = CPP_DIRECTIVE.exec(raw);
      if (cpp) out.push({ text: `.cpp_directive ${cpp[2]}`, loc: { file, line: ln + 1, col: cpp[1].length + 1, lineText: raw, length: cpp[2].length + 1 } });
      continue;
    }
    // Fast path: nothing that starts a comment, a literal or a second statement.
    if (!inBlock && !SPECIAL.test(raw)) {
      const lead = raw.length - raw.trimStart().length;
      const t = raw.trim();
      if (t) out.push({ text: t, loc: { file, line: ln + 1, col: lead + 1, lineText: raw } });
      continue;
    }
    // Blank out comments in place so columns stay right.
    const parts: string[] = [];
    let from = 0; // start of the pending run of kept characters
    let i = 0;
    const n = raw.length;
    let quote = false;
    while (i < n) {
      const c = raw.charCodeAt(i);
      if (inBlock) {
        const e = raw.indexOf('*/', i);
        const stop = e < 0 ? n : e + 2;
        parts.push(' '.repeat(stop - i));
        i = from = stop;
        if (e >= 0) inBlock = false;
        continue;
      }
      if (quote) {
        if (c === 92 /* \\ */) { i += 2; continue; }
        if (c === 34 /* " */) quote = false;
        i++;
        continue;
      }
      if (c === 34) { quote = true; i++; continue; }
      if (c === 39 /* ' */) {
        const m = CHAR_LIT.exec(raw.slice(i));
        if (m) { i += m[0].length; continue; }
      }
      if (c === 47 /* / */ && raw.charCodeAt(i + 1) === 47) break;
      if (c === 47 && raw.charCodeAt(i + 1) === 42 /* * */) {
        parts.push(raw.slice(from, i), '  ');
        i += 2;
        from = i;
        inBlock = true;
        continue;
      }
      i++;
    }
    parts.push(raw.slice(from, Math.min(i, n)));
    splitStatements(parts.join(''), raw, file, ln + 1, out);
  }
  return out;
}

const SPECIAL = /["'\/;]/;
const HASH_LINE = /^[ \t]*#/;
const CPP_DIRECTIVE = /^([ \t]*)#\s*(include|define|undef|ifdef|ifndef|if|elif|else|endif|error|pragma)(?=[\s"<(]|$)/;
const CHAR_LIT = /^'(\\x[0-9a-fA-F]{1,2}|\\[0-7]{1,3}|\\.|[^\\])'?/;

/** Split one comment-free line on `;` outside literals and push the non-empty statements. */
export function splitStatements(buf: string, raw: string, file: string, line: number, out: Stmt[], notes?: string[]): void {
  if (buf.indexOf(';') < 0) { pushStmt(buf, 0, buf.length, raw, file, line, out, notes); return; }
  let start = 0;
  let quote = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === '"') quote = false;
      continue;
    }
    if (c === '"') { quote = true; continue; }
    if (c === "'") {
      const m = CHAR_LIT.exec(buf.slice(i));
      if (m) { i += m[0].length - 1; continue; }
    }
    if (c === ';') { pushStmt(buf, start, i, raw, file, line, out, notes); start = i + 1; }
  }
  pushStmt(buf, start, buf.length, raw, file, line, out, notes);
}

function pushStmt(buf: string, start: number, end: number, raw: string, file: string, line: number, out: Stmt[], notes?: string[]): void {
  const part = buf.slice(start, end);
  const text = part.trim();
  if (!text) return;
  const lead = part.length - part.trimStart().length;
  out.push({ text, loc: { file, line, col: start + lead + 1, lineText: raw, ...(notes ? { notes } : {}) } });
}

/** Split a comma-separated argument list at top level (outside parentheses, brackets, quotes). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"') quote = c;
    else if (c === "'") { const m = /^'(\\x[0-9a-fA-F]{1,2}|\\[0-7]{1,3}|\\.|[^\\])'?/.exec(text.slice(i)); if (m) i += m[0].length - 1; }
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth <= 0) { out.push(text.slice(start, i).trim()); start = i + 1; }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

const STRING_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, e: 27, '\\': 92, '"': 34, "'": 39 };

/** Parse a "string literal" (GNU escapes) into bytes; returns the bytes and the rest of the text. */
export function parseString(text: string): { bytes: number[]; rest: string } | { error: string } {
  const s = text.trimStart();
  if (s[0] !== '"') return { error: `expected a string in double quotes, got '${s}'` };
  const bytes: number[] = [];
  let i = 1;
  for (;;) {
    if (i >= s.length) return { error: 'unterminated string' };
    const c = s[i];
    if (c === '"') { i++; break; }
    if (c === '\\') {
      const e = s[i + 1];
      if (e === undefined) return { error: 'unterminated string' };
      if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))!;
        bytes.push(parseInt(m[0], 8) & 0xff);
        i += 1 + m[0].length;
      } else if (e === 'x' || e === 'X') {
        const m = /^[0-9a-fA-F]+/.exec(s.slice(i + 2));
        if (!m) return { error: 'bad \\x escape in string' };
        bytes.push(parseInt(m[0].slice(-2), 16));
        i += 2 + m[0].length;
      } else {
        bytes.push(STRING_ESCAPES[e] ?? e.charCodeAt(0));
        i += 2;
      }
      continue;
    }
    const code = c.codePointAt(0)!;
    for (const b of Buffer.from(String.fromCodePoint(code), 'utf8')) bytes.push(b);
    i += code > 0xffff ? 2 : 1;
  }
  return { bytes, rest: s.slice(i) };
}
