// A package-lock.json that lets `npm ci --offline` install a folder whose package.json depends on
// a raspvisor tarball: every other package pinned to the version and integrity of this
// checkout's own lockfile, whose tarballs `npm ci` left in npm's cache. (The registry has no
// raspvisor to resolve, and tests must not depend on the network.)
import * as fs from 'node:fs';
import * as path from 'node:path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [k: string]: unknown;
}

export function offlineLock(opts: { repo: string; tarball: string; folder: string; devDependencies?: Record<string, string> }): void {
  const ours = JSON.parse(fs.readFileSync(path.join(opts.repo, 'package-lock.json'), 'utf8')).packages as Record<string, LockEntry>;
  const pkg = JSON.parse(fs.readFileSync(path.join(opts.folder, 'package.json'), 'utf8'));
  const self = ours[''] as LockEntry;
  const packages: Record<string, LockEntry> = {};
  // The closure of raspvisor's dependencies (and the folder's devDependencies), hoisted as in ours.
  const want = [...Object.keys(self.dependencies ?? {}), ...Object.keys(opts.devDependencies ?? {})];
  const seen = new Set<string>();
  while (want.length) {
    const name = want.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const key = `node_modules/${name}`;
    const e = ours[key];
    if (!e) throw new Error(`${name} is not in ${opts.repo}/package-lock.json`);
    packages[key] = e;
    want.push(...Object.keys(e.dependencies ?? {}), ...Object.keys(e.optionalDependencies ?? {}));
    // Nested copies (a different version under a package) come along with their parent.
    for (const k of Object.keys(ours)) if (k.startsWith(`${key}/node_modules/`)) packages[k] = ours[k];
  }
  const rel = path.relative(opts.folder, opts.tarball);
  packages['node_modules/raspvisor'] = {
    version: self.version as string,
    resolved: `file:${rel}`,
    dependencies: self.dependencies,
    bin: self.bin,
  };
  packages[''] = { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
  const lock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages };
  fs.writeFileSync(path.join(opts.folder, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
}
