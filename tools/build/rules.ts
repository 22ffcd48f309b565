// The rules that turn one program's sources into its image:
//   asc (main.ts -> .wasm), backend (.wasm -> .s + function-name table), layout/guest tables,
//   assembler (each .S/.s -> .o), linker (-> .elf + raw image).
// A rule's inputs include the sources of the tool that runs it, so changing the compiler
// rebuilds what it compiled.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readFileOrFail, writeFileAtomic } from '../common/files.ts';
import { UserError, UserErrors, type SourceLocation } from '../common/diagnostics.ts';
import type { Rule } from '../../Makefile.ts';
import { functionNames, functionTableAsm, guestsAsm, layoutAsm } from './generated.ts';
import type { ProgramSpec } from './programs.ts';
import type { Toolchain } from './toolchain.ts';
import { cacheKey, lookup, store } from '../common/step-cache.ts';
import { filesOf } from './tool-files.ts';
import { readElf } from '../elf/reader.ts';

/** asc's standard library sources (`~lib/` in source maps), for gdb's `list`. */
const ASC_STD_LIB = path.join(path.dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'std/assembly');
/** The raspvisor checkout: the runtime belongs to the toolchain, not to the project built. */
const TOOLCHAIN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runtime sources every program with AssemblyScript code links. */
export const BAREMETAL_RUNTIME = ['start.S', 'mmu.S', 'vectors.S', 'panic.S', 'uart.S', 'mem.S'].map((f) => `tools/runtime/baremetal/${f}`);
/** The default entry (rv_start), for programs without their own `_start`. */
export const RUNTIME_ENTRY = 'tools/runtime/baremetal/entry.S';

export interface RuleContext {
  root: string;
  buildDir: string;
  toolchain: Toolchain;
  /** Inputs every rule depends on (the build graph's own description). */
  always: string[];
  /** Files of each tool, by tool, for "recipe changed" staleness. */
  toolFiles: (tool: 'frontend' | 'backend' | 'asm' | 'link' | 'build') => string[];
}

const rel = (ctx: RuleContext, f: string) => path.relative(ctx.root, f) || f;

/** Files an assembly source pulls in with .include/.incbin (one level, quoted names). */
function includedFiles(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  const re = /^\s*\.(?:include|incbin)\s+"([^"]+)"/gm;
  for (let m; (m = re.exec(text)); ) out.push(path.resolve(path.dirname(file), m[1]));
  return out;
}

