// FAT32 writer. Lays out a directory tree (files contiguous, directories sorted by name,
// clusters allocated depth-first from the root) and streams it into an image file: file data
// is copied in 1 MiB chunks and all-zero chunks are skipped, so the output stays sparse and a
// file of hundreds of MiB never sits in memory. The same input gives the same bytes: fixed
// timestamps, fixed ordering, and a volume serial derived from a hash of everything written.
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { UserError } from '../../tools/common/diagnostics.ts';
import { encodeMbr, MBR_TYPE_FAT32_LBA, SECTOR, type MbrPartition } from '../mbr.ts';
import { encodeBootSector, encodeFsInfo } from './boot-sector.ts';
import { BACKUP_BOOT_SECTOR, fat32Geometry, FSINFO_SECTOR, NUM_FATS, ROOT_CLUSTER, type Fat32Geometry } from './geometry.ts';
import {
  aliasShortName, ATTR_ARCHIVE, ATTR_DIRECTORY, ATTR_VOLUME_ID, directShortName, longNameEntries,
  packShortName, shortNameKey, validateLongName,
} from './names.ts';

export type FileSource = { kind: 'bytes'; data: Uint8Array } | { kind: 'file'; path: string };

export interface VolumeFile {
  /** Path inside the volume, '/'-separated, e.g. "overlays/disable-bt.dtbo". */
  path: string;
  source: FileSource;
}

export interface Fat32Contents {
  files: VolumeFile[];
  /** Directories to create even if empty. */
  dirs?: string[];
  /** Volume label, up to 11 characters (upper-cased). Default RASPVISOR. */
  label?: string;
  /** Timestamp of every entry; default 2000-01-01 00:00:00, or SOURCE_DATE_EPOCH if set. */
  time?: Date;
  /** Give 8.3 names in lower case long-name entries too (default true; false: case flags only). */
  lowerCaseLongNames?: boolean;
}

export interface ImageSpec extends Fat32Contents {
  sizeBytes: number;
  /** Byte offset of the partition; default 4 MiB (SD erase-block alignment). */
  partitionStart?: number;
  /** Force a cluster size in sectors (tests); default from the FAT32 table. */
  sectorsPerCluster?: number;
}

export interface WrittenFile {
  path: string;
  size: number;
  firstCluster: number;
  shortName: string;
}

export interface WrittenImage {
  sizeBytes: number;
  partition: MbrPartition;
  geometry: Fat32Geometry;
  volumeId: number;
  diskSignature: number;
  label: string;
  usedClusters: number;
  freeClusters: number;
  files: WrittenFile[];
}

const MiB = 1024 * 1024;
export const DEFAULT_PARTITION_START = 4 * MiB;
export const DEFAULT_LABEL = 'RASPVISOR';
const MAX_DIR_ENTRIES = 65536;
const MAX_FILE_SIZE = 0xffffffff;
const MAX_MBR_SECTORS = 0xffffffff;
const COPY_CHUNK = MiB;
const END_OF_CHAIN = 0x0fffffff;

interface Node {
  name: string;
  path: string;
  isDir: boolean;
  children: Node[];
  source?: FileSource;
  size: number;
  short: Uint8Array;
  ntFlags: number;
  longName: boolean;
  firstCluster: number;
  clusters: number;
}

interface FatTime { date: number; time: number }

