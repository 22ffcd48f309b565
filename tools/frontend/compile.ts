// Running asc through its JavaScript API for one program. Produces the optimized wasm or throws
// located UserErrors; never returns a module from a program with errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { UserError, UserErrors } from '../common/diagnostics.ts';
import { ABORT_MODULE, ascFlags, checkLayout, RUNTIME_LIB_DIR, type ProgramLayout } from './flags.ts';
import { locate } from './locate.ts';
import { findDuplicateExports } from './exports.ts';
import { runAsc, type AscRange } from './asc-host.ts';
import { cacheKey, lookup, store } from '../common/step-cache.ts';

export interface FrontendInput extends ProgramLayout {
  /** Program name, for messages. */
  name: string;
  /** Project root; file names in diagnostics are relative to it. */
  root: string;
  /** Entry files (absolute or root-relative). Their exports become the program's symbols. */
  entries: string[];
  /** Also return the text format (for `build/<program>.wat`). */
  wantText?: boolean;
  /** More asc flags (benchmarks: `--uncheckedBehavior always` drops array bounds checks). */
  extraFlags?: string[];
}

export interface FrontendOutput {
  wasm: Uint8Array;
  text?: string;
  /** The source map (JSON text), for line information. */
  sourceMap?: string;
  /** Every source file asc read (for the build's dependency tracking), absolute paths. */
  sources: string[];
  /** asc warnings, already formatted `file:line:col: warning: ...`. */
  warnings: string[];
}

const require = createRequire(import.meta.url);
/** The raspvisor checkout: the runtime library belongs to the toolchain, not to the project. */
const TOOLCHAIN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ASC_DIR = path.dirname(require.resolve('assemblyscript/package.json'));
const ASC_VERSION: string = require('assemblyscript/package.json').version;

const CATEGORY_ERROR = 3;
const CATEGORY_WARNING = 2;

export async function compileAssemblyScript(input: FrontendInput): Promise<FrontendOutput> {
  checkLayout(input.name, input);
  const root = path.resolve(input.root);
  const rel = (f: string) => path.relative(root, path.resolve(root, f));
  const entries = input.entries.map(rel);
  for (const e of entries) {
    if (!fs.existsSync(path.join(root, e))) throw new UserError(`program ${input.name}: entry file ${e} not found`);
  }
  const libDir = path.join(TOOLCHAIN_ROOT, RUNTIME_LIB_DIR);
  // The abort replacement must be parsed even if the program never imports it: it is an extra
  // entry, so its element name is its path relative to the project root.
  const panicEntry = path.relative(root, path.join(libDir, `${ABORT_MODULE}.ts`)).split(path.sep).join('/');
  const flags = ascFlags(input, libDir).map((f) =>
    f.startsWith('abort=') ? `abort=${panicEntry.replace(/\.ts$/, '')}/rv_abort` : f,
  );

  const args = [...entries, panicEntry, ...flags, ...(input.extraFlags ?? []), '--baseDir', root, '-o', 'out.wasm', ...(input.wantText ? ['-t', 'out.wat'] : [])];
  const key = cacheKey([ASC_VERSION, root, process.cwd(), ...args]);
  const hit = lookup<Omit<FrontendOutput, 'wasm'>>(key);
  if (hit) return { wasm: hit.data, ...hit.meta };
  // asc runs in a plain-node worker (asc-worker.mjs): loaded through a TypeScript loader it
  // takes 20 s and more to start.
  const result = await runAsc({ args, wantExports: true });
  const at = (r: AscRange) => locate(root, ASC_DIR, libDir, r.path, r.start, r.end);
  const errors: UserError[] = [];
  const warnings: string[] = [];
  for (const d of result.diagnostics) {
    const where = d.range ? at(d.range) : undefined;
    if (d.category === CATEGORY_ERROR) {
      errors.push(new UserError(`${d.message} [AS${d.code}]`, { loc: where }));
    } else if (d.category === CATEGORY_WARNING && where) {
      warnings.push(`${where.file}:${where.line}:${where.col}: warning: ${d.message} [AS${d.code}]`);
    }
  }
  errors.push(...findDuplicateExports(result.exports, at));
  if (errors.length === 0 && result.error) {
    errors.push(new UserError(`program ${input.name}: asc failed: ${result.error}`));
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);

  const wasm = result.outputs['out.wasm'];
  if (!(wasm instanceof Uint8Array)) throw new Error(`asc produced no binary for ${input.name}`);
  const text = result.outputs['out.wat'];
  const map = result.outputs['out.wasm.map'];
  const out: FrontendOutput = {
    wasm,
    text: typeof text === 'string' ? text : undefined,
    sourceMap: typeof map === 'string' ? map : map instanceof Uint8Array ? Buffer.from(map).toString() : undefined,
    sources: result.sources.filter((f) => !f.startsWith(ASC_DIR + path.sep)).sort(),
    warnings,
  };
  store(key, result.sources, { data: wasm, meta: { text: out.text, sourceMap: out.sourceMap, sources: out.sources, warnings } });
  return out;
}
