// Runs asc in a worker thread that plain Node loads: no TypeScript loader (tsx, vite) sees
// assemblyscript's and binaryen's JavaScript, which under tsx takes ~20 s to load instead of
// ~1 s. Plain JavaScript on purpose. One worker serves many compiles (asc loads once).
// Request: { id, args, files?, wantExports? }; files: a virtual folder (name -> text, looked up
// by base name) instead of the disk. Reply: { id, error?, outputs, sources, diagnostics,
// exports } with diagnostics/exports as plain data (the host locates them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';

const USER_ENTRY = 1; // asc SourceKind.UserEntry

let ascPromise;
const loadAsc = () => (ascPromise ??= import('assemblyscript/dist/asc.js').then((m) => m.default ?? m));

function rangeOf(r) {
  return r ? { path: r.source.normalizedPath, start: r.start, end: r.end } : undefined;
}

async function compile(req) {
  const asc = await loadAsc();
  const outputs = {};
  const sources = new Set();
  const diagnostics = [];
  const exports = [];
  const stderr = [];
  const files = req.files ? new Map(Object.entries(req.files)) : undefined;
  const readFile = (name, baseDir) => {
    if (files) return files.get(path.basename(name)) ?? null;
    const file = path.resolve(baseDir, name);
    try {
      const text = fs.readFileSync(file, 'utf8');
      sources.add(file);
      return text;
    } catch {
      return null;
    }
  };
  const listFiles = (dir, baseDir) => {
    if (files) return [...files.keys()];
    try {
      return fs.readdirSync(path.resolve(baseDir, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    } catch {
      return null;
    }
  };
  const transforms = req.wantExports
    ? [
        {
          afterInitialize(program) {
            for (const [, file] of program.filesByName) {
              if (file.source?.sourceKind !== USER_ENTRY || !file.exports) continue;
              for (const [name, element] of file.exports) {
                const range = element.declaration?.name?.range ?? element.declaration?.range;
                exports.push({ name, file: file.source.normalizedPath, range: rangeOf(range) });
              }
            }
          },
        },
      ]
    : [];
  const result = await asc.main(req.args, {
    readFile,
    writeFile: (name, contents) => {
      outputs[name] = contents;
    },
    listFiles,
    stdout: { write: () => true },
    stderr: {
      write: (s) => {
        stderr.push(typeof s === 'string' ? s : Buffer.from(s).toString());
        return true;
      },
    },
    reportDiagnostic: (d) => {
      diagnostics.push({ category: d.category, code: d.code, message: d.message, range: rangeOf(d.range) });
    },
    transforms,
  });
  return {
    error: result.error ? String(result.error.message ?? result.error) : undefined,
    stderr: stderr.join(''),
    outputs,
    sources: [...sources],
    diagnostics,
    exports,
  };
}

parentPort.on('message', async (req) => {
  try {
    parentPort.postMessage({ id: req.id, ...(await compile(req)) });
  } catch (e) {
    parentPort.postMessage({ id: req.id, crash: String(e?.stack ?? e) });
  }
});