function fatTime(d: Date): FatTime {
  const year = d.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new UserError(`timestamp ${d.toISOString()} is outside FAT's range 1980-2107`);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

export function defaultTimestamp(): Date {
  const sde = process.env.SOURCE_DATE_EPOCH;
  if (sde && /^\d+$/.test(sde)) return new Date(Number(sde) * 1000);
  return new Date(Date.UTC(2000, 0, 1));
}

export function normalizeLabel(label: string): string {
  const up = label.toUpperCase();
  if (up.length === 0 || up.length > 11 || !/^[A-Z0-9 !#$%&'()\-@^_`{}~]+$/.test(up) || up.startsWith(' ')) {
    throw new UserError(`volume label ${JSON.stringify(label)} must be 1-11 characters: letters, digits, spaces, !#$%&'()-@^_\`{}~`);
  }
  return up;
}

function sourceSize(src: FileSource, where: string): number {
  if (src.kind === 'bytes') return src.data.length;
  let st: fs.Stats;
  try {
    st = fs.statSync(src.path);
  } catch {
    throw new UserError(`${src.path}: no such file (wanted as ${where} in the image)`);
  }
  if (!st.isFile()) throw new UserError(`${src.path}: not a regular file (wanted as ${where} in the image)`);
  return st.size;
}

/** Builds the sorted directory tree and assigns short names. */
function buildTree(contents: Fat32Contents): Node {
  const longNamesForLowerCase = contents.lowerCaseLongNames ?? true;
  const mk = (name: string, path: string, isDir: boolean): Node => ({
    name, path, isDir, children: [], size: 0, short: new Uint8Array(11), ntFlags: 0, longName: false, firstCluster: 0, clusters: 0,
  });
  const root = mk('', '', true);
  const dirOf = (parts: string[], whole: string): Node => {
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i].toUpperCase();
      let next = node.children.find((c) => c.name.toUpperCase() === key);
      if (!next) {
        validateLongName(parts[i], `"${whole}"`);
        next = mk(parts[i], parts.slice(0, i + 1).join('/'), true);
        node.children.push(next);
      } else if (!next.isDir) {
        throw new UserError(`"${whole}": "${next.path}" is a file, not a directory`);
      }
      node = next;
    }
    return node;
  };
  const split = (p: string) => p.split('/').filter((s) => s.length > 0);
  for (const d of contents.dirs ?? []) dirOf(split(d), d);
  for (const f of contents.files) {
    const parts = split(f.path);
    if (parts.length === 0) throw new UserError(`empty file path in the image contents`);
    const dir = dirOf(parts.slice(0, -1), f.path);
    const name = parts[parts.length - 1];
    validateLongName(name, `"${f.path}"`);
    if (dir.children.some((c) => c.name.toUpperCase() === name.toUpperCase())) {
      throw new UserError(`"${f.path}" is in the image twice (FAT names ignore case)`);
    }
    const node = mk(name, parts.join('/'), false);
    node.source = f.source;
    node.size = sourceSize(f.source, f.path);
    if (node.size > MAX_FILE_SIZE) throw new UserError(`${f.path}: ${node.size} bytes is more than FAT32's 4 GiB - 1 per file`);
    dir.children.push(node);
  }
  const assign = (dir: Node) => {
    dir.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const taken = new Set<string>();
    // Names that fit 8.3 as they are claim their short names first, so aliases never steal them.
    // Lower-case ones also get long-name entries: the NT case flags are a Windows extension,
    // and drivers that match only long names (like the C raspvisor's) must still find them.
    const aliased: Node[] = [];
    for (const c of dir.children) {
      const direct = directShortName(c.name);
      if (direct) {
        c.short = direct.packed;
        c.ntFlags = direct.ntFlags;
        c.longName = direct.ntFlags !== 0 && longNamesForLowerCase;
        taken.add(shortNameKey(direct.packed));
      } else {
        c.longName = true;
        aliased.push(c);
      }
    }
    for (const c of aliased) {
      c.short = aliasShortName(c.name, taken);
      taken.add(shortNameKey(c.short));
    }
    for (const c of dir.children) if (c.isDir) assign(c);
  };
  assign(root);
  return root;
}

function entriesOf(dir: Node, isRoot: boolean): number {
  let n = isRoot ? 1 : 2; // volume label, or "." and ".."
  for (const c of dir.children) n += 1 + (c.longName ? Math.ceil(c.name.length / 13) : 0);
  return n;
}

function dirEntry(packed: Uint8Array, attr: number, ntFlags: number, cluster: number, size: number, t: FatTime): Uint8Array {
  const e = new Uint8Array(32);
  const dv = new DataView(e.buffer);
  e.set(packed, 0);
  e[11] = attr;
  e[12] = ntFlags;
  dv.setUint16(14, t.time, true);
  dv.setUint16(16, t.date, true);
  dv.setUint16(18, t.date, true);
  dv.setUint16(20, cluster >>> 16, true);
  dv.setUint16(22, t.time, true);
  dv.setUint16(24, t.date, true);
  dv.setUint16(26, cluster & 0xffff, true);
  dv.setUint32(28, size, true);
  return e;
}