function readDeps(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export function programRules(p: ProgramSpec, ctx: RuleContext, all: ProgramSpec[]): Rule[] {
  const abs = (f: string) => path.join(ctx.root, f);
  const work = path.join(ctx.buildDir, p.name);
  const rules: Rule[] = [];
  const objects: string[] = [];
  const asmInputs: { src: string; obj: string }[] = [];

  if (p.entry) {
    const wasm = path.join(work, `${p.name}.wasm`);
    const deps = path.join(work, `${p.name}.wasm.deps`);
    const entry = abs(p.entry);
    rules.push({
      name: `asc      ${p.entry} -> ${rel(ctx, wasm)}`,
      inputs: [entry, ...readDeps(deps), ...ctx.always, ...ctx.toolFiles('frontend')],
      outputs: [wasm, deps, `${wasm}.map`],
      run: async () => {
        const { compileAssemblyScript } = await import('../frontend/compile.ts');
        const r = await compileAssemblyScript({ name: p.name, root: ctx.root, entries: [p.entry!], memoryBase: p.memoryBase, memorySize: p.memorySize, wantText: true });
        for (const w of r.warnings) process.stderr.write(w + '\n');
        // Both entries (the runtime's rv_start and the hypervisor's boot.S) call `main`.
        const exported = WebAssembly.Module.exports(new WebAssembly.Module(new Uint8Array(r.wasm))).map((e) => e.name);
        if (!exported.includes('main')) {
          throw new UserError(`program ${p.name} exports no function 'main': its start-up code calls main()`, { loc: { file: path.relative(process.cwd(), entry), line: 1, col: 1 } });
        }
        writeFileAtomic(path.join(work, `${p.name}.wat`), r.text ?? '');
        writeFileAtomic(`${wasm}.map`, r.sourceMap ?? '');
        writeFileAtomic(wasm, r.wasm);
        writeFileAtomic(deps, r.sources.join('\n') + '\n');
      },
    });
    const compiled = path.join(work, `${p.name}.s`);
    rules.push({
      name: `backend  ${rel(ctx, wasm)} -> ${rel(ctx, compiled)}`,
      inputs: [wasm, `${wasm}.map`, ...ctx.always, ...ctx.toolFiles('backend')],
      outputs: [compiled],
      run: async () => {
        const bytes = readFileOrFail(wasm);
        // Line information: the map's names are relative to the project (asc's --baseDir).
        const lines = { sourceMap: fs.existsSync(`${wasm}.map`) ? fs.readFileSync(`${wasm}.map`, 'utf8') || undefined : undefined, sourceRoot: ctx.root, stdLib: ASC_STD_LIB };
        const options = { file: rel(ctx, wasm), addressBase: BigInt(p.addressBase), memorySize: p.memorySize, target: 'baremetal', stackCheck: p.stackCheck ?? 'limit', lines };
        // Cached by the wasm's bytes and the backend's sources: a fresh build folder (tests, CI)
        // does not load the backend for a program it compiled before.
        const backendFiles = ['tools/backend', 'tools/isa', 'tools/common'].flatMap((d) => filesOf(TOOLCHAIN_ROOT, d));
        // The key names this toolchain and its file list: an entry is validated against the files
        // of the checkout that stored it, so another checkout sharing the cache (or a file added
        // to the backend since) must not find it.
        const key = cacheKey(['backend-asm', TOOLCHAIN_ROOT, backendFiles.join('\n'), bytes, JSON.stringify(options, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))]);
        const hit = lookup<null>(key);
        if (hit) {
          const asm = Buffer.from(hit.data).toString();
          writeFileAtomic(compiled, asm + functionTableAsm(functionNames(asm)));
          return;
        }
        const { compileWasm } = await loadBackend();
        let asm: string;
        try {
          ({ asm } = compileWasm(bytes, options));
        } catch (e) {
          throw locateIntrinsicError(e, readDeps(path.join(work, `${p.name}.wasm.deps`)));
        }
        writeFileAtomic(compiled, asm + functionTableAsm(functionNames(asm)));
        store(key, backendFiles, { data: Buffer.from(asm), meta: null });
      },
    });
    // .wasm.o: a program's own .S may share its name (test_binary.S)
    asmInputs.push({ src: compiled, obj: path.join(work, 'obj', `${p.name}.wasm.o`) });
    const runtime = hasOwnStart(p, abs) ? BAREMETAL_RUNTIME : [...BAREMETAL_RUNTIME, RUNTIME_ENTRY];
    for (const r of runtime) asmInputs.push({ src: path.join(TOOLCHAIN_ROOT, r), obj: path.join(work, 'obj', 'runtime', path.basename(r).replace(/\.S$/, '.o')) });
  }

  // Generated: layout constants (programs with a runtime) and the embedded guests.
  const generated: { file: string; text: () => string; inputs: string[] }[] = [];
  if (p.entry) generated.push({ file: path.join(work, 'layout.S'), text: () => layoutAsm(p), inputs: [] });
  if (p.embeds.length > 0) {
    const guests = p.embeds.map((n) => all.find((g) => g.name === n)!);
    const images = guests.map((g) => path.join(ctx.buildDir, g.image));
    generated.push({
      file: path.join(work, 'guests.S'),
      // The physical load address: a guest linked away from its load (mini-os, in the high half)
      // maps physical memory at addressBase + PA, so its link address less the base.
      text: () => guestsAsm(guests.map((g, i) => ({ name: g.name, image: images[i], loadAddress: g.loadAddress - g.addressBase }))),
      inputs: images,
    });
  }
  for (const g of generated) {
    // Regenerated when its text would change (a guest folder removed or added), not only when
    // an input is newer: a removed guest has no input left to be newer.
    try {
      if (fs.readFileSync(g.file, 'utf8') !== g.text()) fs.rmSync(g.file, { force: true });
    } catch {
      // not there yet
    }
    rules.push({
      name: `generate ${rel(ctx, g.file)}`,
      inputs: [...g.inputs, ...ctx.always, ...ctx.toolFiles('build')],
      outputs: [g.file],
      run: () => writeFileAtomic(g.file, g.text()),
    });
    asmInputs.push({ src: g.file, obj: path.join(work, 'obj', path.basename(g.file).replace(/\.S$/, '.o')) });
  }
  for (const s of p.asmSources) {
    // The program's own sources by their path in its folder; shared library ones under lib/.
    const name = s.startsWith(p.dir + '/') ? s.slice(p.dir.length + 1) : s.replace(/^guests\//, '');
    asmInputs.push({ src: abs(s), obj: path.join(work, 'obj', name.replace(/\.[sS]$/, '.o')) });
  }

  for (const a of asmInputs) {
    rules.push({
      name: `as       ${rel(ctx, a.src)}`,
      inputs: [a.src, ...includedFiles(a.src), ...ctx.always, ...ctx.toolFiles('asm')],
      outputs: [a.obj],
      run: () => ctx.toolchain.assemble(a.src, a.obj, [path.dirname(a.src), abs(p.dir)]),
    });
    objects.push(a.obj);
  }

  const elf = path.join(ctx.buildDir, p.elf);
  const image = path.join(ctx.buildDir, p.image);
  rules.push({
    name: `link     ${rel(ctx, elf)}, ${rel(ctx, image)}`,
    inputs: [...objects, ...ctx.always, ...ctx.toolFiles('link')],
    outputs: [elf, image],
    run: () =>
      ctx.toolchain
        .link({
          objects,
          base: p.loadAddress,
          entry: entryOf(p, abs),
          textFirst: ['.text.boot', '.text.rv_boot'],
          gcSections: true,
          elf,
          image,
        })
        .catch((e) => {
          throw locateImportErrors(e, p.entry ? readDeps(path.join(work, `${p.name}.wasm.deps`)) : []);
        })
        .then(() => {
          if (p.entry) checkImportedGlobals(path.join(work, `${p.name}.wasm`), elf, readDeps(path.join(work, `${p.name}.wasm.deps`)));
        }),
  });
  return rules;
}

/** A link error "undefined symbol 'X'" where X is a wasm import: located at its declaration. */
function locateImportErrors(e: unknown, sources: string[]): unknown {
  const one = (u: UserError): UserError => {
    const m = /undefined symbol '([^']+)'/.exec(u.message);
    if (!m || sources.length === 0) return u;
    const found = findExternal(sources, '[^"]+', m[1]);
    if (!found) return u;
    return new UserError(`undefined symbol '${m[1]}': nothing defines this import (no .S file or runtime routine of that name)`, {
      loc: found,
      notes: u.offset ? [`referenced from ${u.offset.file} at offset 0x${u.offset.offset.toString(16)}`] : [],
    });
  };
  if (e instanceof UserErrors) return new UserErrors(e.errors.map(one));
  if (e instanceof UserError) return one(e);
  return e;
}

