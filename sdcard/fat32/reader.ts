// FAT32 reader for tests and for the emulator's SD boot. Reads a partitioned image (MBR) or a
// bare volume ("superfloppy", as `mkfs.fat` makes on a file), from bytes in memory, a path or
// an open file descriptor, and reads only the sectors it needs. Corrupt structures are
// UserErrors naming the byte offset in the image.
import * as fs from 'node:fs';
import { UserError } from '../../tools/common/diagnostics.ts';
import { decodeMbr, FAT_PARTITION_TYPES, SECTOR, type MbrPartition } from '../mbr.ts';
import { decodeBootSector, type DecodedBootSector } from './boot-sector.ts';
import { ATTR_DIRECTORY, ATTR_LONG_NAME, ATTR_VOLUME_ID, displayShortName, LFN_SLOTS, lfnChecksum } from './names.ts';

export interface BlockSource {
  /** Name used in error messages. */
  name: string;
  size: number;
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export function blockSource(src: Uint8Array | string | number, name?: string): BlockSource {
  if (src instanceof Uint8Array) {
    return {
      name: name ?? '<image>',
      size: src.length,
      read: (offset, length) => src.subarray(offset, Math.min(src.length, offset + length)),
      close: () => {},
    };
  }
  const owned = typeof src === 'string';
  let fd: number;
  try {
    fd = owned ? fs.openSync(src, 'r') : src;
  } catch (e: any) {
    throw new UserError(`${src}: cannot open image: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  const size = fs.fstatSync(fd).size;
  return {
    name: name ?? (owned ? (src as string) : `<fd ${fd}>`),
    size,
    read(offset, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < buf.length) {
        const n = fs.readSync(fd, buf, done, buf.length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return buf;
    },
    close: () => { if (owned) fs.closeSync(fd); },
  };
}

export interface FatDirEntry {
  /** The long name if there is one, else the short name with its case flags applied. */
  name: string;
  /** The 8.3 name as stored, e.g. "MINI-OS BIN". */
  shortName: string;
  isDir: boolean;
  size: number;
  firstCluster: number;
  attr: number;
  /** Byte offset of the short entry in the image. */
  entryOffset: number;
}

export interface Fat32Image {
  /** MBR partitions (empty for a bare volume). */
  partitions: MbrPartition[];
  /** The partition read, if the image is partitioned. */
  partition?: MbrPartition;
  /** Byte offset of the FAT32 volume in the image. */
  volumeOffset: number;
  boot: DecodedBootSector;
  label: string;
  volumeId: number;
  /** Entries of a directory ("/" or "overlays"), without "." and "..". */
  list(dir?: string): FatDirEntry[];
  /** The entry at a path, or undefined. Names match case-insensitively, as FAT does. */
  stat(path: string): FatDirEntry | undefined;
  readFile(path: string): Uint8Array;
  /** Every file and directory below the root, depth-first, with '/'-joined paths. */
  walk(): { path: string; entry: FatDirEntry }[];
  close(): void;
}

export interface OpenOptions {
  /** MBR entry index (0-3) to read; default: the first FAT partition. */
  partition?: number;
  name?: string;
}

export function openFat32Image(src: Uint8Array | string | number, opts: OpenOptions = {}): Fat32Image {
  const io = blockSource(src, opts.name);
  try {
    return openOn(io, opts);
  } catch (e) {
    io.close();
    throw e;
  }
}

function openOn(io: BlockSource, opts: OpenOptions): Fat32Image {
  const fail = (message: string, offset: number): never => { throw new UserError(message, { offset: { file: io.name, offset } }); };
  if (io.size < SECTOR) fail(`image is ${io.size} bytes, smaller than one sector`, 0);
  const sector0 = io.read(0, SECTOR);
  // A bare volume's first sector is a boot sector; only otherwise look for a partition table.
  const asVolume = decodeBootSector(sector0);
  let partitions: MbrPartition[] = [];
  let partition: MbrPartition | undefined;
  let volumeOffset = 0;
  let boot: DecodedBootSector;
  if (typeof asVolume !== 'string' && opts.partition === undefined) {
    boot = asVolume;
  } else {
    const mbr = decodeMbr(sector0);
    if (!mbr) fail(`neither an MBR partition table nor a FAT32 boot sector (${asVolume})`, 0);
    partitions = mbr!.partitions;
    partition = opts.partition !== undefined
      ? partitions.find((p) => p.index === opts.partition)
      : partitions.find((p) => FAT_PARTITION_TYPES.has(p.type));
    if (!partition) fail(opts.partition !== undefined ? `no partition ${opts.partition + 1} in the MBR` : 'no FAT partition in the MBR', 446);
    volumeOffset = partition!.startLba * SECTOR;
    if (volumeOffset + SECTOR > io.size) fail(`partition ${partition!.index + 1} starts beyond the end of the image`, 446 + 16 * partition!.index + 8);
    const d = decodeBootSector(io.read(volumeOffset, SECTOR));
    if (typeof d === 'string') fail(`partition ${partition!.index + 1} is not FAT32: ${d}`, volumeOffset);
    boot = d as DecodedBootSector;
  }
  if (boot.bytesPerSector !== SECTOR) fail(`${boot.bytesPerSector}-byte sectors are not supported (only 512)`, volumeOffset + 11);
  const clusterBytes = boot.sectorsPerCluster * SECTOR;
  const lastCluster = boot.clusterCount + 1;
  const fatOffset = volumeOffset + (boot.reservedSectors + boot.activeFat * boot.fatSectors) * SECTOR;
  const fatRaw = io.read(fatOffset, (lastCluster + 1) * 4);
  if (fatRaw.length < (lastCluster + 1) * 4) fail('the image ends inside the FAT', fatOffset + fatRaw.length);
  const fat = new DataView(fatRaw.buffer, fatRaw.byteOffset, fatRaw.length);
  const next = (c: number) => fat.getUint32(c * 4, true) & 0x0fffffff;
  const clusterOffset = (c: number) => volumeOffset + (boot.dataStartSector + (c - 2) * boot.sectorsPerCluster) * SECTOR;

  /** A cluster chain as runs of consecutive clusters. */
  const chain = (first: number, what: string, atOffset: number): { start: number; count: number }[] => {
    const runs: { start: number; count: number }[] = [];
    let c = first;
    let seen = 0;
    while (c >= 2 && c < 0x0ffffff8) {
      if (c > lastCluster) fail(`${what}: cluster ${c} is beyond the last cluster ${lastCluster}`, seen === 0 ? atOffset : fatOffset);
      if (++seen > boot.clusterCount) fail(`${what}: the cluster chain loops`, fatOffset + c * 4);
      const last = runs[runs.length - 1];
      if (last && last.start + last.count === c) last.count++;
      else runs.push({ start: c, count: 1 });
      const n = next(c);
      if (n === 0 || n === 1 || n === 0x0ffffff7) fail(`${what}: cluster ${c} links to ${n === 0x0ffffff7 ? 'a bad cluster' : 'a free cluster'}`, fatOffset + c * 4);
      c = n;
    }
    return runs;
  };

  const readDir = (first: number, what: string, atOffset: number): FatDirEntry[] => {
    const out: FatDirEntry[] = [];
    let lfnParts: string[] = [];
    let lfnSum = -1;
    let lfnCount = 0;
    for (const run of chain(first, what, atOffset)) {
      const base = clusterOffset(run.start);
      const bytes = io.read(base, run.count * clusterBytes);
      for (let off = 0; off + 32 <= bytes.length; off += 32) {
        const e = bytes.subarray(off, off + 32);
        if (e[0] === 0x00) return out;
        if (e[0] === 0xe5) { lfnSum = -1; continue; }
        const attr = e[11];
        if ((attr & 0x3f) === ATTR_LONG_NAME) {
          const seq = e[0] & 0x1f;
          if (e[0] & 0x40) { lfnParts = []; lfnSum = e[13]; lfnCount = seq; }
          if (lfnSum !== e[13] || seq < 1 || seq > lfnCount) { lfnSum = -1; continue; }
          let part = '';
          for (const s of LFN_SLOTS) part += String.fromCharCode(e[s] | (e[s + 1] << 8));
          lfnParts[seq - 1] = part;
          continue;
        }
        const packed = e.subarray(0, 11);
        const dv = new DataView(e.buffer, e.byteOffset, 32);
        let longName: string | undefined;
        if (lfnSum === lfnChecksum(packed) && lfnParts.length === lfnCount && Array.from(lfnParts).every((p) => p !== undefined)) {
          const full = lfnParts.join('');
          const end = full.indexOf('\0');
          longName = end >= 0 ? full.slice(0, end) : full;
        }
        lfnSum = -1;
        if (attr & ATTR_VOLUME_ID) continue;
        const short = displayShortName(packed, e[12]);
        if (short === '.' || short === '..') continue;
        out.push({
          name: longName ?? short,
          shortName: String.fromCharCode(...packed),
          isDir: (attr & ATTR_DIRECTORY) !== 0,
          size: dv.getUint32(28, true),
          firstCluster: (dv.getUint16(20, true) << 16) | dv.getUint16(26, true),
          attr,
          entryOffset: base + off,
        });
      }
    }
    return out;
  };

  const rootEntry: FatDirEntry = { name: '', shortName: '', isDir: true, size: 0, firstCluster: boot.rootCluster, attr: ATTR_DIRECTORY, entryOffset: volumeOffset + 44 };
  const split = (p: string) => p.split('/').filter((s) => s.length > 0);
  const lookup = (path: string): FatDirEntry | undefined => {
    let cur = rootEntry;
    for (const part of split(path)) {
      if (!cur.isDir) return undefined;
      const key = part.toUpperCase();
      const found = readDir(cur.firstCluster, `/${path}`, cur.entryOffset).find(
        (e) => e.name.toUpperCase() === key || displayShortName(Buffer.from(e.shortName, 'latin1'), 0) === key,
      );
      if (!found) return undefined;
      cur = found;
    }
    return cur;
  };

  const image: Fat32Image = {
    partitions, partition, volumeOffset, boot, label: boot.label, volumeId: boot.volumeId,
    list(dir = '/') {
      const d = lookup(dir);
      if (!d) throw new UserError(`${io.name}: no directory "${dir}" in the FAT32 volume`);
      if (!d.isDir) throw new UserError(`${io.name}: "${dir}" is a file, not a directory`);
      return readDir(d.firstCluster, dir, d.entryOffset);
    },
    stat: lookup,
    readFile(path) {
      const f = lookup(path);
      if (!f) throw new UserError(`${io.name}: no file "${path}" in the FAT32 volume`);
      if (f.isDir) throw new UserError(`${io.name}: "${path}" is a directory`);
      const out = new Uint8Array(f.size);
      if (f.size === 0) return out;
      let done = 0;
      for (const run of chain(f.firstCluster, path, f.entryOffset)) {
        const want = Math.min(run.count * clusterBytes, f.size - done);
        if (want <= 0) fail(`${path}: the cluster chain is longer than the file size ${f.size}`, f.entryOffset);
        const bytes = io.read(clusterOffset(run.start), want);
        if (bytes.length < want) fail(`${path}: the image ends inside the file's data`, clusterOffset(run.start) + bytes.length);
        out.set(bytes, done);
        done += want;
      }
      if (done < f.size) fail(`${path}: the cluster chain holds ${done} bytes but the entry says ${f.size}`, f.entryOffset);
      return out;
    },
    walk() {
      const out: { path: string; entry: FatDirEntry }[] = [];
      const visit = (dir: FatDirEntry, prefix: string, depth: number) => {
        if (depth > 64) fail(`${prefix}: directories nest deeper than 64 levels (a loop?)`, dir.entryOffset);
        for (const e of readDir(dir.firstCluster, prefix || '/', dir.entryOffset)) {
          const p = prefix ? `${prefix}/${e.name}` : e.name;
          out.push({ path: p, entry: e });
          if (e.isDir) visit(e, p, depth + 1);
        }
      };
      visit(rootEntry, '', 0);
      return out;
    },
    close: () => io.close(),
  };
  return image;
}
