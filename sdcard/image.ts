// `raspvisor image`: the boot files into a partitioned FAT32 image, written to a temporary file
// beside the output and renamed over it only when complete.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../tools/common/diagnostics.ts';
import { collectBootFiles, type BootFile, type BootFiles } from './boot-files.ts';
import { DEFAULT_PARTITION_START, writeImageToFd, type WrittenImage } from './fat32/writer.ts';

const MiB = 1024 * 1024;
/** Smallest default: 4 MiB before the partition plus a 60 MiB FAT32 volume of 512-byte clusters. */
export const DEFAULT_MIN_IMAGE = 64 * MiB;

/** Parses "64M", "1G", "300MiB", "67108864" (bytes) into bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) throw new UserError(`--size ${JSON.stringify(text)}: expected a number with an optional K, M, G or T suffix (binary units), e.g. 64M`);
  const mult = { '': 1, K: 1024, M: MiB, G: 1024 * MiB, T: 1024 * 1024 * MiB }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  const bytes = Math.round(parseFloat(m[1]) * mult);
  if (bytes % 512 !== 0) throw new UserError(`--size ${text}: ${bytes} bytes is not a whole number of 512-byte sectors`);
  return bytes;
}

/** Room for the contents plus a quarter spare, at least 64 MiB, rounded up to a power of two:
 *  QEMU's SD card model refuses other sizes (and real cards come in such sizes anyway). */
export function defaultImageSize(files: { size: number }[]): number {
  const content = files.reduce((s, f) => s + Math.ceil(f.size / 4096) * 4096, 0);
  const want = DEFAULT_PARTITION_START + Math.ceil(content * 1.25) + 8 * MiB;
  let size = DEFAULT_MIN_IMAGE;
  while (size < want) size *= 2;
  return size;
}

export interface ImageResult {
  output: string;
  boot: BootFiles;
  written: WrittenImage;
}

/** Writes `files` as a partitioned image to `output` through a temporary file and a rename. */
export function writeImageFile(output: string, spec: Parameters<typeof writeImageToFd>[1]): WrittenImage {
  const target = path.resolve(output);
  const dir = path.dirname(target);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(target);
  } catch {
    // absent or unreachable: opening the temporary file below reports why
  }
  if (existing?.isDirectory()) throw new UserError(`-o ${output}: is a directory`);
  // A device node would be replaced by a regular file (the rename), not written to.
  if (existing && !existing.isFile()) {
    throw new UserError(`-o ${output}: not a regular file; raspvisor writes an image file, not a device`, {
      notes: ['write the image to a card with dd or Raspberry Pi Imager (docs/sdcard.md)'],
    });
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx');
  } catch (e: any) {
    const why = { ENOENT: `directory ${dir} does not exist`, ENOTDIR: `${dir} is not a directory`, EACCES: `directory ${dir} is not writable`, EROFS: `${dir} is on a read-only file system` }[e.code as string];
    throw new UserError(`cannot write ${output}: ${why ?? e.message}`);
  }
  try {
    const written = writeImageToFd(fd, spec);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
    return written;
  } catch (e: any) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if (e?.code === 'ENOSPC') throw new UserError(`cannot write ${output}: no space left on the device`);
    throw e;
  }
}

export function makeSdImage(opts: { output: string; buildDir: string; images?: string[]; firmwareDir?: string; sizeBytes?: number; label?: string; vmsFile?: string; withFirmware?: boolean }): ImageResult {
  const boot = collectBootFiles({ buildDir: opts.buildDir, images: opts.images, withFirmware: opts.withFirmware ?? true, firmwareDir: opts.firmwareDir, vmsFile: opts.vmsFile });
  const sizeBytes = opts.sizeBytes ?? defaultImageSize(boot.files);
  const written = writeImageFile(opts.output, {
    sizeBytes,
    label: opts.label,
    files: boot.files.map((f) => ({ path: f.name, source: f.source })),
  });
  return { output: opts.output, boot, written };
}

function human(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}

export function describeImage(r: ImageResult): string {
  const w = r.written;
  const p = w.partition;
  const g = w.geometry;
  const lines = [
    `${r.output}: ${human(w.sizeBytes)} (${w.sizeBytes} bytes), MBR disk id 0x${w.diskSignature.toString(16).padStart(8, '0')}`,
    `  partition 1: type 0x${p.type.toString(16).padStart(2, '0')} (FAT32 LBA), sectors ${p.startLba}-${p.startLba + p.sectors - 1} ` +
      `(offset ${human(p.startLba * 512)}, ${human(p.sectors * 512)})`,
    `  FAT32 "${w.label}" serial ${(w.volumeId >>> 16).toString(16).toUpperCase().padStart(4, '0')}-${(w.volumeId & 0xffff).toString(16).toUpperCase().padStart(4, '0')}: ` +
      `${g.clusterCount} clusters of ${g.clusterBytes} bytes, ${w.usedClusters} used, ${human(w.freeClusters * g.clusterBytes)} free`,
    `  firmware: ${r.boot.firmware ? `${r.boot.firmware.origin} from ${r.boot.firmware.dir}` : 'none (enough for the emulator, not for a Pi)'}`,
    '  files:',
    ...r.boot.files.map((f: BootFile) => `    ${f.name.padEnd(24)} ${String(f.size).padStart(10)}  sha256 ${f.sha256}  (${f.role})`),
  ];
  return lines.join('\n');
}
