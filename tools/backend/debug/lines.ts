// Line information for compiled code: the emitter marks where each run of instructions came
// from (WASM_LOC, a wasm file offset); with the program's source map these become GNU-as
// `.file N "path"` / `.loc N LINE COL` directives, which the assembler turns into DWARF
// .debug_line (tools/asm/dwarf.ts). Without a map the markers are dropped. Codegen is the same
// either way: only directives are added.
import * as path from 'node:path';
import { WASM_LOC } from '../emit/emit.ts';
import { parseSourceMap } from './source-map.ts';

export interface LineOptions {
  /** The source map asc wrote beside the wasm (`--sourceMap`), as text. */
  sourceMap?: string;
  /** Absolute directory the map's source names are relative to (asc's --baseDir). */
  sourceRoot?: string;
  /** Absolute directory of asc's standard library (`~lib/...` names). */
  stdLib?: string;
}

/** Rewrite the markers of `asm`; returns the text with `.file` directives first. */
export function resolveLines(asm: string, o: LineOptions): string {
  const lines = asm.split('\n');
  if (!o.sourceMap) return lines.filter((l) => !l.startsWith(WASM_LOC)).join('\n');
  const map = parseSourceMap(o.sourceMap);
  const fileOf = (i: number): string => {
    const s = map.sources[i] ?? '?';
    if (s.startsWith('~lib/') && o.stdLib) return path.join(o.stdLib, s.slice(5));
    return o.sourceRoot ? path.resolve(o.sourceRoot, s) : s;
  };
  const used = new Map<number, number>(); // map source index -> .file number
  const out: string[] = [];
  let last = '';
  for (const l of lines) {
    if (!l.startsWith(WASM_LOC)) { out.push(l); continue; }
    const at = map.at.get(Number(l.slice(WASM_LOC.length)));
    if (!at) continue; // no location for this instruction: the previous line goes on
    let n = used.get(at.file);
    if (n === undefined) used.set(at.file, (n = used.size + 1));
    const loc = `\t.loc ${n} ${at.line} ${at.col}`;
    if (loc !== last) out.push(loc);
    last = loc;
  }
  const files = [...used].map(([src, n]) => `\t.file ${n} ${JSON.stringify(fileOf(src))}`);
  return [...files, ...out].join('\n');
}