function encodeDir(dir: Node, parent: Node | undefined, label: string, clusterBytes: number, t: FatTime): Uint8Array {
  const out = new Uint8Array(dir.clusters * clusterBytes);
  let off = 0;
  const put = (e: Uint8Array) => { out.set(e, off); off += 32; };
  if (!parent) {
    put(dirEntry(packShortName(label.slice(0, 8), label.slice(8)), ATTR_VOLUME_ID, 0, 0, 0, t));
  } else {
    put(dirEntry(packShortName('.', ''), ATTR_DIRECTORY, 0, dir.firstCluster, 0, t));
    // ".." of a directory in the root points at cluster 0, not at the root's cluster.
    put(dirEntry(packShortName('..', ''), ATTR_DIRECTORY, 0, parent.path === '' ? 0 : parent.firstCluster, 0, t));
  }
  for (const c of dir.children) {
    if (c.longName) for (const l of longNameEntries(c.name, c.short)) put(l);
    put(dirEntry(c.short, c.isDir ? ATTR_DIRECTORY : ATTR_ARCHIVE, c.ntFlags, c.firstCluster, c.isDir ? 0 : c.size, t));
  }
  return out;
}

function writeAt(fd: number, data: Uint8Array, position: number): void {
  let done = 0;
  while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, position + done);
}