const SHF_EXECINSTR = 0x4;

/** `@external("env", "vectors") declare const vectors: usize` reads the symbol's first word (a
 *  .S variable's value). Where the symbol is code, that is never what was meant (VBAR would get
 *  an instruction word): a located error that names the form giving the address. */
function checkImportedGlobals(wasmFile: string, elfFile: string, sources: string[]): void {
  const globals = WebAssembly.Module.imports(new WebAssembly.Module(new Uint8Array(readFileOrFail(wasmFile)))).filter((i) => i.kind === 'global' && i.module !== 'aarch64');
  if (globals.length === 0) return;
  const elf = readElf(new Uint8Array(readFileOrFail(elfFile)), elfFile);
  const errors: UserError[] = [];
  for (const g of globals) {
    const sym = elf.symbols.find((s) => s.name === g.name && s.shndx !== 0);
    const sec = sym && sym.shndx < elf.sections.length ? elf.sections[sym.shndx] : undefined;
    if (!sec || !(sec.flags & SHF_EXECINSTR)) continue;
    const loc = findExternal(sources, '[^"]+', g.name) ?? findDeclare(sources, g.name);
    errors.push(
      new UserError(`'${g.name}' is code (in ${sec.name}): this declaration would read its first instruction word, not its address`, {
        loc,
        notes: [`for the address write: @external("aarch64", "addr.${g.name}") declare const ${g.name}: u64;`],
      }),
    );
  }
  if (errors.length > 0) {
    fs.rmSync(elfFile, { force: true });
    throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  }
}

