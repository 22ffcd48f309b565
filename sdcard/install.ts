// `raspvisor install --boot DIR`: copies kernel8.img, the guests, config.txt and the manifest
// onto a mounted Pi boot partition as one transaction.
//
//   1. plan: compare each file with what is there; nothing to do if all are identical
//   2. journal "prepared": every new file is written under a temporary name and fsynced
//   3. journal "committing" (the commit point): replaced files move into raspvisor-backup/<N>/,
//      the new files are renamed into place, the directory is fsynced
//   4. the journal is removed
//
// A run that finds a journal first finishes the interrupted one: "prepared" rolls back (the
// temporary files go, the old files were never touched), "committing" rolls forward (every
// step is a rename that is safe to repeat). So an interruption at any point leaves the
// partition as it was or fully updated, once the next run (or `install --dry-run`, which only
// reports) has looked at it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../tools/common/diagnostics.ts';
import { collectBootFiles, type BootFile } from './boot-files.ts';
import { sha256Hex } from './firmware.ts';

export const JOURNAL_FILE = '.raspvisor-install.json';
export const BACKUP_DIR = 'raspvisor-backup';
const TMP_SUFFIX = '.raspvisor-new';

export type Action = 'add' | 'replace' | 'unchanged';

export interface InstallChange {
  name: string;
  action: Action;
  size: number;
  sha256: string;
  /** Where the replaced file went, relative to the boot directory. */
  backup?: string;
}

interface JournalFile { name: string; tmp: string; action: Action; backup?: string }
interface Journal { version: 1; state: 'prepared' | 'committing'; files: JournalFile[] }

/** Test hooks: make a write fail, or stop the process dead at a named step. */
export interface InstallFaults {
  /** Throw EIO after writing half of this file's temporary copy. */
  failWriteOf?: string;
  /** Called at each step ("written:<name>", "renamed:<name>", "backed-up:<name>"); may kill the process. */
  at?: (step: string) => void;
}

export interface InstallOptions {
  bootDir: string;
  buildDir: string;
  /** The images a build just made (package exactly these); default every *.bin in buildDir. */
  images?: string[];
  /** The vms.txt to install (boot-files.ts chooseVmsFile); none when undefined. */
  vmsFile?: string;
  dryRun?: boolean;
  force?: boolean;
  faults?: InstallFaults;
}

