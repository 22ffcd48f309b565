// Shared helpers for the SD card tests: temp dirs, image building from in-memory trees, and the
// dosfstools/mtools/util-linux oracles.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeImageToFd, type ImageSpec, type WrittenImage } from '../../sdcard/fat32/writer.ts';

export const MiB = 1024 * 1024;
export const LONG = process.env.RASPVISOR_LONG === '1';
export const CLI = path.resolve(__dirname, '../../tools/cli/raspvisor.mjs');
/** mtools reads the locale for long names; mtools.conf is not wanted. */
export const ORACLE_ENV = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', MTOOLSRC: '/dev/null' };

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `raspvisor-sd-${tag}-`));
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function pseudoRandom(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

export function writeImage(file: string, spec: ImageSpec): WrittenImage {
  const fd = fs.openSync(file, 'w+');
  try {
    return writeImageToFd(fd, spec);
  } finally {
    fs.closeSync(fd);
  }
}

/** The FAT32 volume of a partitioned image as its own sparse file (fsck.fat has no offset option). */
export async function extractPartition(img: string, startBytes: number, out: string): Promise<void> {
  await execa('dd', [`if=${img}`, `of=${out}`, 'bs=1M', `skip=${startBytes / MiB}`, 'conv=sparse', 'status=none']);
}

export async function fsckClean(volume: string): Promise<{ ok: boolean; output: string }> {
  const r = await execa('fsck.fat', ['-n', '-v', volume], { reject: false, all: true });
  const output = r.all ?? '';
  // -n exits 0 when clean; dosfstools also prints repairs it would make, which must not appear.
  return { ok: r.exitCode === 0 && !/(would|Fix|differences|Free cluster summary wrong|corrupt|invalid|Deleting|Truncating|Bad)/i.test(output), output };
}

/** Every path mtools sees below the root, '/'-separated without "::/". */
export async function mtoolsPaths(img: string, offset: number): Promise<string[]> {
  const r = await execa('mdir', ['-/', '-b', '-a', '-i', `${img}@@${offset}`, '::/'], { env: ORACLE_ENV });
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).map((l) => l.replace(/^::\//, '').replace(/\/$/, '')).sort();
}

/** Extracts the whole volume with mcopy -s into `dest`. */
export async function mtoolsExtract(img: string, offset: number, dest: string): Promise<void> {
  fs.mkdirSync(dest, { recursive: true });
  await execa('mcopy', ['-s', '-n', '-i', `${img}@@${offset}`, '::/*', dest], { env: ORACLE_ENV });
}

/** Files of a host directory tree as path -> sha256 (and directories as path -> 'dir'). */
export function hostTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) { out.set(p, 'dir'); walk(path.join(d, e.name), p); }
      else out.set(p, sha256(fs.readFileSync(path.join(d, e.name))));
    }
  };
  walk(root, '');
  return out;
}
