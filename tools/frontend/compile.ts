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
  /** Every source file asc read (for the build's dependency tracking), absolute paths. */
  sources: string[];
  /** asc warnings, already formatted `file:line:col: warning: ...`. */
  warnings: string[];
}

const require = createRequire(import.meta.url);
/** The raspvisor checkout: the runtime library belongs to the toolchain, not to the project. */
const TOOLCHAIN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ASC_DIR = path.dirname(require.resolve('assemblyscript/package.json'));
let ascModule: Promise<any> | undefined;
function loadAsc(): Promise<any> {
  ascModule ??= import('assemblyscript/dist/asc.js').then((m) => m.default ?? m);
  return ascModule;
}

const CATEGORY_ERROR = 3;
const CATEGORY_WARNING = 2;

export async function compileAssemblyScript(input: FrontendInput): Promise<FrontendOutput> {
  checkLayout(input.name, input);
  const asc = await loadAsc();
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

  const errors: UserError[] = [];
  const warnings: string[] = [];
  const outputs = new Map<string, Uint8Array | string>();
  const sources = new Set<string>();
  const duplicates: UserError[] = [];

  const readSource = (name: string, baseDir: string): string | null => {
    const file = path.resolve(baseDir, name);
    try {
      const text = fs.readFileSync(file, 'utf8');
      sources.add(file);
      return text;
    } catch {
      return null;
    }
  };

  const result = await asc.main(
    [...entries, panicEntry, ...flags, ...(input.extraFlags ?? []), '--baseDir', root, '-o', 'out.wasm', ...(input.wantText ? ['-t', 'out.wat'] : [])],
    {
      readFile: readSource,
      writeFile: (name: string, contents: Uint8Array | string) => {
        outputs.set(name, contents);
      },
      listFiles: (dir: string, baseDir: string) => {
        try {
          return fs.readdirSync(path.resolve(baseDir, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
        } catch {
          return null;
        }
      },
      stdout: sink(),
      stderr: sink(),
      reportDiagnostic: (d: any) => {
        const where = d.range ? locate(root, ASC_DIR, libDir, d.range.source.normalizedPath, d.range.start, d.range.end) : undefined;
        if (d.category === CATEGORY_ERROR) {
          errors.push(new UserError(`${d.message} [AS${d.code}]`, { loc: where }));
        } else if (d.category === CATEGORY_WARNING && where) {
          warnings.push(`${where.file}:${where.line}:${where.col}: warning: ${d.message} [AS${d.code}]`);
        }
      },
      transforms: [
        {
          afterInitialize(program: any) {
            duplicates.push(...findDuplicateExports(program, root, ASC_DIR, libDir));
          },
        },
      ],
    },
  );

  errors.push(...duplicates);
  if (errors.length === 0 && result.error) {
    errors.push(new UserError(`program ${input.name}: asc failed: ${result.error.message}`));
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);

  const wasm = outputs.get('out.wasm');
  if (!(wasm instanceof Uint8Array)) throw new Error(`asc produced no binary for ${input.name}`);
  const text = outputs.get('out.wat');
  return {
    wasm,
    text: typeof text === 'string' ? text : undefined,
    sources: [...sources].filter((f) => !f.startsWith(ASC_DIR + path.sep)).sort(),
    warnings,
  };
}

function sink() {
  const chunks: string[] = [];
  return {
    write(s: string | Uint8Array) {
      chunks.push(typeof s === 'string' ? s : Buffer.from(s).toString());
      return true;
    },
    toString: () => chunks.join(''),
  };
}
