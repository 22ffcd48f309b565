// `raspvisor build` as a function, for the CLI and for other commands (image, run) that need
// fresh images. Builds every program (guests first, then the hypervisor that carries them)
// into build/, running only the rules whose outputs are older than their inputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUserError, UserError, UserErrors } from '../common/diagnostics.ts';
import { BUILD_DIR, PROGRAM_LAYOUTS, ROOT, runRules } from '../../Makefile.ts';
import { discoverPrograms, type ProgramSpec } from './programs.ts';
import { readProjectLayouts } from '../project/layouts.ts';
import { programRules, type RuleContext } from './rules.ts';
import { selectedToolchain } from './toolchain.ts';
import { filesOf } from './tool-files.ts';

export interface BuildOptions {
  /** Project root (default: this checkout). */
  root?: string;
  /** Output folder (default: <root>/build). */
  buildDir?: string;
  /** Progress lines ("  asc hypervisor/main.ts -> ..."); default console.log. */
  log?: (line: string) => void;
  /** Only these programs (and nothing they need is skipped: the hypervisor needs its guests). */
  only?: string[];
  /** Count the toolchain's own sources (tools/**, Makefile.ts) as inputs (default true).
   *  Tests of the project's dependency tracking turn it off: in a shared checkout the tools
   *  change under them. */
  toolchainDeps?: boolean;
}

export interface BuildResult {
  programs: { name: string; kind: ProgramSpec['kind']; elf: string; image: string }[];
  /** Number of rules that ran (0: everything was up to date). */
  ran: number;
  toolchain: string;
}

const TOOL_DIRS: Record<Parameters<RuleContext['toolFiles']>[0], string[]> = {
  frontend: ['tools/frontend', 'tools/runtime/as'],
  backend: ['tools/backend'],
  asm: ['tools/asm', 'tools/isa'],
  link: ['tools/elf'],
  build: ['tools/build'],
};

export async function build(opts: BuildOptions = {}): Promise<BuildResult> {
  const root = path.resolve(opts.root ?? ROOT);
  const buildDir = path.resolve(opts.buildDir ?? (opts.root ? path.join(root, 'build') : BUILD_DIR));
  const log = opts.log ?? ((s: string) => console.log(s));
  const toolchain = selectedToolchain();
  if (!fs.existsSync(root)) throw new UserError(`project folder ${root} does not exist`);
  let programs = discoverPrograms(root, readProjectLayouts(root, PROGRAM_LAYOUTS));
  if (opts.only) {
    for (const n of opts.only) {
      if (!programs.some((p) => p.name === n)) {
        throw new UserError(`no program named '${n}' (programs: ${programs.map((p) => p.name).join(', ') || 'none'})`);
      }
    }
    const want = new Set(opts.only);
    for (const p of programs) if (want.has(p.name)) for (const e of p.embeds) want.add(e);
    programs = programs.filter((p) => want.has(p.name));
  }
  const toolCache = new Map<string, string[]>();
  const ctx: RuleContext = {
    root,
    buildDir,
    toolchain,
    always: opts.toolchainDeps === false ? [] : [path.join(ROOT, 'Makefile.ts')],
    toolFiles: (t) => {
      if (opts.toolchainDeps === false) return [];
      let f = toolCache.get(t);
      if (!f) toolCache.set(t, (f = TOOL_DIRS[t].flatMap((d) => filesOf(ROOT, d))));
      return f;
    },
  };
  let ran = 0;
  // One program's errors do not stop the others; a program that carries a failed one (the
  // hypervisor and its guests) is not built. All errors are reported at the end.
  const errors: unknown[] = [];
  const failed = new Set<string>();
  for (const p of programs) {
    const clean = () => {
      // Never leave an image behind that does not match the sources.
      for (const f of [p.image, p.elf]) fs.rmSync(path.join(buildDir, f), { force: true });
    };
    const broken = p.embeds.filter((e) => failed.has(e));
    if (broken.length > 0) {
      clean();
      failed.add(p.name);
      log(`  skip     ${p.name}: it carries ${broken.join(', ')}, which failed`);
      continue;
    }
    try {
      ran += await runRules(programRules(p, ctx, programs), log);
    } catch (e) {
      clean();
      failed.add(p.name);
      if (!isUserError(e)) throw e;
      errors.push(e);
    }
  }
  if (errors.length > 0) {
    const all = errors.flatMap((e) => (e instanceof UserErrors ? e.errors : [e as UserError]));
    throw all.length === 1 ? all[0] : new UserErrors(all);
  }
  return {
    programs: programs.map((p) => ({ name: p.name, kind: p.kind, elf: path.join(buildDir, p.elf), image: path.join(buildDir, p.image) })),
    ran,
    toolchain: toolchain.name,
  };
}
