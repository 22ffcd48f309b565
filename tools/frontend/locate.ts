// Turning asc's source ranges (normalized path + character offsets) into file:line:col.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceLocation } from '../common/diagnostics.ts';

const LIB_PREFIX = '~lib/';

/** The on-disk file behind an asc normalized path: project files are root-relative, standard
 *  library files live in assemblyscript/std/assembly or our runtime lib (libDir). */
export function sourceFileOf(root: string, ascDir: string, libDir: string, normalizedPath: string): string {
  if (normalizedPath.startsWith(LIB_PREFIX)) {
    const rest = normalizedPath.slice(LIB_PREFIX.length);
    const ours = path.join(libDir, rest);
    if (fs.existsSync(ours)) return ours;
    return path.join(ascDir, 'std/assembly', rest);
  }
  return path.resolve(root, normalizedPath);
}

export function locate(root: string, ascDir: string, libDir: string, normalizedPath: string, start: number, end: number): SourceLocation {
  const file = sourceFileOf(root, ascDir, libDir, normalizedPath);
  const shown = path.relative(process.cwd(), file) || file;
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { file: shown, line: 1, col: 1 };
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const col = start - lineStart + 1;
  const length = Math.max(1, Math.min(end, lineEnd) - start);
  return { file: shown, line, col, lineText, length };
}
