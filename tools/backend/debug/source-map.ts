// A wasm source map (Source Map v3, as asc/Binaryen write it with --sourceMap): one line of
// "mappings" whose generated column is the byte offset of a wasm instruction in the module
// file, each segment naming a source file, line and column (0-based in the map). This reads it
// into a table by offset; the backend turns an instruction's offset into a `.loc`.
export interface SourcePos { file: number; line: number; col: number }
export interface SourceMap { sources: string[]; at: Map<number, SourcePos> }

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

/** Base64 VLQ: 5 bits per digit, low first, bit 5 continues; the lowest bit of the value is
 *  its sign. */
function vlqs(seg: string): number[] {
  const out: number[] = [];
  let v = 0, shift = 0;
  for (const ch of seg) {
    const d = DIGIT.get(ch);
    if (d === undefined) throw new Error(`bad source map digit '${ch}'`);
    v += (d & 31) * 2 ** shift;
    if (d & 32) { shift += 5; continue; }
    out.push(v & 1 ? -Math.floor(v / 2) : Math.floor(v / 2));
    v = 0; shift = 0;
  }
  return out;
}

export function parseSourceMap(text: string): SourceMap {
  const j = JSON.parse(text) as { sources?: string[]; mappings?: string };
  const at = new Map<number, SourcePos>();
  let off = 0, file = 0, line = 0, col = 0;
  // Binaryen writes a single generated line; a ';' would start another (not used for wasm).
  for (const seg of (j.mappings ?? '').replace(/;/g, ',').split(',')) {
    if (!seg) continue;
    const f = vlqs(seg);
    off += f[0];
    if (f.length < 4) continue; // an offset with no source: none
    file += f[1]; line += f[2]; col += f[3];
    at.set(off, { file, line: line + 1, col: col + 1 });
  }
  return { sources: j.sources ?? [], at };
}