export interface InstallResult {
  bootDir: string;
  dryRun: boolean;
  changes: InstallChange[];
  /** What a journal left by an interrupted run led to. */
  recovered?: 'rolled back' | 'rolled forward' | 'would roll back' | 'would roll forward';
  backupDir?: string;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (e: any) {
    // Some file systems refuse fsync on a directory; the renames are then as durable as they get.
    if (!['EINVAL', 'EISDIR', 'EBADF', 'EPERM', 'ENOTSUP'].includes(e?.code)) throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeDurably(file: string, data: Uint8Array, failHalfway = false): void {
  const fd = fs.openSync(file, 'w');
  try {
    const end = failHalfway ? Math.floor(data.length / 2) : data.length;
    let done = 0;
    while (done < end) done += fs.writeSync(fd, data, done, end - done);
    if (failHalfway) throw Object.assign(new Error(`EIO: i/o error, write '${file}' (injected)`), { code: 'EIO' });
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeJournal(bootDir: string, j: Journal): void {
  const target = path.join(bootDir, JOURNAL_FILE);
  writeDurably(target + '.tmp', Buffer.from(JSON.stringify(j, null, 1) + '\n'));
  fs.renameSync(target + '.tmp', target);
  fsyncDir(bootDir);
}

function readJournal(bootDir: string, dryRun: boolean): Journal | undefined {
  const p = path.join(bootDir, JOURNAL_FILE);
  // A journal update that was never renamed into place never took effect.
  if (!dryRun) fs.rmSync(p + '.tmp', { force: true });
  if (!fs.existsSync(p)) return undefined;
  try {
    const j = JSON.parse(fs.readFileSync(p, 'utf8')) as Journal;
    if (j.version !== 1 || !['prepared', 'committing'].includes(j.state) || !Array.isArray(j.files)) throw new Error('unknown format');
    for (const f of j.files) {
      for (const n of [f.name, f.tmp, f.backup ?? '']) if (n.includes('..') || path.isAbsolute(n)) throw new Error(`bad path ${n}`);
    }
    return j;
  } catch (e: any) {
    throw new UserError(`${p}: unreadable install journal (${e.message})`, {
      notes: ['an earlier install was interrupted; check the files by hand, then delete the journal'],
    });
  }
}

function rollBack(bootDir: string, j: Journal): void {
  for (const f of j.files) fs.rmSync(path.join(bootDir, f.tmp), { force: true });
  fsyncDir(bootDir);
  fs.rmSync(path.join(bootDir, JOURNAL_FILE), { force: true });
  fsyncDir(bootDir);
}

/** Finishes a committed transaction; each step checks what is already done, so repeating it is safe. */
function rollForward(bootDir: string, j: Journal, faults?: InstallFaults): void {
  for (const f of j.files) {
    const tmp = path.join(bootDir, f.tmp);
    const target = path.join(bootDir, f.name);
    if (!fs.existsSync(tmp)) continue; // already renamed into place
    if (f.backup) {
      const backup = path.join(bootDir, f.backup);
      if (fs.existsSync(target) && !fs.existsSync(backup)) {
        fs.mkdirSync(path.dirname(backup), { recursive: true });
        fs.renameSync(target, backup);
        faults?.at?.(`backed-up:${f.name}`);
      }
    }
    fs.renameSync(tmp, target);
    faults?.at?.(`renamed:${f.name}`);
  }
  fsyncDir(bootDir);
  const backups = [...new Set(j.files.filter((f) => f.backup).map((f) => path.dirname(path.join(bootDir, f.backup!))))];
  for (const d of backups) if (fs.existsSync(d)) fsyncDir(d);
  fs.rmSync(path.join(bootDir, JOURNAL_FILE), { force: true });
  fsyncDir(bootDir);
}

/** A Pi boot partition holds bootcode.bin (Pi 3 and older) or start*.elf; FAT names ignore case. */
export function looksLikeBootPartition(entries: string[]): boolean {
  return entries.some((e) => /^(bootcode\.bin|start.*\.elf)$/i.test(e));
}

function nextBackupDir(bootDir: string): string {
  let max = 0;
  try {
    for (const e of fs.readdirSync(path.join(bootDir, BACKUP_DIR))) if (/^\d+$/.test(e)) max = Math.max(max, Number(e));
  } catch {
    // no backups yet
  }
  return `${BACKUP_DIR}/${max + 1}`;
}

/** The existing file of that name, matched case-insensitively as on FAT. */
function existingName(entries: string[], name: string): string | undefined {
  return entries.find((e) => e === name) ?? entries.find((e) => e.toLowerCase() === name.toLowerCase());
}

function dataOf(f: BootFile): Uint8Array {
  return f.source.kind === 'bytes' ? f.source.data : fs.readFileSync(f.source.path);
}

export function install(opts: InstallOptions): InstallResult {
  const bootDir = path.resolve(opts.bootDir);
  let st: fs.Stats;
  try {
    st = fs.statSync(bootDir);
  } catch {
    throw new UserError(`--boot ${opts.bootDir}: no such directory`, { notes: ['mount the SD card\'s boot partition and pass its mount point, e.g. --boot /media/$USER/bootfs'] });
  }
  if (!st.isDirectory()) throw new UserError(`--boot ${opts.bootDir}: not a directory`);
  const dryRun = !!opts.dryRun;
  const result: InstallResult = { bootDir, dryRun, changes: [] };

  const journal = readJournal(bootDir, dryRun);
  if (journal) {
    const forward = journal.state === 'committing';
    if (dryRun) {
      result.recovered = forward ? 'would roll forward' : 'would roll back';
    } else {
      if (forward) rollForward(bootDir, journal);
      else rollBack(bootDir, journal);
      result.recovered = forward ? 'rolled forward' : 'rolled back';
    }
  }

  const entries = fs.readdirSync(bootDir);
  if (!opts.force && !looksLikeBootPartition(entries)) {
    throw new UserError(`--boot ${opts.bootDir} does not look like a Raspberry Pi boot partition (no bootcode.bin or start*.elf)`, {
      notes: ['pass the mount point of the card\'s FAT boot partition, or add --force to install there anyway'],
    });
  }
  const boot = collectBootFiles({ buildDir: opts.buildDir, images: opts.images, withFirmware: false, vmsFile: opts.vmsFile });
  for (const f of boot.files) {
    const existing = existingName(entries, f.name);
    let action: Action = 'add';
    if (existing !== undefined) {
      const p = path.join(bootDir, existing);
      if (fs.statSync(p).isDirectory()) throw new UserError(`${p} is a directory; cannot install ${f.name} there`);
      action = sha256Hex(fs.readFileSync(p)) === f.sha256 ? 'unchanged' : 'replace';
    }
    result.changes.push({ name: existing ?? f.name, action, size: f.size, sha256: f.sha256 });
  }
  const changed = result.changes.filter((c) => c.action !== 'unchanged');
  if (changed.some((c) => c.action === 'replace')) result.backupDir = nextBackupDir(bootDir);
  for (const c of changed) if (c.action === 'replace') c.backup = `${result.backupDir}/${c.name}`;
  if (dryRun || changed.length === 0) return result;

  const byName = new Map(boot.files.map((f) => [f.name.toLowerCase(), f]));
  // The new files sit beside the old ones until the commit, so they must fit together.
  const needed = changed.reduce((s, c) => s + c.size, 0);
  const fsStat = fs.statfsSync(bootDir);
  const free = fsStat.bavail * fsStat.bsize;
  if (needed + 64 * 1024 > free) {
    throw new UserError(`${opts.bootDir} has ${free} bytes free; the new files need ${needed} bytes beside the old ones`, { notes: ['nothing was changed'] });
  }

  // Rename order: guests, config.txt, kernel8.img, and the manifest last, so that the manifest
  // only ever describes a complete set.
  const rank = (name: string) => ({ guest: 0, vms: 0, config: 1, kernel: 2, manifest: 3, firmware: 0 })[byName.get(name.toLowerCase())!.role];
  const j: Journal = {
    version: 1,
    state: 'prepared',
    files: [...changed].sort((a, b) => rank(a.name) - rank(b.name)).map((c) => ({ name: c.name, tmp: `.${c.name}${TMP_SUFFIX}`, action: c.action, backup: c.backup })),
  };
  writeJournal(bootDir, j);
  try {
    for (const jf of j.files) {
      writeDurably(path.join(bootDir, jf.tmp), dataOf(byName.get(jf.name.toLowerCase())!), opts.faults?.failWriteOf === jf.name);
      opts.faults?.at?.(`written:${jf.name}`);
    }
    fsyncDir(bootDir);
  } catch (e: any) {
    rollBack(bootDir, j);
    throw new UserError(`install into ${opts.bootDir} failed while writing the new files: ${e.message}`, {
      notes: ['the boot partition is unchanged: the old files are intact and the partial new ones were removed'],
    });
  }
  j.state = 'committing';
  writeJournal(bootDir, j);
  opts.faults?.at?.('committed');
  rollForward(bootDir, j, opts.faults);
  return result;
}

export function describeInstall(r: InstallResult): string {
  const lines: string[] = [];
  if (r.recovered) lines.push(`${r.bootDir}: an interrupted install was found and ${r.recovered}`);
  const verb = (a: Action) => (r.dryRun ? { add: 'would add', replace: 'would replace', unchanged: 'unchanged' } : { add: 'added', replace: 'replaced', unchanged: 'unchanged' })[a];
  for (const c of r.changes) {
    lines.push(`  ${verb(c.action).padEnd(13)} ${c.name.padEnd(24)} ${String(c.size).padStart(10)} bytes${c.backup ? `  (old copy ${r.dryRun ? 'would go' : 'kept'} in ${c.backup})` : ''}`);
  }
  const n = r.changes.filter((c) => c.action !== 'unchanged').length;
  lines.push(n === 0 ? `${r.bootDir}: already up to date` : `${r.bootDir}: ${n} file(s) ${r.dryRun ? 'would change (dry run: nothing written)' : 'changed'}`);
  return lines.join('\n');
}