/** Where `declare const NAME` (or let/var) is written. */
function findDeclare(sources: string[], name: string): SourceLocation | undefined {
  const needle = new RegExp(`declare\\s+(const|let|var)\\s+${escapeRe(name)}\\b`);
  for (const file of sources) {
    let lines: string[];
    try {
      lines = fs.readFileSync(file, 'utf8').split('\n');
    } catch {
      continue;
    }
    const i = lines.findIndex((l) => needle.test(l));
    if (i < 0) continue;
    const hit = needle.exec(lines[i])!;
    return { file: path.relative(process.cwd(), file), line: i + 1, col: hit.index + 1, lineText: lines[i], length: hit[0].length };
  }
  return undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `@external("<module>", "<name>")` is written (module: a regex source). */
function findExternal(sources: string[], moduleRe: string, name: string): SourceLocation | undefined {
  const needle = new RegExp(`@external\\(\\s*"${moduleRe}"\\s*,\\s*"${escapeRe(name)}"`);
  for (const file of sources) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    const i = lines.findIndex((l) => needle.test(l));
    if (i < 0) continue;
    const hit = needle.exec(lines[i])!;
    const skip = hit[0].indexOf('"');
    return { file: path.relative(process.cwd(), file), line: i + 1, col: hit.index + skip + 1, lineText: lines[i], length: hit[0].length - skip };
  }
  return undefined;
}

/** A backend error about an "aarch64" import points at the wasm; point it at the source line
 *  that declares the import instead (the wasm offset stays as a note). */
function locateIntrinsicError(e: unknown, sources: string[]): unknown {
  if (!(e instanceof UserError) || e.loc) return e;
  // "intrinsic \"aarch64.X\" must ...", "\"aarch64.hvc.99999\": immediate must be ..."
  const m = /"aarch64\.([^"]+)"/.exec(e.message);
  if (!m) return e;
  const loc = findExternal(sources, 'aarch64', m[1]);
  if (!loc) return e;
  const notes = e.offset ? [`in ${e.offset.file} at offset 0x${e.offset.offset.toString(16)}`, ...e.notes] : e.notes;
  return new UserError(e.message.replace(/^in function [^:]+: /, ''), { loc, notes });
}

/** The backend module (tools/backend), loaded on first use. */
async function loadBackend(): Promise<{ compileWasm: (wasm: Uint8Array, opts: Record<string, unknown>) => { asm: string } }> {
  const modulePath = '../backend/index.ts';
  return import(/* @vite-ignore */ modulePath);
}

/** A program with its own boot code (a `_start` label in one of its .S files) starts there;
 *  an AssemblyScript program without one at the runtime's rv_start; an assembly-only program
 *  at its first global symbol. */
function hasOwnStart(p: ProgramSpec, abs: (f: string) => string): boolean {
  return p.asmSources.some((s) => /^\s*_start\s*:/m.test(fs.readFileSync(abs(s), 'utf8')));
}

function entryOf(p: ProgramSpec, abs: (f: string) => string): string {
  const texts = p.asmSources.map((s) => fs.readFileSync(abs(s), 'utf8'));
  if (hasOwnStart(p, abs)) return '_start';
  if (p.entry) return 'rv_start';
  const m = texts.length > 0 ? /^\s*\.globl\s+([A-Za-z_.$][\w.$]*)/m.exec(texts[0]) : null;
  return m ? m[1] : '_start';
}
