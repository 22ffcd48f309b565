// Our FAT32 images checked by the reference tools: fsck.fat -n (dosfstools) finds them clean,
// mdir/mcopy (mtools) list every name and extract exactly the bytes written, sfdisk -d shows
// the partition table; and our own reader reads them back.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFat32Image } from '../../sdcard/fat32/reader.ts';
import type { VolumeFile } from '../../sdcard/fat32/writer.ts';
import { extractPartition, fsckClean, hostTree, LONG, MiB, mtoolsExtract, mtoolsPaths, pseudoRandom, sha256, tmpDir, writeImage } from './helpers.ts';

const work = tmpDir('oracle');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const bytes = (s: string | Buffer): VolumeFile['source'] => ({ kind: 'bytes', data: typeof s === 'string' ? Buffer.from(s) : s });

/** Name shapes: 8.3 upper/lower/mixed per part, long names around the 13-character entry size, odd characters. */
const NAME_SHAPES = [
  'KERNEL8.IMG', 'config.txt', 'README.md', 'readme2.MD', 'MiXeD.TxT', 'NOEXT', 'noext2', 'a', 'A.B',
  'mini-os.bin', 'test_binary.bin', 'Makefile', 'x.tar.gz', 'has space.txt', '.hidden', 'trailing.longext',
  'exactly13char', 'exactly26characters-abcdef', 'Ünïcødé-名前.txt', "weird !#$%&'()-@^_`{}~.bin", 'a+b,c;d=e[f].g',
  'L'.repeat(200) + '.dat',
];

function shapesTree(clusterBytes: number): { files: VolumeFile[]; dirs: string[] } {
  const files: VolumeFile[] = NAME_SHAPES.map((n, i) => ({ path: n, source: bytes(`file ${i}: ${n}\n`) }));
  // Sizes around sector and cluster boundaries, and a multi-MiB random file.
  for (const size of new Set([0, 1, 511, 512, 513, clusterBytes - 1, clusterBytes, clusterBytes + 1, 3 * clusterBytes + 7, 5 * MiB + 3])) {
    files.push({ path: `sizes/size-${size}.bin`, source: bytes(pseudoRandom(size, size + 1)) });
  }
  // Enough long names in one directory to span many directory clusters and alias tails past ~9.
  for (let i = 0; i < 300; i++) files.push({ path: `many/long-file-name-number-${String(i).padStart(4, '0')}.data`, source: bytes(`${i}`) });
  files.push({ path: 'overlays/disable-bt.dtbo', source: bytes('dtbo') }, { path: 'overlays/README', source: bytes('overlay readme') });
  files.push({ path: 'deep/er/and/Deeper Still/file.txt', source: bytes('deep') });
  return { files, dirs: ['empty-dir', 'overlays'] };
}

function expectedTree(files: VolumeFile[], dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of dirs) out.set(d, 'dir');
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) out.set(parts.slice(0, i).join('/'), 'dir');
    out.set(f.path, sha256((f.source as { data: Uint8Array }).data));
  }
  return out;
}

const CASES = [
  // The smallest image whose partition still holds 65525 clusters of 512 bytes.
  { name: '38 MiB, 512-byte clusters', size: 38 * MiB, clusterBytes: 512 },
  { name: '300 MiB, 4 KiB clusters (forced)', size: 300 * MiB, clusterBytes: 4096, sectorsPerCluster: 8 },
  ...(LONG ? [{ name: '9 GiB, 2 KiB clusters (default there)', size: 9 * 1024 * MiB, clusterBytes: 2048 }] : []),
];