function isZero(buf: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Copies a file's bytes into the image at `position`, hashing them and skipping zero chunks. */
function copySource(fd: number, node: Node, position: number, hash: Hash): void {
  const src = node.source!;
  if (src.kind === 'bytes') {
    hash.update(src.data);
    if (!isZero(src.data, src.data.length)) writeAt(fd, src.data, position);
    return;
  }
  const buf = Buffer.allocUnsafe(COPY_CHUNK);
  const inFd = fs.openSync(src.path, 'r');
  try {
    let done = 0;
    while (done < node.size) {
      const n = fs.readSync(inFd, buf, 0, Math.min(COPY_CHUNK, node.size - done), done);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      if (!isZero(chunk, n)) writeAt(fd, chunk, position + done);
      done += n;
    }
    if (done !== node.size) throw new UserError(`${src.path} changed size while the image was written`);
  } finally {
    fs.closeSync(inFd);
  }
}

/** Gives every directory and file its clusters: the root first, then each directory's children, depth-first. */
function allocate(root: Node, clusterBytes: number): Node[] {
  const order: Node[] = [];
  let next = ROOT_CLUSTER;
  const take = (n: Node) => {
    if (n.isDir) {
      const entries = entriesOf(n, n === root);
      if (entries > MAX_DIR_ENTRIES) throw new UserError(`directory "/${n.path}" would hold ${entries} entries; FAT allows ${MAX_DIR_ENTRIES}`);
      n.clusters = Math.max(1, Math.ceil((entries * 32) / clusterBytes));
    } else {
      n.clusters = Math.ceil(n.size / clusterBytes);
    }
    n.firstCluster = n.clusters > 0 ? next : 0;
    next += n.clusters;
    order.push(n);
  };
  const walk = (dir: Node) => {
    for (const c of dir.children) take(c);
    for (const c of dir.children) if (c.isDir) walk(c);
  };
  take(root);
  walk(root);
  return order;
}

/** Lays out and writes a partitioned image (MBR + one FAT32 partition) to an open file descriptor. */
export function writeImageToFd(fd: number, spec: ImageSpec): WrittenImage {
  const start = spec.partitionStart ?? DEFAULT_PARTITION_START;
  if (start % SECTOR !== 0 || start < SECTOR) throw new UserError(`partition start ${start} is not a whole number of sectors after the MBR`);
  const sizeBytes = Math.floor(spec.sizeBytes / SECTOR) * SECTOR;
  if (sizeBytes / SECTOR > MAX_MBR_SECTORS) throw new UserError(`an MBR disk holds at most 2 TiB; asked for ${spec.sizeBytes} bytes`);
  if (sizeBytes <= start) throw new UserError(`an image of ${sizeBytes} bytes leaves no room for a partition starting at ${start}`);
  const partSectors = (sizeBytes - start) / SECTOR;
  const geometry = fat32Geometry(partSectors, spec.sectorsPerCluster, start / SECTOR);
  const label = normalizeLabel(spec.label ?? DEFAULT_LABEL);
  const t = fatTime(spec.time ?? defaultTimestamp());
  const root = buildTree(spec);
  const order = allocate(root, geometry.clusterBytes);
  const usedClusters = order.reduce((s, n) => s + n.clusters, 0);
  if (usedClusters > geometry.clusterCount) {
    const needMiB = Math.ceil(((usedClusters * geometry.clusterBytes) / MiB) * 1.02) + Math.ceil(start / MiB) + Math.ceil((geometry.dataStartSector * SECTOR) / MiB) + 1;
    throw new UserError(
      `the files need ${usedClusters} clusters (${(usedClusters * geometry.clusterBytes / MiB).toFixed(1)} MiB) but a ${sizeBytes / MiB} MiB image ` +
        `holds ${geometry.clusterCount} (${(geometry.clusterCount * geometry.clusterBytes / MiB).toFixed(1)} MiB)`,
      { notes: [`choose a larger image, e.g. --size ${needMiB}M`] },
    );
  }

  const volBase = start;
  const clusterPos = (c: number) => volBase + (geometry.dataStartSector + (c - 2) * geometry.sectorsPerCluster) * SECTOR;
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ sizeBytes, start, geometry, label, t }));

  fs.ftruncateSync(fd, 0);
  fs.ftruncateSync(fd, sizeBytes); // a hole: everything not written below reads as zero

  // FATs: entry 0 carries the media byte, entry 1 the clean-shutdown bits, then the chains.
  const fat = new Uint32Array(2 + usedClusters);
  fat[0] = 0x0fffff00 | 0xf8;
  fat[1] = END_OF_CHAIN;
  for (const n of order) {
    for (let i = 0; i < n.clusters; i++) fat[n.firstCluster + i] = i === n.clusters - 1 ? END_OF_CHAIN : n.firstCluster + i + 1;
  }
  const fatBytes = new Uint8Array(fat.buffer);
  for (let k = 0; k < NUM_FATS; k++) writeAt(fd, fatBytes, volBase + (geometry.reservedSectors + k * geometry.fatSectors) * SECTOR);
  hash.update(fatBytes);

  const parents = new Map<Node, Node>();
  const index = (d: Node) => { for (const c of d.children) { parents.set(c, d); if (c.isDir) index(c); } };
  index(root);
  const files: WrittenFile[] = [];
  for (const n of order) {
    hash.update(`${n.path}\0${n.isDir ? 'd' : n.size}\0`);
    if (n.isDir) {
      const bytes = encodeDir(n, n === root ? undefined : parents.get(n), label, geometry.clusterBytes, t);
      hash.update(bytes);
      writeAt(fd, bytes, clusterPos(n.firstCluster));
    } else {
      if (n.size > 0) copySource(fd, n, clusterPos(n.firstCluster), hash);
      files.push({ path: n.path, size: n.size, firstCluster: n.firstCluster, shortName: shortNameKey(n.short) });
    }
  }

  const digest = hash.digest();
  const volumeId = digest.readUInt32LE(0);
  const diskSignature = digest.readUInt32LE(4);
  const boot = encodeBootSector({ geometry, hiddenSectors: start / SECTOR, volumeId, label });
  const fsinfo = encodeFsInfo(geometry.clusterCount - usedClusters, ROOT_CLUSTER + usedClusters);
  for (const base of [0, BACKUP_BOOT_SECTOR]) {
    writeAt(fd, boot, volBase + base * SECTOR);
    writeAt(fd, fsinfo, volBase + (base + FSINFO_SECTOR) * SECTOR);
  }
  const partition: MbrPartition = { index: 0, bootable: false, type: MBR_TYPE_FAT32_LBA, startLba: start / SECTOR, sectors: partSectors };
  writeAt(fd, encodeMbr(diskSignature, [partition]), 0);
  return {
    sizeBytes, partition, geometry, volumeId, diskSignature, label,
    usedClusters, freeClusters: geometry.clusterCount - usedClusters, files,
  };
}
