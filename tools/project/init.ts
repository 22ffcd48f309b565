// `raspvisor init DIR`: a new project of the user's own, like `cargo new`. It gets a copy of the
// toolchain's example hypervisor and guests (the real ones, to change), the VM manifest, the
// program layouts (raspvisor.json), a tsconfig so that editors type-check AssemblyScript with
// the "aarch64" intrinsics and the guest library resolved, a .gitignore and a README.
// Files are staged in a temporary folder beside DIR and renamed into place at the end, so a
// failure leaves no half-made project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../common/diagnostics.ts';
import { PROGRAM_LAYOUTS } from '../../Makefile.ts';
import { PROJECT_FILE, TOOLCHAIN_ROOT } from './find.ts';

export interface InitOptions {
  dir: string;
  force?: boolean;
  /** npm dependency spec for raspvisor in the new package.json (default: see defaultDependency). */
  dependency?: string;
}

export interface InitResult {
  root: string;
  files: string[];
}

/** Folders of the toolchain copied into a new project. */
const COPIED = ['hypervisor', 'guests'];
/** Never copied from those folders: editor and build leftovers. */
const SKIP = /(^|\/)(\.DS_Store|node_modules|build|.*\.tmp)$/;

const hex = (n: number) => '0x' + BigInt(n).toString(16);

function toolchainPackage(): { version: string; devDependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(TOOLCHAIN_ROOT, 'package.json'), 'utf8'));
}

/** A package name npm accepts, from the folder name. */
function packageName(dir: string): string {
  const n = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '');
  return n || 'my-hypervisor';
}

/** The project's layouts: the toolchain's own (Makefile.ts), addresses as hex strings a person
 *  can read (and JSON cannot round to a double). */
function layoutsJson(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [prog, l] of Object.entries(PROGRAM_LAYOUTS)) {
    out[prog] = Object.fromEntries(Object.entries(l).map(([k, v]) => [k, typeof v === 'number' ? hex(v) : v]));
  }
  return out;
}

function templates(name: string, dependency: string): Record<string, string> {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: { build: 'raspvisor build', start: 'raspvisor run', image: 'raspvisor image -o sdcard.img', check: 'tsc --noEmit --pretty -p tsconfig.json' },
    dependencies: { raspvisor: dependency },
    // The type checker editors use (VS Code brings its own; `npm run check` uses this one).
    devDependencies: { typescript: toolchainPackage().devDependencies?.typescript ?? '^5' },
  };
  const project = {
    $comment: 'Where each program lives in memory (raspvisor build). Keys: kernel8 (the hypervisor) or a guest folder name; fields as in docs/build.md.',
    layouts: layoutsJson(),
  };
  // Editors: AssemblyScript's own declarations (i32, load<T>, @unmanaged ...) instead of the DOM
  // and Node ones, and "aarch64" resolved to the toolchain's intrinsics module. The settings live
  // in the package (resolved like a module, so they work for a linked checkout and a tarball).
  const tsconfig = {
    extends: 'raspvisor/tools/runtime/as/tsconfig.json',
    include: ['hypervisor/**/*.ts', 'guests/**/*.ts'],
  };
  const readme = [
    `# ${name}`,
    '',
    'A Raspberry Pi 3 hypervisor and its guests in AssemblyScript, built with',
    '[raspvisor](https://www.npmjs.com/package/raspvisor).',
    '',
    '```sh',
    'npm install          # the toolchain (once)',
    'npx raspvisor run    # build, then boot the hypervisor and its VMs in the emulator (Ctrl-A x quits)',
    'npx raspvisor image -o sdcard.img   # an SD card image for a real Pi 3',
    '```',
    '',
    '- `hypervisor/`: the hypervisor (image `build/kernel8.img`); `hypervisor/vms.txt` lists the VMs it starts.',
    '- `guests/<name>/`: one guest each (image `build/<name>.bin`); `guests/lib/` is code they share.',
    '- `raspvisor.json`: where each program lives in memory.',
    '- `npx raspvisor run --watch`: rebuild and reboot on every change; `npm run check`: type-check in the editor\'s way.',
    '',
  ].join('\n');
  return {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    [PROJECT_FILE]: JSON.stringify(project, null, 2) + '\n',
    'tsconfig.json': JSON.stringify(tsconfig, null, 2) + '\n',
    '.gitignore': 'node_modules/\nbuild/\nsdcard.img\n*.tmp\n',
    'README.md': readme,
  };
}

function copyTree(from: string, to: string, rel: string, files: string[]): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = path.posix.join(rel, e.name);
    if (SKIP.test(r)) continue;
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copyTree(src, dst, r, files);
    } else if (e.isFile()) {
      fs.copyFileSync(src, dst);
      files.push(r);
    }
  }
}

/** A git checkout of the toolchain (a developer's, or one cloned because the package is not on
 *  the registry) is depended on as a folder; an installed package by its version. */
function defaultDependency(root: string): string {
  if (fs.existsSync(path.join(TOOLCHAIN_ROOT, '.git'))) return `file:${path.relative(root, TOOLCHAIN_ROOT) || '.'}`;
  return `^${toolchainPackage().version}`;
}

export function initProject(opts: InitOptions): InitResult {
  const root = path.resolve(opts.dir);
  if (fs.existsSync(root)) {
    if (!fs.statSync(root).isDirectory()) throw new UserError(`${opts.dir}: exists and is not a folder`);
    const entries = fs.readdirSync(root).filter((e) => e !== '.git');
    if (entries.length > 0 && !opts.force) {
      throw new UserError(`${opts.dir}: folder is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'})`, {
        notes: ['choose a new folder, or pass --force to add the project files to it (existing files of the same name are replaced)'],
      });
    }
  }
  const parent = path.dirname(root);
  fs.mkdirSync(parent, { recursive: true });
  const stage = fs.mkdtempSync(path.join(parent, `.${path.basename(root)}.init-`));
  // mkdtemp makes the folder private (0700); a project folder is an ordinary one.
  const umask = process.umask();
  fs.chmodSync(stage, 0o777 & ~umask);
  const files: string[] = [];
  try {
    for (const d of COPIED) {
      const src = path.join(TOOLCHAIN_ROOT, d);
      if (!fs.existsSync(src)) continue;
      fs.mkdirSync(path.join(stage, d), { recursive: true });
      copyTree(src, path.join(stage, d), d, files);
    }
    for (const [f, text] of Object.entries(templates(packageName(root), opts.dependency ?? defaultDependency(root)))) {
      fs.writeFileSync(path.join(stage, f), text);
      files.push(f);
    }
    if (!fs.existsSync(root)) {
      fs.renameSync(stage, root);
    } else {
      // --force into an existing folder: move each staged entry over its namesake.
      for (const e of fs.readdirSync(stage)) {
        fs.rmSync(path.join(root, e), { recursive: true, force: true });
        fs.renameSync(path.join(stage, e), path.join(root, e));
      }
      fs.rmSync(stage, { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  return { root, files: files.sort() };
}
