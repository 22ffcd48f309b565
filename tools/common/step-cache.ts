// A content-addressed cache of tool results (asc, the backend), shared by every build folder
// and test on this machine (node_modules/.cache/raspvisor/steps). The files a step reads may be
// known only after it ran (asc), so an entry is found by a key of what is known before (command
// line, input bytes, tool version) and stays valid while every file it lists still has the
// content hash it had then. RASPVISOR_NO_CACHE=1: run every step (results are still stored).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.join(ROOT, 'node_modules', '.cache', 'raspvisor', 'steps');
/** Entries kept; the least recently used go first. */
const MAX_ENTRIES = 600;

export interface CacheEntry<M> {
  data: Uint8Array;
  meta: M;
}

interface Manifest<M> {
  files: [string, string][];
  meta: M;
}

const enabled = () => process.env.RASPVISOR_NO_CACHE !== '1';
export const sha256 = (b: string | Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

function fileHash(f: string): string | undefined {
  try {
    return sha256(fs.readFileSync(f));
  } catch {
    return undefined;
  }
}

export function cacheKey(parts: (string | Uint8Array)[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 32);
}

export function lookup<M>(key: string): CacheEntry<M> | undefined {
  if (!enabled()) return undefined;
  const base = path.join(DIR, key);
  try {
    const m = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as Manifest<M>;
    if (!m.files.every(([f, h]) => fileHash(f) === h)) return undefined;
    const data = new Uint8Array(fs.readFileSync(`${base}.bin`));
    const now = new Date();
    fs.utimesSync(`${base}.json`, now, now);
    return { data, meta: m.meta };
  } catch {
    return undefined;
  }
}

/** `files`: every file the result depends on beyond the key (absolute paths). */
export function store<M>(key: string, files: string[], entry: CacheEntry<M>): void {
  try {
    fs.mkdirSync(DIR, { recursive: true });
    const hashes: [string, string][] = [];
    for (const f of files) {
      const h = fileHash(f);
      if (h === undefined) return; // gone already: do not cache
      hashes.push([f, h]);
    }
    const base = path.join(DIR, key);
    const tmp = `${base}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, entry.data);
    fs.renameSync(tmp, `${base}.bin`);
    fs.writeFileSync(tmp, JSON.stringify({ files: hashes, meta: entry.meta } satisfies Manifest<M>));
    fs.renameSync(tmp, `${base}.json`);
    prune();
  } catch {
    // A cache that cannot be written only costs time.
  }
}

function prune(): void {
  const names = fs.readdirSync(DIR).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names.map((n) => ({ n, t: fs.statSync(path.join(DIR, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - MAX_ENTRIES)) {
    fs.rmSync(path.join(DIR, n), { force: true });
    fs.rmSync(path.join(DIR, n.replace(/\.json$/, '.bin')), { force: true });
  }
}
