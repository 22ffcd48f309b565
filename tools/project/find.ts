// Which project a command works on. A project is a folder with `hypervisor/` and/or `guests/`
// (what `raspvisor init` makes; this toolchain's own checkout is one too). Commands take
// `-C DIR`; without it they use the project that holds the current directory (walking up, the
// way git and cargo find theirs). Outputs go to the project's own `build/`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../common/diagnostics.ts';

/** This toolchain's own checkout (or installed package): its examples are a project too. */
export const TOOLCHAIN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Per-project settings file (program layouts); written by `raspvisor init`. */
export const PROJECT_FILE = 'raspvisor.json';

export interface Project {
  root: string;
  buildDir: string;
}

function isProject(dir: string): boolean {
  if (fs.existsSync(path.join(dir, PROJECT_FILE))) return true;
  const has = (d: string) => fs.existsSync(path.join(dir, d)) && fs.statSync(path.join(dir, d)).isDirectory();
  // node_modules/raspvisor itself has hypervisor/ too: a project is never inside node_modules.
  return (has('hypervisor') || has('guests')) && !dir.split(path.sep).includes('node_modules');
}

/** The project for `-C DIR` (must be one), else the nearest one at or above `cwd`. */
export function findProject(opt: { project?: string; buildDir?: string } = {}, cwd = process.cwd()): Project {
  let root: string | undefined;
  if (opt.project !== undefined) {
    root = path.resolve(cwd, opt.project);
    if (!fs.existsSync(root)) throw new UserError(`-C ${opt.project}: no such folder`);
    if (!isProject(root)) throw new UserError(`-C ${opt.project}: not a raspvisor project (no hypervisor/, guests/ or ${PROJECT_FILE} in it)`);
  } else {
    for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
      if (isProject(d)) {
        root = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    if (root === undefined) {
      throw new UserError(`${path.resolve(cwd)} is not inside a raspvisor project (no hypervisor/ or guests/ here or above)`, {
        notes: ['start one with `npx raspvisor init my-hypervisor`, or name one with -C DIR'],
      });
    }
  }
  const buildDir = opt.buildDir !== undefined ? path.resolve(cwd, opt.buildDir) : path.join(root, 'build');
  return { root, buildDir };
}

/** Path of a project file as the user should see it: relative to the current directory. */
export function shown(p: string, cwd = process.cwd()): string {
  const r = path.relative(cwd, p);
  return r === '' ? '.' : r.startsWith('..' + path.sep) && path.isAbsolute(p) && r.split(path.sep).length > 3 ? p : r;
}