describe.each(CASES)('image of $name', ({ size, clusterBytes, sectorsPerCluster }) => {
  const img = path.join(work, `img-${size}.img`);
  const { files, dirs } = shapesTree(clusterBytes);
  const written = writeImage(img, { sizeBytes: size, files, dirs, label: 'Test Vol', sectorsPerCluster });
  const start = written.partition.startLba * 512;
  const expected = expectedTree(files, dirs);

  it('has the geometry asked for, with at least 65525 clusters', () => {
    expect(written.geometry.clusterBytes).toBe(clusterBytes);
    expect(written.geometry.clusterCount).toBeGreaterThanOrEqual(65525);
    expect(fs.statSync(img).size).toBe(size);
    expect(start).toBe(4 * MiB);
  });

  it('sfdisk -d shows one FAT32 LBA partition at 4 MiB spanning the rest', async () => {
    const r = await execa('sfdisk', ['-d', img]);
    const lines = r.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toContain('label: dos');
    expect(lines).toContain(`label-id: 0x${written.diskSignature.toString(16).padStart(8, '0')}`);
    const parts = lines.filter((l) => l.startsWith(`${img}`));
    expect(parts).toEqual([`${img}1 : start= 8192, size= ${(size - 4 * MiB) / 512}, type=c`]);
  });

  it('minfo (mtools) reads the boot sector fields we meant', async () => {
    const r = await execa('minfo', ['-i', `${img}@@${start}`, '::'], { env: { MTOOLSRC: '/dev/null' } });
    const field = (name: string) => new RegExp(`^${name}[:=] ?(.*)$`, 'm').exec(r.stdout)?.[1].trim();
    const g = written.geometry;
    expect(field('cluster size')).toBe(`${clusterBytes / 512} sectors`);
    expect(field('reserved \\(boot\\) sectors')).toBe(String(g.reservedSectors));
    expect(field('fats')).toBe('2');
    expect(field('hidden sectors')).toBe(String(start / 512));
    expect(field('big size')).toBe(`${(size - start) / 512} sectors`);
    expect(field('Big fatlen')).toBe(String(g.fatSectors));
    expect(field('rootCluster')).toBe('2');
    expect(field('infoSector location')).toBe('1');
    expect(field('backup boot sector')).toBe('6');
    expect(field('serial number')).toBe(written.volumeId.toString(16).toUpperCase().padStart(8, '0'));
    expect(field('disk label')).toBe('"TEST VOL   "');
    expect(field('disk type')).toBe('"FAT32   "');
  });

  it('fsck.fat -n finds the volume clean', async () => {
    const vol = img + '.vol';
    await extractPartition(img, start, vol);
    const r = await fsckClean(vol);
    fs.rmSync(vol);
    expect(r.output).toContain(`${clusterBytes} bytes per cluster`);
    // Clusters are aligned on the card: the data area starts on a cluster (and 4 KiB) boundary.
    const dataStart = Number(/Data area starts at byte (\d+)/.exec(r.output)![1]);
    expect((start + dataStart) % Math.max(clusterBytes, 4096)).toBe(0);
    expect(r.ok, r.output).toBe(true);
    // dosfstools counts every file and directory (plus the root): nothing lost, nothing extra.
    expect(r.output).toMatch(new RegExp(`: ${expected.size + 1} files, ${written.usedClusters}/${written.geometry.clusterCount} clusters`));
  });

  it('mdir lists every path by its long name, and the label', async () => {
    expect(await mtoolsPaths(img, start)).toEqual([...expected.keys()].sort());
    const r = await execa('mdir', ['-i', `${img}@@${start}`, '::/'], { env: { MTOOLSRC: '/dev/null' } });
    expect(r.stdout).toContain('Volume in drive : is TEST VOL');
  });

  it('mcopy extracts exactly the bytes written', async () => {
    const out = path.join(work, `out-${size}`);
    await mtoolsExtract(img, start, out);
    expect(hostTree(out)).toEqual(expected);
    fs.rmSync(out, { recursive: true });
  });

  it('mdir shows 8.3 names with their case flags and aliases for the rest', async () => {
    const r = await execa('mdir', ['-i', `${img}@@${start}`, '::/'], { env: { LANG: 'C.UTF-8', MTOOLSRC: '/dev/null' } });
    const row = (short: string) => r.stdout.split('\n').find((l) => l.startsWith(short));
    expect(row('KERNEL8  IMG')).toBeDefined(); // upper case: no flags, no long name
    expect(row('config   txt')).toBeDefined(); // both parts lower: NT flags 0x08|0x10
    expect(row('README   md')).toBeDefined(); // only the extension lower: 0x10
    expect(row('readme2  MD')).toBeDefined(); // only the base lower: 0x08
    expect(row('MIXED    TXT')?.trimEnd().endsWith('MiXeD.TxT')).toBe(true); // mixed case: long name, plain alias
    expect(row('HASSPA~1 TXT')?.trimEnd().endsWith('has space.txt')).toBe(true);
  });

  it('our reader reads back every file, directory and the label', () => {
    const fat = openFat32Image(img);
    try {
      expect(fat.label).toBe('TEST VOL');
      expect(fat.volumeId).toBe(written.volumeId);
      const seen = new Map<string, string>();
      for (const { path: p, entry } of fat.walk()) seen.set(p, entry.isDir ? 'dir' : sha256(fat.readFile(p)));
      expect(seen).toEqual(expected);
      expect(fat.stat('OVERLAYS/Disable-BT.DTBO')?.size).toBe(4); // FAT lookups ignore case
      expect(fat.stat('MINI-OS.BIN')?.name).toBe('mini-os.bin');
    } finally {
      fat.close();
    }
  });
});

describe('big files', () => {
  // CI: tens of MiB; RASPVISOR_LONG=1: a few hundred MiB. The input is sparse (mostly zero),
  // and so is the image: the writer skips zero chunks.
  const fileMiB = LONG ? 400 : 40;
  it(`a ${fileMiB} MiB file streams in and out intact, and the image stays sparse`, async () => {
    const src = path.join(work, 'big.bin');
    const fd = fs.openSync(src, 'w');
    const marks = [0, 1 * MiB + 5, (fileMiB / 2) * MiB, fileMiB * MiB - 4096];
    for (const m of marks) fs.writeSync(fd, pseudoRandom(4096, m + 1), 0, 4096, m);
    fs.closeSync(fd);
    const img = path.join(work, 'big.img');
    const w = writeImage(img, { sizeBytes: (fileMiB + 80) * MiB, files: [{ path: 'big file.bin', source: { kind: 'file', path: src } }] });
    expect(fs.statSync(img).blocks * 512).toBeLessThan(8 * MiB); // allocated bytes, far below the image size
    const vol = img + '.vol';
    await extractPartition(img, 4 * MiB, vol);
    const fsck = await fsckClean(vol);
    fs.rmSync(vol);
    expect(fsck.ok, fsck.output).toBe(true);
    const out = path.join(work, 'big-out.bin');
    await execa('mcopy', ['-n', '-i', `${img}@@${4 * MiB}`, '::/big file.bin', out], { env: { MTOOLSRC: '/dev/null' } });
    const want = sha256(fs.readFileSync(src));
    expect(sha256(fs.readFileSync(out))).toBe(want);
    const fat = openFat32Image(img);
    expect(sha256(fat.readFile('/big file.bin'))).toBe(want);
    fat.close();
    expect(w.files[0].size).toBe(fileMiB * MiB);
    for (const f of [src, out, img]) fs.rmSync(f);
  });
});
